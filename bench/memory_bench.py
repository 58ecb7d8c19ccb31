"""``make bench``: the peak memory of one process for the largest input each path accepts.

Each path runs in a fresh Python process (its peak resident memory, ``ru_maxrss``, is the
figure), on real text repeated to the limit: ``analyze()`` and ``klarsprak check`` at the
engine's limit, the quick check and a new text on the web form at the form's limit, a .docx
upload at the upload limit, and one more character, which must be refused with a Swedish
message; an upload of 30 MB (refused on the form) and one over the upload route's cap (413),
streamed from a file so that only the server's memory counts. Target: every peak under 400 MB.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_MB = 400

CHILD = r'''
import io, json, resource, sys, time
sys.path.insert(0, ROOT)
from pathlib import Path
base = "\n\n".join(p.read_text(encoding="utf-8")
                   for p in sorted(Path(ROOT).parent.joinpath("shared/data/official-texts").glob("*.txt")))
def text_of(n):
    return (base * (n // len(base) + 1))[:n]
path, size = sys.argv[1], int(sys.argv[2])
started = time.process_time()
outcome = "ok"
if path == "analyze":
    from klarsprak.analysis.engine import default_analyzer
    try:
        default_analyzer().analyze(text_of(size))
    except Exception as error:
        outcome = "refused: " + str(error)
elif path == "cli":
    import tempfile, contextlib
    from klarsprak import cli
    with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as file:
        file.write(text_of(size))
    with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()) as err:
        try:
            status = cli.main(["check", file.name, "--format", "json"])
        except SystemExit as exit:
            status = exit.code
    outcome = "ok" if status in (0, 1) else "refused: " + err.getvalue().strip()[:120]
else:
    from klarsprak import create_app
    from flask_migrate import upgrade
    import tempfile
    folder = tempfile.mkdtemp()
    app = create_app({"TESTING": True, "WTF_CSRF_ENABLED": False, "SECRET_KEY": "bench", "INSTANCE_PATH": folder,
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{folder}/m.sqlite", "RATELIMIT_ENABLED": False})
    with app.app_context():
        upgrade()
        from klarsprak.review.accounts import create_user
        create_user("skribent", "Skribent", "skribent", "rätt-lösenord-123")
    client = app.test_client()
    client.post("/logga-in", data={"username": "skribent", "password": "rätt-lösenord-123"})
    if path == "web-upload":  # a file of `size` bytes streamed from disk: only the server's memory counts
        from werkzeug.test import EnvironBuilder
        boundary = "klarsprak-minnestest"
        head = "".join(f'--{boundary}\r\nContent-Disposition: form-data; name="{k}"\r\n\r\n{v}\r\n'
                       for k, v in (("title", "Minnestest"), ("kind", "brev"), ("audience", "Någon"), ("body", "")))
        head += (f'--{boundary}\r\nContent-Disposition: form-data; name="document"; filename="stor.docx"\r\n'
                 "Content-Type: application/octet-stream\r\n\r\n")
        stream = tempfile.TemporaryFile()
        stream.write(head.encode())
        chunk = b"x" * 65536
        for _ in range(size // len(chunk)):
            stream.write(chunk)
        stream.write(b"x" * (size % len(chunk)) + f"\r\n--{boundary}--\r\n".encode())
        length = stream.tell()
        stream.seek(0)
        def status_mb(key):
            line = next(x for x in open("/proc/self/status") if x.startswith(key + ":"))
            return int(line.split()[1]) / 1024
        # The process's peak so far (the language models, scrypt at login) would hide this
        # request's: reset the high-water mark to the memory in use now (Linux: clear_refs 5).
        with open("/proc/self/clear_refs", "w") as refs:
            refs.write("5")
        before_mb = status_mb("VmRSS")
        response = client.open(EnvironBuilder(path="/texter/ny", method="POST", input_stream=stream,
                                              content_length=length,
                                              content_type=f"multipart/form-data; boundary={boundary}").get_environ())
    elif path == "web-check":
        response = client.post("/snabbkoll", data={"text": text_of(size)})
    elif path in ("web-new", "web-review"):
        # Not only the post: the writer's page analyses the text and shows every finding, and a
        # reviewer's reading view renders the masked copy with its marks (the heavier requests).
        import re
        made = client.post("/texter/ny", data={"title": "Minnestest", "kind": "brev", "audience": "",
                                               "body": text_of(size)})
        assert made.status_code == 302, made.status_code
        page_path = made.headers["Location"]
        response = client.get(page_path)
        if path == "web-review":
            text_id = page_path.rstrip("/").rsplit("/", 1)[1]
            client.post(f"/texter/{text_id}/maskera-alla")
            lock = re.search(r'name="lock_version"[^>]*value="(\d+)"', client.get(page_path).get_data(as_text=True))
            sent = client.post(f"/texter/{text_id}/skicka", data={"lock_version": lock.group(1) if lock else "1"})
            assert sent.status_code == 302, sent.status_code
            with app.app_context():
                create_user("granskare", "Granskare", "granskare", "rätt-lösenord-123")
            client.post("/logga-ut")
            client.post("/logga-in", data={"username": "granskare", "password": "rätt-lösenord-123"})
            claimed = client.post(f"/granska/{text_id}/ta")
            assert claimed.status_code == 302, claimed.status_code
            response = client.get(f"/granska/{text_id}")
    else:  # web-docx: as many characters as the form takes, or a file as large as the upload limit
        import docx
        document = docx.Document()
        chars = 0
        if path == "web-docx":  # paragraphs up to `size` characters (joined with blank lines), no more
            while chars < size:
                paragraph = (base * 2)[chars % len(base):][:min(2000, size - chars)].strip() or "Hej."
                document.add_paragraph(paragraph)
                chars += len(paragraph) + 2
            out = io.BytesIO()
            document.save(out)
        while path == "web-docx-file":
            for _ in range(50):
                document.add_paragraph(base[chars % len(base):][:2000] or base[:2000])
                chars += 2000
            out = io.BytesIO()
            document.save(out)
            if out.tell() >= size:
                break
        out.seek(0)
        response = client.post("/texter/ny", data={"title": "Minnestest", "kind": "brev", "audience": "",
                                                   "document": (out, "minnestest.docx")},
                               content_type="multipart/form-data")
        if response.status_code == 302:  # accepted: the writer's page analyses it, as for a pasted text
            response = client.get(response.headers["Location"])
    body = response.get_data(as_text=True)
    refused = "för lång" in body or "för stor" in body or "Gränsen" in body or "större än" in body
    outcome = f"HTTP {response.status_code}" + (" refused in Swedish" if refused else "")
    if path == "web-upload":
        outcome += f", the request's own peak {status_mb('VmHWM') - before_mb:.1f} MB over the {before_mb:.0f} MB in use"
print(json.dumps({"peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                  "cpu_s": time.process_time() - started, "outcome": outcome}))
'''


def run(path: str, size: int) -> dict:
    with tempfile.TemporaryDirectory():
        result = subprocess.run([sys.executable, "-c", CHILD.replace("ROOT", repr(str(ROOT))), path, str(size)],
                                capture_output=True, text=True, cwd=ROOT, timeout=900)
    lines = [line for line in result.stdout.splitlines() if line.startswith("{")]
    if not lines:
        return {"peak_mb": float("nan"), "cpu_s": 0.0, "outcome": "crashed: " + result.stderr.strip()[-200:]}
    return json.loads(lines[-1])


def main() -> None:
    from klarsprak.analysis.document import MAX_CHARS
    from klarsprak.review.services import MAX_CHARS as FORM_CHARS
    from klarsprak.web.texts import MAX_UPLOAD_BYTES, UPLOAD_REQUEST_BYTES

    started = time.perf_counter()
    print(f"klarsprak memory bench: peak resident memory of one process per path (target < {TARGET_MB} MB)")
    cases = [("analyze", "analyze()", MAX_CHARS), ("analyze", "analyze(), one character too many", MAX_CHARS + 1),
             ("cli", "klarsprak check FILE", MAX_CHARS), ("web-check", "quick check form", FORM_CHARS),
             ("web-new", "new text form, then its page", FORM_CHARS),
             ("web-review", "sent, claimed, reviewer's reading view", FORM_CHARS),
             ("web-docx", ".docx upload of a long text", FORM_CHARS - 5_000),
             ("web-docx-file", ".docx upload at the size limit", MAX_UPLOAD_BYTES - 65536),
             ("web-upload", "upload of 30 MB (refused on the form)", 30 * 1024 * 1024),
             ("web-upload", "upload over the route's cap (413)", UPLOAD_REQUEST_BYTES + 1)]
    for path, label, size in cases:
        figures = run(path, size)
        mark = "ok" if figures["peak_mb"] < TARGET_MB else "OVER"
        print(f"  {label:<40} {size:>9,} {'bytes' if path in ('web-docx-file', 'web-upload') else 'chars'}: peak {figures['peak_mb']:.1f} MB "
              f"[{mark}], CPU {figures['cpu_s']:.1f} s, {figures['outcome'][:90]}")
    print(f"  memory bench ran in {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    main()
