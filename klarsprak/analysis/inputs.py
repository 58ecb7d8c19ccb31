"""Read input files (.txt, .md, .docx, or standard input) into text, or fail in plain Swedish."""

from __future__ import annotations

from pathlib import Path

from klarsprak.analysis.docx_reader import read_docx
from klarsprak.analysis.errors import (
    AnalysisError,
    BinaryInputError,
    EncodingError,
    UnsupportedFileError,
)

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text", ""}
MAX_DOCX_BYTES = 20 * 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x7fELF", ZIP_MAGIC,
                b"\xd0\xcf\x11\xe0")


MAX_FILE_BYTES = 50 * 1024 * 1024  # read no further; the character limit applies after decoding


def _too_large(size: int, limit: int) -> AnalysisError:
    return AnalysisError(
        f"Filen är för stor ({size / 1_048_576:.1f} MB). Gränsen är {limit // 1_048_576} MB."
    )


def decode_text(data: bytes) -> str:
    """Decode UTF-8 bytes (a byte-order mark is dropped); say which byte is wrong if any."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise EncodingError.utf16()
    if data.startswith(BINARY_MAGIC) or b"\x00" in data[:8192]:
        raise BinaryInputError("Filen")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise EncodingError(data[error.start], error.start) from error


def read_bytes(data: bytes, name: str = "-") -> str:
    """Turn file contents into text according to the file name (or the content for stdin)."""
    suffix = Path(name).suffix.lower() if name != "-" else ""
    if suffix == ".docx" or (name == "-" and data.startswith(ZIP_MAGIC)):
        if len(data) > MAX_DOCX_BYTES:
            raise _too_large(len(data), MAX_DOCX_BYTES)
        return read_docx(data)
    if suffix in TEXT_SUFFIXES:
        return decode_text(data)
    raise UnsupportedFileError(Path(name).name)


def read_path(path: str) -> str:
    """Read a file from disk; missing or unreadable files raise :class:`AnalysisError`."""
    file = Path(path)
    try:
        if file.is_dir():
            raise AnalysisError(f"”{path}” är en mapp, inte en fil.")
        if Path(path).suffix.lower() not in TEXT_SUFFIXES | {".docx"}:
            raise UnsupportedFileError(file.name)
        size = file.stat().st_size
        limit = MAX_DOCX_BYTES if file.suffix.lower() == ".docx" else MAX_FILE_BYTES
        if size > limit:
            raise _too_large(size, limit)
        data = file.read_bytes()
    except FileNotFoundError:
        raise AnalysisError(f"Filen ”{path}” finns inte.") from None
    except PermissionError:
        raise AnalysisError(f"Du har inte behörighet att läsa filen ”{path}”.") from None
    except IsADirectoryError:
        raise AnalysisError(f"”{path}” är en mapp, inte en fil.") from None
    return read_bytes(data, path)
