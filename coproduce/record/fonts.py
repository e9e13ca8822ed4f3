"""Fonts for the PDF record, and safe Paragraph markup with per-character font fallback.

reportlab's Paragraph uses one font per run and draws a box for any character the font lacks. This
module registers the fonts shipped in ``resources/fonts`` (shaping on) and turns untrusted plain text into
Paragraph markup in which every run of characters is wrapped in ``<font face=...>`` naming a font that has
glyphs for it.

The emoji font is monochrome, so emoji sequences are simplified first (:func:`simplify_emoji`): presentation
selectors, skin-tone modifiers and the ZWJ between emoji are dropped (the base emoji print one after another),
a flag prints as its region code ("[GB]") and a keycap as "[1]". A character no font has prints as a visible
"[U+XXXX]", never as an anonymous replacement character; invisible format characters no font has are dropped.

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
HANGUL_FONT = "CoHangul"
EMOJI_FONT = "CoEmoji"
EMOJI2_FONT = "CoEmoji2"

# Registered name -> file in resources/fonts. The order is the fallback order for letters.
FONT_FILES: dict[str, str] = {
    BODY_FONT: "NotoSans-Regular.ttf",
    ARABIC_FONT: "Amiri-Regular.ttf",
    "CoBengali": "NotoSansBengali-Regular.ttf",
    "CoDevanagari": "NotoSansDevanagari-Regular.ttf",
    "CoGurmukhi": "NotoSansGurmukhi-Regular.ttf",
    "CoGujarati": "NotoSansGujarati-Regular.ttf",
    "CoTamil": "NotoSansTamil-Regular.ttf",
    # Before the CJK font, which has only three Hangul syllables; a subset holding no Han or kana (README).
    HANGUL_FONT: "CoproduceHangul-Regular.ttf",
    CJK_FONT: "DroidSansFallbackFull.ttf",
    SYMBOL_FONT: "DejaVuSans.ttf",
    # Monochrome emoji (Symbola subset, emoji up to Unicode 10); after DejaVu Sans, so symbols DejaVu has keep
    # its look. Then newer pictographs (🩺 🩹 🪑 …) Symbola lacks, from Noto Sans Symbols 2.
    EMOJI_FONT: "Symbola-EmojiSubset.ttf",
    EMOJI2_FONT: "NotoSansSymbols2-EmojiSubset.ttf",
}
BOLD_FILES: dict[str, str] = {BOLD_FONT: "NotoSans-Bold.ttf"}
FALLBACK_ORDER: tuple[str, ...] = tuple(FONT_FILES)
# Pictographs from U+1F000 on come from the emoji font first, so "😀👍" is drawn in one style (DejaVu Sans
# has the emoticons block too, in another style); older symbols such as ✓ ❤ keep DejaVu Sans.
_EMOJI_FIRST_FROM = 0x1F000
_EMOJI_FIRST_ORDER: tuple[str, ...] = (
    EMOJI_FONT,
    EMOJI2_FONT,
    *(f for f in FALLBACK_ORDER if f not in (EMOJI_FONT, EMOJI2_FONT)),
)
# Fonts whose shaped output (ligatures, contextual forms) belongs to right-to-left scripts.
RTL_FONTS: frozenset[str] = frozenset({ARABIC_FONT, SYMBOL_FONT})

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


# Emoji sequences a monochrome font cannot draw as one picture (see simplify_emoji).
_ZWJ = "\u200d"
_PRESENTATION_SELECTORS = frozenset("\ufe0e\ufe0f")
_SKIN_TONES = frozenset(map(chr, range(0x1F3FB, 0x1F400)))
_REGIONAL_INDICATORS = range(0x1F1E6, 0x1F200)
_TAGS = range(0xE0020, 0xE007F)
_CANCEL_TAG = "\U000e007f"
_BLACK_FLAG = "\U0001f3f4"
_KEYCAP = "\u20e3"
_KEYCAP_BASES = frozenset("0123456789#*")
_SEQUENCE_CHARS = frozenset(
    (
        _ZWJ,
        _KEYCAP,
        _CANCEL_TAG,
        *_PRESENTATION_SELECTORS,
        *_SKIN_TONES,
        *map(chr, _REGIONAL_INDICATORS),
        *map(chr, _TAGS),
    )
)


def _is_pictograph(char: str) -> bool:
    """Emoji and other pictographic symbols (category So); never a letter, mark or digit of any script."""
    return unicodedata.category(char) == "So"


def simplify_emoji(text: str) -> str:
    """Rewrite emoji sequences a monochrome font has no single glyph for into what it can print.

    - presentation selectors U+FE0E/U+FE0F are dropped;
    - a skin-tone modifier (U+1F3FB–U+1F3FF) after an emoji is dropped (a lone one keeps its swatch glyph);
    - a ZWJ between two emoji is dropped, so "👨‍👩‍👧" prints as 👨👩👧; a ZWJ anywhere else (Arabic, Indic
      conjuncts) is kept, as shaping needs it;
    - a pair of regional indicators becomes its region code in brackets ("🇬🇧" -> "[GB]"), a lone one its
      letter ("[G]"); a subdivision flag (black flag + tag characters) becomes e.g. "[GB-SCT]";
    - a keycap sequence ("1️⃣") becomes "[1]".
    """
    if _SEQUENCE_CHARS.isdisjoint(text):
        return text
    chars = [c for c in text if c not in _PRESENTATION_SELECTORS]
    out: list[str] = []
    i, n = 0, len(chars)
    while i < n:
        ch = chars[i]
        cp = ord(ch)
        prev = out[-1][-1] if out else ""  # last character printed so far ("]" after "[GB]")
        after_emoji = bool(prev) and _is_pictograph(prev)
        if after_emoji and (ch in _SKIN_TONES or (ch == _ZWJ and i + 1 < n and _is_pictograph(chars[i + 1]))):
            pass  # dropped: a skin tone, or the ZWJ joining two emoji
        elif cp in _REGIONAL_INDICATORS:
            letters = chr(cp - 0x1F1E6 + ord("A"))
            if i + 1 < n and ord(chars[i + 1]) in _REGIONAL_INDICATORS:
                i += 1
                letters += chr(ord(chars[i]) - 0x1F1E6 + ord("A"))
            out.append(f"[{letters}]")
        elif ch == _BLACK_FLAG and i + 1 < n and ord(chars[i + 1]) in _TAGS:
            end = i + 1
            while end < n and ord(chars[end]) in _TAGS:
                end += 1
            tag = "".join(chr(ord(c) - 0xE0000) for c in chars[i + 1 : end]).upper()
            out.append(f"[{tag[:2]}-{tag[2:]}]" if len(tag) > 2 else f"[{tag}]")
            i = end if end < n and chars[end] == _CANCEL_TAG else end - 1
        elif ch == _KEYCAP and prev in _KEYCAP_BASES:
            out[-1] = f"[{prev}]"
        else:
            out.append(ch)
        i += 1
    return "".join(out)


def _is_invisible(char: str) -> bool:
    """Format characters and selectors that draw nothing (dropped, not replaced, when no font has them)."""
    cp = ord(char)
    return (
        unicodedata.category(char) == "Cf"
        or 0xFE00 <= cp <= 0xFE0F
        or 0xE0000 <= cp <= 0xE0FFF
        or 0x180B <= cp <= 0x180F
        or cp in (0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x3164, 0xFFA0)
    )


def placeholder(char: str) -> str:
    """The visible stand-in printed for a character no registered font has, e.g. "[U+1FAE8]"."""
    return f"[U+{ord(char):04X}]"


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
    order = _EMOJI_FIRST_ORDER if ord(char) >= _EMOJI_FIRST_FROM else FALLBACK_ORDER
    found = next((name for name in order if char in chars[name]), None)
    _font_of_char[char] = found
    return found


def font_runs(text: str) -> list[tuple[str, str]]:
    """Split cleaned text into (font name, text) runs; neutral characters join the run beside them.

    Emoji sequences are first simplified (:func:`simplify_emoji`). Characters no font has print as
    :func:`placeholder` text ("[U+XXXX]") in the body font, or are dropped if they are invisible.
    """
    text = simplify_emoji(text)
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
            if _is_invisible(ch):
                continue
            ch, font = placeholder(ch), BODY_FONT
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
