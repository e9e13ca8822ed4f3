"""The record's text layer, checked on real PDFs with poppler (word positions, extracted text, fonts).

These tests pin the reportlab internals that coproduce.record.rtl relies on: run them when upgrading
reportlab.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import unicodedata
from dataclasses import dataclass
from html import unescape
from pathlib import Path

import pytest
import reportlab
from reportlab.lib.pagesizes import A4, A6
from reportlab.platypus import Flowable, SimpleDocTemplate
from reportlab.platypus import paragraph as rl_paragraph

from coproduce.record.fonts import (
    ARABIC_FONT,
    BODY_FONT,
    CJK_FONT,
    Trusted,
    clean_text,
    compose,
    font_runs,
    to_markup,
)
from coproduce.record.text import DOC_FONT_KWARGS, markup_paragraph, paragraph, styles

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None, reason="poppler-utils missing"
)

MARGIN = 72.0
RIGHT_EDGE = A4[0] - MARGIN - 6  # frame padding is 6 pt
LEFT_EDGE = MARGIN + 6


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    x_max: float
    y_min: float
    y_max: float


def build(
    tmp_path: Path, story: list[Flowable], name: str = "t.pdf", pagesize: tuple[float, float] = A4
) -> Path:
    path = tmp_path / name
    doc = SimpleDocTemplate(
        str(path),
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN if pagesize == A4 else 20,
        bottomMargin=MARGIN if pagesize == A4 else 20,
        **DOC_FONT_KWARGS,
    )
    doc.build(story)
    return path


def lines_of(pdf: Path) -> list[list[Word]]:
    """Lines of words from ``pdftotext -bbox-layout``, words in left-to-right (visual) order."""
    out = subprocess.run(
        ["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = []
    for block in re.findall(r"<line.*?</line>", out, re.S):
        words = [
            Word(unescape(t), float(a), float(c), float(b), float(d))
            for a, b, c, d, t in re.findall(
                r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)</word>', block
            )
        ]
        lines.append(sorted(words, key=lambda w: w.x_min))
    return lines


def plain_text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    return unicodedata.normalize("NFC", out)


def fonts_of(pdf: Path) -> list[list[str]]:
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    return [row.split() for row in out.splitlines()[2:]]


def same_word(extracted: str, logical: str) -> bool:
    """pdftotext gives right-to-left words in visual (reversed) character order."""
    e = unicodedata.normalize("NFC", extracted)
    return e in (logical, logical[::-1])


def rtl_reading_order(line: list[Word]) -> list[str]:
    return [w.text for w in sorted(line, key=lambda w: -w.x_max)]


def assert_words(extracted: list[str], logical: list[str]) -> None:
    assert len(extracted) == len(logical), (extracted, logical)
    for e, lg in zip(extracted, logical, strict=True):
        assert same_word(e, lg), (e, lg, extracted)


URDU = "ہم نے آج صحت کے بارے میں بات کی"
ARABIC = "اجتمعنا اليوم لمناقشة الخدمات الصحية"
PERSIAN = "ما امروز درباره سلامت صحبت کردیم"


@needs_poppler
@pytest.mark.parametrize("text", [URDU, ARABIC, PERSIAN], ids=["urdu", "arabic", "persian"])
def test_rtl_paragraph_word_order_and_right_alignment(tmp_path: Path, text: str) -> None:
    lines = lines_of(build(tmp_path, [paragraph(text)]))
    assert len(lines) == 1
    line = lines[0]
    assert_words(rtl_reading_order(line), text.split())
    # First logical word is the rightmost one, flush with the right edge; the line starts far from the left.
    assert same_word(line[-1].text, text.split()[0])
    assert line[-1].x_max == pytest.approx(RIGHT_EDGE, abs=2)
    assert line[0].x_min > LEFT_EDGE + 100


@needs_poppler
def test_long_rtl_paragraph_wraps_with_first_words_on_top_line(tmp_path: Path) -> None:
    words = (ARABIC + " " + URDU + " " + PERSIAN).split() * 4
    lines = lines_of(build(tmp_path, [paragraph(" ".join(words))]))
    assert len(lines) >= 3
    assert lines[0][0].y_min < lines[1][0].y_min  # top line first
    reading = [w for line in lines for w in rtl_reading_order(line)]
    assert_words(reading, words)
    assert same_word(rtl_reading_order(lines[0])[0], words[0])
    for line in lines:
        assert line[-1].x_max == pytest.approx(RIGHT_EDGE, abs=2)
    assert lines[0][0].x_min < LEFT_EDGE + 60  # a full line reaches the left side


@needs_poppler
def test_rtl_paragraph_split_over_pages_keeps_order(tmp_path: Path) -> None:
    words = (ARABIC + " " + URDU).split() * 30
    pdf = build(tmp_path, [paragraph(" ".join(words))], pagesize=A6)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = re.search(r"Pages:\s+(\d+)", info)
    assert pages is not None and int(pages.group(1)) >= 2
    reading = [w for line in lines_of(pdf) for w in rtl_reading_order(line)]
    assert_words(reading, words)


@needs_poppler
def test_number_and_english_inside_arabic_keep_their_own_order(tmp_path: Path) -> None:
    text = "نلتقي في 50 Station Road يوم الاثنين"
    (line,) = lines_of(build(tmp_path, [paragraph(text)]))
    visual = [w.text for w in line]
    i = visual.index("50")
    assert visual[i : i + 3] == ["50", "Station", "Road"]
    # Arabic on both sides in right-to-left order: "في" right of the address, "يوم" left of it.
    assert_words(visual[:i][::-1], ["يوم", "الاثنين"])
    assert_words(visual[i + 3 :][::-1], ["نلتقي", "في"])
    assert line[-1].x_max == pytest.approx(RIGHT_EDGE, abs=2)


@needs_poppler
def test_english_paragraph_with_arabic_phrase_stays_left_to_right(tmp_path: Path) -> None:
    text = "We met at the مركز المجتمع today and talked"
    (line,) = lines_of(build(tmp_path, [paragraph(text)]))
    visual = [w.text for w in line]
    assert visual[:4] == ["We", "met", "at", "the"]
    assert visual[-3:] == ["today", "and", "talked"]
    assert_words(visual[4:6], ["المجتمع", "مركز"])  # the phrase itself reads right to left
    assert line[0].x_min == pytest.approx(LEFT_EDGE, abs=2)


@needs_poppler
def test_punctuation_and_digits_in_arabic_use_the_arabic_font(tmp_path: Path) -> None:
    assert [f for f, _ in font_runs("(مرحبا) — ٢٠٢٤")] == [ARABIC_FONT]
    (line,) = lines_of(build(tmp_path, [paragraph("عام ٢٠٢٤ (مرحبا)")]))
    assert_words(rtl_reading_order(line), ["عام", "٢٠٢٤", "(مرحبا)"[::-1]])  # mirrored brackets read back


SCRIPTS = {
    "bengali": "আমরা স্বাস্থ্য নিয়ে কথা বললাম কোথায়",
    "devanagari": "हमने स्वास्थ्य के बारे में बात की",
    "gurmukhi": "ਅਸੀਂ ਸਿਹਤ ਬਾਰੇ ਗੱਲ ਕੀਤੀ",
    "gujarati": "અમે આરોગ્ય વિશે વાત કરી",
    "tamil": "நாங்கள் சுகாதாரம் பற்றி பேசினோம்",
    "chinese": "我们今天讨论了健康服务。",
    "greek": "Συζητήσαμε για την υγεία",
    "cyrillic": "Мы говорили о здоровье",
    "latin": "Café naïve façade — “quoted” 50 %",
}


@needs_poppler
def test_scripts_extract_back_and_every_font_is_embedded(tmp_path: Path) -> None:
    pdf = build(tmp_path, [paragraph(t) for t in SCRIPTS.values()])
    text = " ".join(plain_text(pdf).split())
    for name, sample in SCRIPTS.items():
        assert sample in text, name
    assert "\ufffd" not in text
    assert not any(0xE000 <= ord(c) < 0xF900 for c in text)  # no private-use glyph codes leak out
    rows = fonts_of(pdf)
    names = {row[0].split("+")[-1] for row in rows}
    assert {"NotoSans-Regular", "NotoSansBengali-Regular", "DroidSansFallback"} <= names
    assert all(row[-5] == "yes" for row in rows), rows  # emb column
    assert not any("Helvetica" in row[0] for row in rows)


@needs_poppler
def test_markup_injection_is_literal_text(tmp_path: Path) -> None:
    payload = (
        '<b>bold</b> <font size=40>x</font> <a href="http://evil">link</a> '
        '<img src="/etc/passwd"/> & <script>'
    )
    pdf = build(tmp_path, [paragraph(payload)])
    assert payload in " ".join(plain_text(pdf).split())
    raw = pdf.read_bytes()
    assert b"/Annot" not in raw and b"/Link" not in raw and b"http://evil" not in raw
    assert b"/Subtype /Image" not in raw and b"/XObject" not in raw
    assert {row[0].split("+")[-1] for row in fonts_of(pdf)} == {"NotoSans-Regular"}  # nothing went bold
    words = [w for line in lines_of(pdf) for w in line]
    assert max(w.y_max - w.y_min for w in words) < 15  # nothing went to 40 pt


@needs_poppler
def test_bidi_overrides_and_controls_are_stripped(tmp_path: Path) -> None:
    spoof = "invoice\u202efdp.exe \u2066x\u2069 a\x00b\x07c\u202a\u202b\u202c\u202d"
    assert clean_text(spoof) == "invoicefdp.exe x abc"
    assert to_markup(spoof) == "invoicefdp.exe x abc"
    assert "invoicefdp.exe x abc" in plain_text(build(tmp_path, [paragraph(spoof)]))


def test_font_runs_pick_a_font_per_script() -> None:
    markup = to_markup("Hi 你好 مرحبا ✓ नमस्ते")
    assert markup.startswith("Hi ")
    assert f'<font face="{CJK_FONT}">你好 </font>' in markup
    assert f'<font face="{ARABIC_FONT}">مرحبا </font>' in markup
    assert '<font face="CoDevanagari">नमस्ते</font>' in markup
    assert '<font face="CoSymbols">' in markup
    assert to_markup("a\nb\tc & <d>") == "a<br/>b c &amp; &lt;d&gt;"
    assert to_markup("\U000e0001") == ""  # an invisible tag character no font has is dropped


@needs_poppler
def test_trusted_labels_combine_with_untrusted_values(tmp_path: Path) -> None:
    value = "<i>Amina</i> أمينة"
    pdf = build(tmp_path, [markup_paragraph(compose(Trusted("<b>Name:</b> "), value), styles().body)])
    assert "Name: <i>Amina</i>" in plain_text(pdf)
    assert "NotoSans-Bold" in {row[0].split("+")[-1] for row in fonts_of(pdf)}


def test_reportlab_internals_we_patch_are_in_place() -> None:
    assert reportlab.Version == "5.1.0"
    assert rl_paragraph.shapeFragWord.__name__ == "_dispatch_shape"
    assert styles().body.fontName == BODY_FONT
