"""Word-level "what changed" (klarsprak/web/diffing.py): whole words marked with <ins>/<del> and
a hidden "Tillagt:"/"Borttaget:", on both comparison pages, from the masked copies only."""

from __future__ import annotations

import html
import re

import pytest

from klarsprak.review import personal_data, services
from klarsprak.web import diffing, review, texts
from klarsprak.web.diffing import diff_html, tokens, word_diff

INS = re.compile(r'<ins><span class="visually-hidden">Tillagt: </span>(.*?)</ins>', re.S)
DEL = re.compile(r'<del><span class="visually-hidden">Borttaget: </span>(.*?)</del>', re.S)


def marks(html: str) -> tuple[list[str], list[str]]:
    return DEL.findall(html), INS.findall(html)


def test_a_changed_ending_marks_the_whole_word():
    # A letter diff would mark only "s" -> "t"; a reader needs the word.
    assert marks(diff_html("Bistånd beviljas i dag.", "Bistånd beviljat i dag.")) == (["beviljas"], ["beviljat"])


def test_neighbouring_changes_read_as_one_and_unchanged_words_stay_plain():
    html = diff_html("Socialnämnden har erhållit Er ansökan om bistånd.", "Socialnämnden har fått din ansökan om bistånd.")
    assert marks(html) == (["erhållit Er"], ["fått din"])
    assert html.startswith("Socialnämnden har ") and html.endswith(" ansökan om bistånd.")


def test_a_change_stays_in_its_paragraph():
    old = "Ring oss om du undrar.\n\nBistånd beviljas med 500 kronor."
    new = "Ring oss om du har frågor.\n\nDu får 500 kronor."
    deleted, inserted = marks(diff_html(old, new))
    assert (deleted, inserted) == (["undrar", "Bistånd beviljas med"], ["har frågor", "Du får"])
    assert "\n" not in "".join(deleted + inserted)


def test_a_placeholder_is_one_word():
    assert marks(diff_html("Ring [NAMN 1] i dag.", "Ring [NAMN 12] i dag.")) == (["[NAMN 1]"], ["[NAMN 12]"])
    assert marks(diff_html("Skriv till [E-POST 1].", "Skriv till [E-POST 2].")) == (["[E-POST 1]"], ["[E-POST 2]"])


def test_spacing_alone_is_no_change_and_marks_hold_no_spacing():
    assert marks(diff_html("Ett  två\ntre", "Ett två\n\ntre")) == ([], [])
    html = diff_html("Hej du där.\n\nVi ses.", "Hej där.\nVi ses i morgon.")
    deleted, inserted = marks(html)
    assert deleted == ["du"] and inserted == ["i morgon"]
    assert all(m == m.strip() for m in deleted + inserted)
    assert "Hej <del>" in html and "</del> där." in html  # the removed word does not run into the next


def test_text_is_escaped():
    new = "<script>alert(1)</script> & klar"
    page = diff_html("<b>fet</b> & klar", new)
    assert "<script" not in page and "<b>" not in page and "&amp; klar" in page
    # Without the removed words and the marks, what is left is the new text, escaped.
    shown = re.sub(r"<[^>]+>", "", DEL.sub("", page.replace('<span class="visually-hidden">Tillagt: </span>', "")))
    assert html.unescape(shown) == new


@pytest.mark.parametrize("text", ["", "Hej!", "e-post, 6 450 kr; [NAMN 1]… 😀\t\r\n", "a\u0301b ﬁ ÅÄÖ"])
def test_the_words_are_the_whole_text(text):
    assert "".join(tokens(text)) == text


def test_the_diff_rebuilds_both_versions():
    old, new = "Vi har tagit emot din ansökan. Du får svar.", "Vi har fått ansökan i dag. Du får svar i morgon!"
    diffs = word_diff(old, new)
    assert "".join(chunk for op, chunk in diffs if op <= 0) == old
    assert "".join(chunk for op, chunk in diffs if op >= 0) == new


def test_more_distinct_words_than_the_characters_below_the_surrogates():
    # Each distinct word stands in for one character; past 55,296 the stand-ins skip the surrogates.
    old = " ".join(f"ord{n}" for n in range(60_000))
    new = old.replace("ord59990", "nytt")
    assert marks(diff_html(old, new)) == (["ord59990"], ["nytt"])


def test_both_comparison_pages_use_this_module():
    assert texts.diff_html is diffing.diff_html and review.diff_html is diffing.diff_html


# --- On the pages: only the masked copies --------------------------------------------------------------

NAME, PHONE = "Tolvan Tolvansson", "070-123 45 67"
OLD_BODY = f"Vi har erhållit din ansökan. Ring {NAME} på {PHONE} om du undrar. Bistånd beviljas."
NEW_BODY = f"Vi har fått din ansökan. Ring {NAME} på {PHONE} om du har frågor. Du får bistånd."


@pytest.fixture
def revised(make_user, make_text):
    """A text with a name and a phone number in both versions (masked before each submit): the
    reviewer asked for changes on version 1, and version 2 is sent."""
    author, reviewer = make_user("skribent"), make_user("granskare")
    text = services.create_text(author, f"Beslut för {NAME}", "beslut", "Den som har sökt", OLD_BODY)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    services.claim(reviewer, text)
    services.decide(reviewer, text, vardat=3, enkelt=2, begripligt=2, summary="", decision="changes")
    services.new_version(author, text, NEW_BODY, text.lock_version)
    personal_data.mask_all(author, text)
    services.submit(author, text)
    return author, reviewer, text


def original_parts() -> list[str]:
    return [NAME, *NAME.split(), PHONE, "123 45 67"]


def test_the_reviewers_page_marks_words_of_the_masked_copies(login, revised):
    _author, reviewer, text = revised
    page = login(reviewer).get(f"/granska/{text.id}/andringar").text
    deleted, inserted = marks(page)
    assert "erhållit" in deleted and "fått" in inserted
    assert "undrar" in " ".join(deleted) and "har frågor" in " ".join(inserted)
    assert "[NAMN 1]" in page and "[TELEFON 1]" in page  # unchanged, so not marked
    assert not any("[NAMN" in m for m in deleted + inserted)
    for part in original_parts():
        assert part not in page


def test_the_compare_page_for_anyone_but_the_author_is_masked(login, make_user, revised):
    _author, _reviewer, text = revised
    page = login(make_user("kommunikator")).get(f"/texter/{text.id}/jamfor").text
    deleted, inserted = marks(page)
    assert "erhållit" in deleted and "fått" in inserted
    for part in original_parts():
        assert part not in page


def test_the_author_compares_the_originals_word_by_word(login, revised):
    author, _reviewer, text = revised
    deleted, inserted = marks(login(author).get(f"/texter/{text.id}/jamfor").text)
    assert "erhållit" in deleted and "fått" in inserted and "Du får bistånd" in " ".join(inserted)
