"""Read the text of a .docx file safely: paragraphs and headings in order, tables included.

Checked before python-docx opens the file: that it is a zip at all (an encrypted or old .doc
file is an OLE container), and that it does not unpack to something enormous (a zip bomb).
"""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph

from klarsprak.analysis.errors import DocumentError

OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # encrypted .docx and old .doc files
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
MAX_RATIO = 200  # a real .docx compresses about 5-20 times; bombs a thousand times or more
MAX_ENTRIES = 5_000


def _check_archive(data: bytes) -> None:
    if data.startswith(OLE_MAGIC):
        raise DocumentError(
            "Dokumentet är lösenordsskyddat eller sparat i det gamla .doc-formatet. "
            "Ta bort lösenordet eller spara som .docx och försök igen."
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile as error:
        raise DocumentError("Dokumentet går inte att öppna. Filen är skadad eller inte en .docx-fil.") from error
    infos = archive.infolist()
    unpacked = sum(info.file_size for info in infos)
    packed = sum(info.compress_size for info in infos) or 1
    if len(infos) > MAX_ENTRIES or unpacked > MAX_UNPACKED_BYTES or (
        unpacked > 10 * 1024 * 1024 and unpacked / packed > MAX_RATIO
    ):
        raise DocumentError(
            "Dokumentet blir orimligt stort när det packas upp och öppnas inte av säkerhetsskäl."
        )
    if "word/document.xml" not in archive.namelist():
        raise DocumentError("Dokumentet går inte att öppna. Filen är skadad eller inte en .docx-fil.")


def _blocks(document) -> list[str]:
    """Text of each paragraph and each table cell's paragraphs, in document order."""
    texts: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            texts.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                for cell in row.cells:
                    texts.extend(p.text for p in cell.paragraphs)
    return texts


def read_docx(data: bytes) -> str:
    """Return the document's text: one paragraph per block, separated by blank lines."""
    _check_archive(data)
    try:
        document = Document(io.BytesIO(data))
        blocks = _blocks(document)
    except Exception as error:  # python-docx raises many types for broken XML; all mean "corrupt"
        raise DocumentError("Dokumentet går inte att läsa. Filen kan vara skadad.") from error
    paragraphs = [block.strip() for block in blocks if block.strip()]
    return "\n\n".join(paragraphs) + ("\n" if paragraphs else "")
