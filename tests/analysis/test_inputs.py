"""Bad input gets a clear Swedish error (an AnalysisError) and never a traceback."""

from __future__ import annotations

import io
import zipfile

import docx
import pytest

from klarsprak.analysis.errors import (
    AnalysisError,
    BinaryInputError,
    DocumentError,
    EmptyTextError,
    EncodingError,
    NotSwedishError,
    TextTooLongError,
)
from klarsprak.analysis.inputs import read_bytes, read_path

ENGLISH = ("The committee has received your application for financial assistance and will review it "
           "as soon as possible. You will be notified of the decision by mail within three weeks of "
           "the date on which all documents were received by the office.")


@pytest.mark.parametrize("text", ["", "   \n\t  "])
def test_empty_text(analyzer, text):
    with pytest.raises(EmptyTextError, match="tom"):
        analyzer.analyze(text)


def test_five_megabyte_text_is_refused(analyzer):
    with pytest.raises(TextTooLongError, match="för lång"):
        analyzer.analyze("Vi har fått din ansökan. " * 210_000)


def test_binary_text(analyzer):
    with pytest.raises(BinaryInputError, match="binära"):
        analyzer.analyze("Hej\x00\x01\x02 du")


def test_non_swedish_text(analyzer):
    with pytest.raises(NotSwedishError, match="svenska"):
        analyzer.analyze(ENGLISH)


def test_errors_are_value_errors_with_swedish_text():
    assert issubclass(AnalysisError, ValueError)
    assert "Texten är tom" in str(EmptyTextError())


def test_invalid_utf8_names_the_byte():
    data = "Hej på dig".encode() + b"\xff" + b" igen"
    with pytest.raises(EncodingError) as error:
        read_bytes(data, "brev.txt")
    assert "0xff" in str(error.value) and f"position {len('Hej på dig'.encode())}" in str(error.value)


def test_latin1_file_is_explained():
    with pytest.raises(EncodingError, match="UTF-8"):
        read_bytes("Du får pengar till hyran".encode("latin-1"), "brev.txt")


def test_bom_is_dropped():
    assert read_bytes(b"\xef\xbb\xbfHej", "brev.txt") == "Hej"


def test_binary_file():
    with pytest.raises(BinaryInputError):
        read_bytes(b"\x89PNG\r\n\x1a\n" + bytes(100), "bild.txt")


def test_unsupported_suffix(tmp_path):
    path = tmp_path / "brev.pdf"
    path.write_bytes(b"%PDF-1.4")
    with pytest.raises(AnalysisError, match="stöds inte"):
        read_path(str(path))


def test_missing_file():
    with pytest.raises(AnalysisError, match="finns inte"):
        read_path("finns-inte.txt")


def make_docx() -> bytes:
    document = docx.Document()
    document.add_heading("Beslut om ekonomiskt bistånd", level=1)
    document.add_paragraph("Vi har erhållit din ansökan.")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Hyra"
    table.rows[0].cells[1].text = "6 450 kronor"
    document.add_paragraph("Bistånd beviljas.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_real_docx_keeps_headings_paragraphs_and_tables():
    text = read_bytes(make_docx(), "beslut.docx")
    assert text == ("Beslut om ekonomiskt bistånd\n\nVi har erhållit din ansökan.\n\nHyra\n\n"
                    "6 450 kronor\n\nBistånd beviljas.\n")


def test_docx_from_stdin_is_recognised():
    assert "erhållit" in read_bytes(make_docx(), "-")


def test_corrupt_docx():
    data = make_docx()
    with pytest.raises(DocumentError, match="skadad"):
        read_bytes(data[: len(data) // 2], "beslut.docx")


def test_zip_without_document_xml():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hej.txt", "hej")
    with pytest.raises(DocumentError, match="skadad"):
        read_bytes(buffer.getvalue(), "beslut.docx")


def test_password_protected_docx():
    # Word saves encrypted documents as an OLE compound file, not a zip.
    data = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(1024)
    with pytest.raises(DocumentError, match="lösenordsskyddat"):
        read_bytes(data, "hemligt.docx")


def test_docx_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", b"<w:document/>")
        archive.writestr("word/media/bomb.bin", bytes(150 * 1024 * 1024))
    assert len(buffer.getvalue()) < 1024 * 1024
    with pytest.raises(DocumentError, match="orimligt stort"):
        read_bytes(buffer.getvalue(), "bomb.docx")
