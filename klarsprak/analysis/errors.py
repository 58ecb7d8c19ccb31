"""Errors raised for input that cannot be analysed.

Every error carries a one-line message in plain Swedish, meant for the person who gave the input;
the CLI prints it as is and exits with status 2, and the web app shows it next to the form.
"""

from __future__ import annotations


class AnalysisError(ValueError):
    """Base class: the input cannot be analysed. ``str(error)`` is a Swedish sentence."""


class EmptyTextError(AnalysisError):
    """The text is empty or holds only white space."""

    def __init__(self) -> None:
        super().__init__("Texten är tom. Skriv eller klistra in en text.")


class TextTooLongError(AnalysisError):
    """The text is longer than the limit."""

    def __init__(self, length: int, limit: int) -> None:
        super().__init__(
            f"Texten är för lång: {length:,} tecken. Gränsen är {limit:,} tecken. "
            "Dela upp texten i flera delar.".replace(",", " ")
        )


class BinaryInputError(AnalysisError):
    """The input looks like binary data, not text."""

    def __init__(self, what: str = "Indata") -> None:
        super().__init__(f"{what} verkar inte vara text utan binära data (till exempel en bild).")


class EncodingError(AnalysisError):
    """The bytes are not valid UTF-8."""

    def __init__(self, byte: int, position: int) -> None:
        self.byte = byte
        self.position = position
        super().__init__(
            f"Texten är inte giltig UTF-8: byte 0x{byte:02x} på position {position} går inte att "
            "läsa. Spara filen som UTF-8 och försök igen."
        )


    @classmethod
    def utf16(cls) -> EncodingError:
        """The file is UTF-16 (Windows "Unicode"), recognised by its byte-order mark."""
        error = cls.__new__(cls)
        error.byte, error.position = 0xFF, 0
        AnalysisError.__init__(error, "Filen är sparad som UTF-16. Spara den som UTF-8 och försök igen.")
        return error


class NotSwedishError(AnalysisError):
    """The text does not look like Swedish."""

    def __init__(self) -> None:
        super().__init__(
            "Texten verkar inte vara på svenska. Klarspråkskontrollen fungerar bara för svensk text."
        )


class DocumentError(AnalysisError):
    """A .docx file is corrupt, protected or unsafe to open."""


class UnsupportedFileError(AnalysisError):
    """The file type is not one we read."""

    def __init__(self, name: str) -> None:
        super().__init__(
            f"Filtypen för ”{name}” stöds inte. Använd .txt, .md eller .docx."
        )
