"""Where the app's folders are: the top-level ``rules/``, ``templates/`` and ``migrations/`` of
a source checkout, or their copies inside an installed package (see setup.py)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

FOLDERS = ("rules", "templates", "migrations")


def _package() -> Path:
    # Wheels install unzipped, so the package is a real directory (Jinja and Alembic need one).
    return Path(str(files("klarsprak")))


def checkout_root() -> Path | None:
    """The repository when running from a source checkout (not from an installed wheel)."""
    root = _package().parent
    return root if (root / "pyproject.toml").is_file() and (root / "migrations").is_dir() else None


def folder(name: str) -> Path:
    """The directory ``name`` (one of ``FOLDERS``): the installed copy inside the package, else
    the checkout's top-level folder."""
    if name not in FOLDERS:
        raise ValueError(f"unknown folder {name!r}; one of {FOLDERS}")
    installed = _package() / name
    if installed.is_dir():
        return installed
    root = checkout_root()
    if root is not None and (root / name).is_dir():
        return root / name
    raise FileNotFoundError(f"Hittar inte mappen {name}/ i paketet klarsprak eller bredvid det.")
