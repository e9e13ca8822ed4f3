"""Fonts for the PDF record, and safe Paragraph markup with per-character font fallback.

reportlab's Paragraph uses one font per run and draws a box for any character the font lacks. This
module registers the fonts shipped in ``resources/fonts`` (shaping on) and turns untrusted plain text into
Paragraph markup in which every run of characters is wrapped in ``<font face=...>`` naming a font that has
glyphs for it.

Untrusted text is escaped with :func:`xml.sax.saxutils.escape` (so ``<b>``, ``<a href>``, ``<img src>`` in
a contribution stay literal text) and stripped of C0/C1 control characters and of the bidi embedding,
override and isolate controls (U+202A–U+202E, U+2066–U+2069), which could make text display misleadingly.

Styles that use the markup must have :data:`BODY_FONT` or :data:`BOLD_FONT` as ``fontName``: runs the body
font covers carry no ``<font>`` tag and inherit the style's font (so ``<b>`` and bold styles work for Latin).
"""

from __future__ import annotations

import threading
import unicodedata
from dataclasses import dataclass
from xml.sax.saxutils import escape

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from coproduce.resources import resource

BODY_FONT = "CoSans"
BOLD_FONT = "CoSans-Bold"
ARABIC_FONT = "CoArabic"
CJK_FONT = "CoCJK"
SYMBOL_FONT = "CoSymbols"

# Registered name -> file in resources/fonts. The order is the fallback order for letters.
FONT_FILES: dict[str, str] = {
    BODY_FONT: "NotoSans-Regular.ttf",
    ARABIC_FONT: "Amiri-Regular.ttf",
    "CoBengali": "NotoSansBengali-Regular.ttf",
    "CoDevanagari": "NotoSansDevanagari-Regular.ttf",
    "CoGurmukhi": "NotoSansGurmukhi-Regular.ttf",
    "CoGujarati": "NotoSansGujarati-Regular.ttf",
    "CoTamil": "NotoSansTamil-Regular.ttf",
    CJK_FONT: "DroidSansFallbackFull.ttf",
    SYMBOL_FONT: "DejaVuSans.ttf",
}
BOLD_FILES: dict[str, str] = {BOLD_FONT: "NotoSans-Bold.ttf"}
FALLBACK_ORDER: tuple[str, ...] = tuple(FONT_FILES)
# Fonts whose shaped output (ligatures, contextual forms) belongs to right-to-left scripts.
RTL_FONTS: frozenset[str] = frozenset({ARABIC_FONT, SYMBOL_FONT})

_REPLACEMENT = "\ufffd"
_BIDI_CONTROLS = (*range(0x202A, 0x202F), *range(0x2066, 0x206A))
_C0_C1 = (*(c for c in range(0x20) if c not in (0x09, 0x0A)), *range(0x7F, 0xA0))
# \r\n and \r become \n; tabs become spaces; controls are deleted.
_CLEAN_TABLE: dict[int, str | None] = {c: None for c in (*_BIDI_CONTROLS, *_C0_C1)}
_CLEAN_TABLE[0x09] = " "
_CLEAN_TABLE[0x0D] = "\n"


@dataclass(frozen=True)
class _Coverage:
    """Character maps of the registered fonts, as sets of one-character strings for fast subset tests."""

    chars: dict[str, frozenset[str]]
    body: frozenset[str]


_lock = threading.Lock()
_coverage: _Coverage | None = None
_font_of_char: dict[str, str | None] = {}


def register_fonts() -> None:
    """Register the record's fonts with reportlab (once; later calls return at once)."""
    global _coverage
    if _coverage is not None:
        return
    with _lock:
        if _coverage is not None:
            return
        chars: dict[str, frozenset[str]] = {}
        for name, filename in (*FONT_FILES.items(), *BOLD_FILES.items()):
            # Look in the registry directly: getFont() on an unknown name parses every AFM file on the system
            # (about half a second per name) before giving up.
            if name in pdfmetrics.getRegisteredFontNames():
                font = pdfmetrics.getFont(name)
            else:
                font = TTFont(name, str(resource("fonts", filename)), shapable=True)
                pdfmetrics.registerFont(font)
            # reportlab 5.1 only gives a font its private-glyph hook when hbFont() is called; without this a
            # shaped word that spans fonts raises AttributeError 'hbAddPrivate'.
            font.hbFont()
            chars[name] = frozenset(map(chr, font.face.charToGlyph))
        for name in FONT_FILES:
            bold = BOLD_FONT if name == BODY_FONT else name
            for is_bold, is_italic, face in ((0, 0, name), (1, 0, bold), (0, 1, name), (1, 1, bold)):
                addMapping(name, is_bold, is_italic, face)
        addMapping(BOLD_FONT, 0, 0, BOLD_FONT)
        addMapping(BOLD_FONT, 1, 0, BOLD_FONT)
        addMapping(BOLD_FONT, 0, 1, BOLD_FONT)
        addMapping(BOLD_FONT, 1, 1, BOLD_FONT)
        _coverage = _Coverage(chars=chars, body=chars[BODY_FONT])


def _cov() -> _Coverage:
    if _coverage is None:
        register_fonts()
    assert _coverage is not None
    return _coverage


def font_covers(font_name: str, char: str) -> bool:
    """True if the registered font has a glyph for the character."""
    return char in _cov().chars[font_name]


def clean_text(text: str) -> str:
    """Drop control characters (except newline and tab) and bidi overrides/isolates; normalise line ends."""
    return text.replace("\r\n", "\n").translate(_CLEAN_TABLE)


def _is_strong(char: str) -> bool:
    """Letters pick their own font; digits, punctuation, spaces, marks and format characters follow them."""
    return unicodedata.category(char)[0] == "L"


def _own_font(char: str) -> str | None:
    """First font in fallback order with a glyph for the character (cached)."""
    try:
        return _font_of_char[char]
    except KeyError:
        pass
    chars = _cov().chars
    found = next((name for name in FALLBACK_ORDER if char in chars[name]), None)
    _font_of_char[char] = found
    return found


def font_runs(text: str) -> list[tuple[str, str]]:
    """Split cleaned text into (font name, text) runs; neutral characters join the run beside them.

    Characters no font has are replaced by U+FFFD, or dropped if they are invisible format characters.
    """
    chars = _cov().chars
    n = len(text)
    fonts: list[str | None] = [None] * n
    for i, ch in enumerate(text):
        if _is_strong(ch):
            fonts[i] = _own_font(ch)
    # Neutrals take the font of the run before them if it has the glyph, else the run after, else their own.
    prev: str | None = None
    for i, ch in enumerate(text):
        font = fonts[i]
        if font is not None and _is_strong(ch):
            prev = font
        elif prev is not None and ch in chars[prev]:
            fonts[i] = prev
    nxt: str | None = None
    for i in range(n - 1, -1, -1):
        font = fonts[i]
        if font is not None:
            nxt = font
        elif nxt is not None and text[i] in chars[nxt]:
            fonts[i] = nxt
        else:
            fonts[i] = _own_font(text[i])
    runs: list[tuple[str, str]] = []
    buf: list[str] = []
    cur = ""
    for ch, font in zip(text, fonts, strict=True):
        if font is None:
            if unicodedata.category(ch) in ("Cf", "Mn", "Me"):
                continue
            ch, font = _REPLACEMENT, _own_font(_REPLACEMENT) or BODY_FONT
        if font != cur and buf:
            runs.append((cur, "".join(buf)))
            buf = []
        cur = font
        buf.append(ch)
    if buf:
        runs.append((cur, "".join(buf)))
    return runs


def _escape_lines(text: str) -> str:
    return escape(text).replace("\n", "<br/>")


def to_markup(text: str) -> str:
    """Paragraph markup for untrusted plain text: cleaned, escaped, each run in a font that has its glyphs.

    Newlines become ``<br/>``. Runs in :data:`BODY_FONT` carry no ``<font>`` tag, so they inherit the
    style's font and any enclosing ``<b>``.
    """
    text = clean_text(text)
    if text.isascii() or set(text) <= _cov().body:
        return _escape_lines(text)
    parts: list[str] = []
    for font, run in font_runs(text):
        if font == BODY_FONT:
            parts.append(_escape_lines(run))
        else:
            parts.append(f'<font face="{font}">{_escape_lines(run)}</font>')
    return "".join(parts)


class Trusted(str):
    """Markup written by our own code (e.g. ``<b>Name:</b>``); :func:`compose` passes it through unescaped.

    Never wrap user input in Trusted.
    """

    __slots__ = ()


def compose(*parts: str) -> str:
    """Join trusted markup and untrusted values: ``compose(Trusted("<b>Name:</b> "), name)``.

    Plain ``str`` parts are treated as untrusted and go through :func:`to_markup`; :class:`Trusted` parts are
    used as they are.
    """
    return "".join(p if isinstance(p, Trusted) else to_markup(p) for p in parts)


def bold(text: str) -> Trusted:
    """An untrusted value rendered in bold (Latin in Noto Sans Bold; other scripts in their regular face)."""
    return Trusted(f"<b>{to_markup(text)}</b>")
