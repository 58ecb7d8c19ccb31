"""The ``klarsprak`` command: ``check`` texts, list ``rules``, ``mask`` personal data.

``check`` and ``rules`` use the repository's rules unless ``--rules-file`` (a file exported from
the app's rule pages) or ``--rules-from-db`` (the app's database) asks for the municipality's
own (:mod:`klarsprak.rule_sources`).

Exit status of ``check``: 0 nothing at or above ``--fail-on``, 1 findings at or above it,
2 usage or input error (a one-line Swedish message on stderr, never a traceback).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import replace

from klarsprak.analysis.engine import default_analyzer
from klarsprak.analysis.errors import AnalysisError
from klarsprak.analysis.findings import Report, severity_rank
from klarsprak.analysis.inputs import read_bytes, read_path
from klarsprak.analysis.metrics import lix_band
from klarsprak.rule_sources import RuleSourceError, analyzer_for

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    """argparse that exits with 2 and a Swedish one-line message on usage errors."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_ERROR, f"klarsprak: fel i kommandot: {message} (se klarsprak --help)\n")


def _add_rule_source(command: argparse.ArgumentParser) -> None:
    """``--rules-file`` or ``--rules-from-db``; neither: the repository's rules."""
    source = command.add_mutually_exclusive_group()
    source.add_argument("--rules-file", metavar="REGELFIL",
                        help="använd kommunens regler från en fil som laddats ner på sidan Regler i appen "
                             "(”Ladda ner ändringarna”)")
    source.add_argument("--rules-from-db", action="store_true",
                        help="använd kommunens regler från appens databas (DATABASE_URL, annars appens "
                             "SQLite-fil i instance/); databasen bara läses")


def build_parser() -> argparse.ArgumentParser:
    """The command line: ``check``, ``rules`` and ``mask``."""
    parser = _Parser(prog="klarsprak", description="Klarspråkskontroll av svenska texter. Reglerna är "
                     "repots (rules/) om du inte väljer --rules-file eller --rules-from-db.")
    commands = parser.add_subparsers(dest="command", parser_class=_Parser)
    check = commands.add_parser("check", help="granska texter (.txt, .md, .docx eller - för stdin)")
    check.add_argument("files", nargs="+", metavar="FIL", help="filer att granska, eller - för stdin")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument(
        "--fail-on", choices=("info", "suggestion", "warning", "never"), default="warning",
        help="avsluta med status 1 om något hittas på denna nivå eller högre (standard: warning)",
    )
    check.add_argument(
        "--disable", action="append", default=[], metavar="REGEL-ELLER-KATEGORI",
        help="stäng av en regel (id) eller kategori; kan anges flera gånger eller kommaseparerat",
    )
    check.add_argument("--tips", action="store_true",
                       help="visa också tips (sådant som en van skribent kan välja att låta stå)")
    _add_rule_source(check)
    rules = commands.add_parser("rules", help="lista alla regler som används")
    rules.add_argument("--format", choices=("text", "json"), default="text")
    _add_rule_source(rules)
    masking = commands.add_parser("mask", help="skriv en kopia utan personuppgifter")
    masking.add_argument("file", metavar="FIL", help=".txt, .md eller .docx")
    masking.add_argument("-o", "--output", metavar="UTFIL", help="standard: FIL.maskerad.txt")
    return parser


def _line_col(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def format_text(report: Report) -> str:
    """Compiler-style lines ``file:line:col: severity: message [rule]`` and a summary."""
    name = report.file or "-"
    lines = []
    for finding in report.findings:
        line, col = _line_col(report.text, finding.start)
        shown = [s for s in finding.suggestions if s not in finding.message]
        hint = f" Förslag: {', '.join(shown)}." if shown else ""
        lines.append(f"{name}:{line}:{col}: {finding.severity}: {finding.message}{hint} [{finding.rule}]")
    m = report.metrics
    lines.append(
        f"{name}: {m.words} ord, {m.sentences} meningar, {m.avg_sentence_length:.1f} ord per mening, "
        f"LIX {m.lix:.0f} ({lix_band(m.lix)}), OVIX {m.ovix:.0f}, nominalkvot {m.nominal_ratio:.2f}, "
        f"passiv i {m.passive_share:.0%} av meningarna, långa ord {m.long_word_share:.0%}, "
        f"{len(report.findings)} anmärkningar"
    )
    return "\n".join(lines)


def _disabled(values: Sequence[str]) -> list[str]:
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def _analyzer(args: argparse.Namespace):
    """The analyzer for the chosen rules, or None after a one-line Swedish message on stderr."""
    try:
        return analyzer_for(args.rules_file, args.rules_from_db)
    except RuleSourceError as error:
        print(f"klarsprak: {error}", file=sys.stderr)
        return None


def run_check(args: argparse.Namespace) -> int:
    analyzer = _analyzer(args)
    if analyzer is None:
        return EXIT_ERROR
    disabled = _disabled(args.disable)
    # Every shipped rule is known, also one the municipality has switched off.
    shipped = default_analyzer().rules
    known = {r.id for r in shipped} | {r.category for r in shipped}
    unknown = [d for d in disabled if d not in known]
    if unknown:
        print(f"klarsprak: okänd regel eller kategori: {', '.join(unknown)} (se klarsprak rules)",
              file=sys.stderr)
        return EXIT_ERROR
    reports = []
    failed = False
    for name in args.files:
        try:
            text = read_bytes(sys.stdin.buffer.read(), "-") if name == "-" else read_path(name)
            report = analyzer.analyze(text, disabled=disabled, file=name)
            if not args.tips:  # tips only on request, as in the web
                report = replace(report, findings=[f for f in report.findings if f.shown_by_default])
            reports.append(report)
        except AnalysisError as error:
            print(f"klarsprak: {name}: {error}", file=sys.stderr)
            failed = True
    if args.format == "json":
        data = [r.to_dict() for r in reports]
        print(json.dumps(data[0] if len(args.files) == 1 and data else data, ensure_ascii=False, indent=2))
    else:
        for report in reports:
            print(format_text(report))
    if failed:
        return EXIT_ERROR
    if args.fail_on == "never":
        return EXIT_OK
    threshold = severity_rank(args.fail_on)
    worst = [r.worst_severity() for r in reports]
    return EXIT_FINDINGS if any(w and severity_rank(w) >= threshold for w in worst) else EXIT_OK


def run_rules(args: argparse.Namespace) -> int:
    analyzer = _analyzer(args)
    if analyzer is None:
        return EXIT_ERROR
    rules = analyzer.rules
    if args.format == "json":
        print(json.dumps([r.to_dict() for r in rules], ensure_ascii=False, indent=2))
        return EXIT_OK
    for rule in rules:
        print(f"{rule.id} [{rule.category}, {rule.severity}]: {rule.message}")
        for entry in rule.parameters.get("entries", []):
            print(f"    {entry['phrase']} -> {', '.join(entry.get('suggestions') or [])}")
    return EXIT_OK


def run_mask(args: argparse.Namespace) -> int:
    """Write a copy where every personal detail is replaced by a numbered placeholder."""
    from pathlib import Path

    from klarsprak.analysis.document import make_doc, validate_text
    from klarsprak.privacy import detect, mask

    try:
        text = read_path(args.file)
        validate_text(text)
    except AnalysisError as error:
        print(f"klarsprak: {args.file}: {error}", file=sys.stderr)
        return EXIT_ERROR
    data = detect(make_doc(default_analyzer().nlp, text))
    source = Path(args.file)
    target = Path(args.output) if args.output else source.with_name(f"{source.stem}.maskerad.txt")
    try:
        target.write_text(mask(text, data), encoding="utf-8")
    except OSError as error:
        print(f"klarsprak: kan inte skriva {target}: {error.strerror}", file=sys.stderr)
        return EXIT_ERROR
    kinds = sorted({d.label for d in data})
    print(f"{target}: {len(data)} personuppgifter maskerade" + (f" ({', '.join(kinds)})" if kinds else ""))
    return EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``klarsprak`` console script."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help(sys.stderr)
        return EXIT_ERROR
    try:
        return {"check": run_check, "rules": run_rules, "mask": run_mask}[args.command](args)
    except BrokenPipeError:
        return EXIT_OK
    except KeyboardInterrupt:
        print("klarsprak: avbrutet", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())
