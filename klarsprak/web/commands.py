"""``flask --app klarsprak …`` commands: create-user and demo data."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask, current_app
from sqlalchemy import func, select

from klarsprak.extensions import db
from klarsprak.resources import checkout_root
from klarsprak.review import accounts, personal_data, services
from klarsprak.review.audit import audit
from klarsprak.review.models import Role, Text, User
from klarsprak.review.passwords import MIN_LENGTH
from klarsprak.web import daily_command, database_commands, demo_history

BUILT_IN_TEXTS = {
    "Beslut om ekonomiskt bistånd": (
        "beslut",
        "Socialnämnden har erhållit Er ansökan om ekonomiskt bistånd. Beträffande hyran har beslut "
        "fattats i enlighet med 4 kap. 1 § socialtjänstlagen, varvid bistånd beviljas med 6 450 kronor.",
    ),
    "Kallelse till möte": ("kallelse", "Du är välkommen till ett möte med din handläggare på måndag klockan 10."),
}
DEMO_USERS = [
    ("skribent", "Sara Skribent", Role.WRITER),
    ("granskare", "Gunnar Granskare", Role.REVIEWER),
    ("granskare2", "Greta Granskare", Role.REVIEWER),
    ("kommunikator", "Kim Kommunikatör", Role.COMMUNICATOR),
    ("admin", "Alva Admin", Role.ADMIN),
]


# Titles for the shared sample files; others get a title made from the file name.
SAMPLE_TITLES = {
    "beslut-ekonomiskt-bistand-krangligt": "Beslut om ekonomiskt bistånd (krånglig version)",
    "beslut-ekonomiskt-bistand-klarsprak": "Beslut om ekonomiskt bistånd (klarspråk)",
    "kallelse-mote": "Kallelse till möte",
    "brev-med-personuppgifter": "Brev med personuppgifter (prova att maskera)",
    "utvecklingsdag-inbjudan": "Inbjudan till utvecklingsdag",
    "utvecklingsdag-program": "Program för utvecklingsdagen",
}


def _demo_texts() -> dict[str, tuple[str, str]]:
    # The shared sample letters beside a checkout; an installed package uses the built-in texts.
    root = checkout_root()
    samples = root.parent / "shared" / "samples" if root else None
    if samples is None or not samples.is_dir():
        return BUILT_IN_TEXTS
    kinds = {"beslut": "beslut", "kallelse": "kallelse", "brev": "brev", "utvecklingsdag": "webbtext"}
    texts = {}
    for path in sorted(samples.glob("*")):
        if path.suffix not in (".txt", ".md"):
            continue
        kind = next((k for prefix, k in kinds.items() if path.stem.startswith(prefix)), "annat")
        title = SAMPLE_TITLES.get(path.stem, path.stem.replace("-", " ").capitalize())
        texts[title] = (kind, path.read_text(encoding="utf-8"))
    return texts or BUILT_IN_TEXTS


def register(app: Flask) -> None:
    """Add the commands to ``flask --app klarsprak`` (database ones in ``database_commands``)."""
    database_commands.register(app)
    daily_command.register(app)

    @app.cli.command("create-user")
    @click.argument("username")
    @click.option("--name", "display_name", default=None, help="Namnet som visas.")
    @click.option("--role", type=click.Choice([r.value for r in Role]), default=Role.WRITER.value)
    @click.password_option(help=f"Lösenord (minst {MIN_LENGTH} tecken).")
    def create_user_command(username: str, display_name: str | None, role: str, password: str) -> None:
        """Skapa en användare."""
        try:
            accounts.create_user(username, display_name or username, role, password)
        except services.WorkflowError as exc:
            raise click.ClickException(str(exc)) from None
        click.echo(f"Användaren {username} ({role}) är skapad.")

    @app.cli.command("purge")
    def purge_command() -> None:
        """Ta bort originalen till texter som blev godkända eller arkiverade för mer än
        RETENTION_DAYS dagar sedan (de maskerade kopiorna och loggen finns kvar)."""
        days = current_app.config.get("RETENTION_DAYS")
        if days is None:
            raise click.ClickException(
                "RETENTION_DAYS är inte satt, så inget tas bort. Texterna är allmänna handlingar: "
                "gallring kräver ett beslut enligt arkivlagen. Sätt RETENTION_DAYS när ni har ett sådant beslut.")
        count = services.purge_expired(int(days))
        click.echo(f"Originalen är borttagna för {count} texter (äldre än {days} dagar).")

    @app.cli.command("erase")
    @click.argument("text_id", type=int)
    def erase_command(text_id: int) -> None:
        """Ta bort originalen till en text, till exempel när någon begär det (GDPR art. 17)."""
        text = db.session.get(Text, text_id)
        if text is None:
            raise click.ClickException(f"Det finns ingen text med nummer {text_id}.")
        if text.purged_at is not None:
            click.echo(f"Originalen till text {text_id} är redan borttagna.")
            return
        services.erase_originals(text, None, "request")
        db.session.commit()
        click.echo(f"Originalen till text {text_id} är borttagna. Den maskerade kopian finns kvar.")

    @app.cli.command("close-demo-users")
    def close_demo_users_command() -> None:
        """Stäng demokontona: servern startar inte i produktion medan de finns. Loggen behåller dem."""
        usernames = [username for username, _name, _role in DEMO_USERS]
        closed = 0
        for user in db.session.scalars(select(User).where(User.username.in_(usernames), User.active.is_(True))):
            user.active = False
            user.session_version += 1  # cookies already handed out stop working
            audit(None, "user_updated", None, user_id=user.id, role=user.role, active=False)
            closed += 1
        db.session.commit()
        click.echo(f"{closed} demokonton är stängda.")

    @app.cli.command("seed-demo")
    def seed_demo() -> None:
        """Lägg in demoanvändare och exempeltexter om databasen är tom. Skriver ut lösenorden."""
        saved = Path(current_app.instance_path) / "demo-passwords.txt"
        if db.session.scalar(select(func.count()).select_from(User)):
            click.echo("Databasen har redan användare; inga demodata läggs till.")
            if saved.exists():  # not printed again: terminals and logs keep what they show
                click.echo(f"Demolösenorden står i {saved} (bara du kan läsa filen).")
            return
        lines = ["Demoanvändare (logga in på /logga-in):"]
        for username, name, role in DEMO_USERS:
            password = secrets.token_urlsafe(9)
            accounts.create_user(username, name, role.value, password)
            lines.append(f"  {role.label:<14} användarnamn: {username:<13} lösenord: {password}")
        # Kept in instance/ (never committed) so that every `make run` can show them again.
        saved.parent.mkdir(parents=True, exist_ok=True)
        saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
        saved.chmod(0o600)
        click.echo(saved.read_text(encoding="utf-8"), nl=False)
        writer = db.session.scalar(select(User).where(User.username == "skribent"))
        for title, (kind, body) in _demo_texts().items():
            text = services.create_text(writer, title, kind, "Den som har sökt hjälp", body)
            # Decisions and notices go to the queue, masked; the letters stay drafts so that a
            # writer can try the personal-data choices ("brev-med-personuppgifter") themselves.
            if kind in ("beslut", "kallelse"):
                personal_data.mask_all(writer, text)  # e.g. the office phone number in a letter
                services.submit(writer, text)
        demo_history.add_history()  # half a year of reviews: the overview, charts and arvode have data
        click.echo(f"{db.session.scalar(select(func.count()).select_from(Text))} exempeltexter är inlagda.")
