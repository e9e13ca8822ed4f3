"""Right-to-left paragraphs and text shaping for the record (pinned to reportlab 5.1.0 internals).

reportlab 5.1 shapes words with HarfBuzz but lays the words of an Arabic or Urdu line out left to right, and
its shaper (``ttfonts.shapeFragWord``) shapes a whole word with the font of its first character. This module:

* shapes each run of a word with its own font and an explicit direction (right-to-left letters RTL, digits and
  Latin LTR), so ``(`` beside Arabic letters or ``2024`` inside an Arabic word come out right;
* gives every shaped glyph that is not a plain one-character glyph a private code point whose ToUnicode
  entry is the text of its cluster, so ligatures (lam-alef), Indic conjuncts and shared Arabic glyphs (Farsi
  yeh / alef maksura) extract back as the characters that were typed;
* :class:`BidiParagraph` lets reportlab wrap in logical order, then rebuilds each line in visual order with
  the Unicode bidi algorithm (python-bidi), paragraph direction from the first strong character, and
  right-aligns right-to-left paragraphs.

The internals touched (``paragraph.shapeFragWord``, ``ttfonts.makeToUnicodeCMap``, ``FragLine.words``,
``ShapedStr``/``ShapeData``) are covered by ``tests/record/test_text_rendering.py``: run it when upgrading.
"""

from __future__ import annotations

import contextvars
import re
import unicodedata
from collections.abc import Iterator, Sequence
from copy import copy
from typing import Any

import uharfbuzz
from bidi import algorithm as uba
from reportlab.lib.enums import TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.paragraph import Paragraph

from coproduce.record.fonts import RTL_FONTS, register_fonts

_RTL_CLASSES = frozenset({"R", "AL"})
_PUA = range(0xE000, 0xF900)
_SPACE_SPLIT = re.compile(r" +|[^ ]+")


def _build_simple() -> frozenset[str]:
    """Characters drawn correctly without shaping (no marks, no contextual forms, left to right)."""
    ranges = ((0x20, 0x7F), (0xA0, 0x250), (0x370, 0x400), (0x400, 0x530), (0x2010, 0x205F), (0x20A0, 0x20C0))
    return frozenset(
        ch
        for lo, hi in ranges
        for ch in map(chr, range(lo, hi))
        if unicodedata.category(ch)[0] not in "MC" and unicodedata.bidirectional(ch) not in _RTL_CLASSES
    )


_SIMPLE = _build_simple()
# Two-part Indic vowel signs (Bengali ো, Tamil ொ, ...) are decomposed, so each glyph carries one character.
_SPLIT_VOWELS: dict[int, str] = {
    c: nfd
    for c in range(0x0900, 0x0E00)
    if unicodedata.category(chr(c)) == "Mc" and len(nfd := unicodedata.normalize("NFD", chr(c))) > 1
}

# ---------------------------------------------------------------------------------------------- shaping

_hb_fonts: dict[str, Any] = {}
_private_next: dict[str, int] = {}
_private_code: dict[tuple[str, int, str], int] = {}
# face name (as in the PDF BaseFont) -> private code point -> the text it stands for
_private_text: dict[str, dict[int, str]] = {}
_active: contextvars.ContextVar[bool] = contextvars.ContextVar("coproduce_bidi_shaping", default=False)


def _hb_font(font_name: str) -> Any:
    hb = _hb_fonts.get(font_name)
    if hb is None:
        hb = _hb_fonts[font_name] = uharfbuzz.Font(pdfmetrics.getFont(font_name).hbFace)
    return hb


def _private_char(font: Any, gid: int, text: str, width: float) -> int:
    """A private-use code point drawing glyph ``gid`` of ``font`` whose extracted text is ``text``."""
    key = (font.fontName, gid, text)
    code = _private_code.get(key)
    if code is not None:
        return code
    face = font.face
    code = _private_next.get(font.fontName, _PUA.start)
    while code in face.charToGlyph:
        code += 1
    if code >= _PUA.stop:
        raise OverflowError(f"out of private code points for {font.fontName}")
    _private_next[font.fontName] = code + 1
    face.charToGlyph[code] = gid
    face.glyphToChar.setdefault(gid, []).append(code)
    face.charWidths[code] = width
    _private_code[key] = code
    _private_text.setdefault(face.name.decode("latin-1"), {})[code] = text
    return code


def _direction_runs(text: str) -> Iterator[tuple[str, bool]]:
    """Split a one-font piece of a word into (text, is_rtl) runs; neutrals and marks join the run before."""
    start = 0
    rtl: bool | None = None
    for i, ch in enumerate(text):
        cls = unicodedata.bidirectional(ch)
        if cls in _RTL_CLASSES:
            this = True
        elif cls in ("L", "EN", "AN"):
            this = False
        else:
            continue
        if rtl is None:
            rtl = this
        elif this != rtl:
            yield text[start:i], rtl
            start, rtl = i, this
    yield text[start:], bool(rtl)


def _shape_run(font_name: str, font_size: float, text: str, rtl: bool) -> tuple[Any, float]:
    """Shape one run with HarfBuzz; return (ShapedStr in visual order, width in points)."""
    font = pdfmetrics.getFont(font_name)
    face = font.face
    text = text.translate(_SPLIT_VOWELS)
    buf = uharfbuzz.Buffer()
    buf.cluster_level = uharfbuzz.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.add_str(text)
    buf.guess_segment_properties()
    buf.direction = "rtl" if rtl else "ltr"
    uharfbuzz.shape(_hb_font(font_name), buf, {})
    infos, positions = buf.glyph_infos, buf.glyph_positions
    # Text of each cluster: from its start to the next cluster start in logical order.
    starts = sorted({info.cluster for info in infos})
    ends = dict(zip(starts, [*starts[1:], len(text)], strict=True))
    # Spread each cluster's characters over its glyphs in reading order (so a reordered Devanagari i-matra
    # or a split Tamil vowel still extracts in typed order, with no gap); the last glyph takes the rest.
    members: dict[int, list[int]] = {}
    for i, info in enumerate(infos):
        members.setdefault(info.cluster, []).append(i)
    pieces = [""] * len(infos)
    for cluster, idxs in members.items():
        chunk = text[cluster : ends[cluster]]
        for k, i in enumerate(reversed(idxs) if rtl else idxs):
            pieces[i] = chunk[k : k + 1] if k < len(idxs) - 1 else chunk[k:]
    scale = face._pdfScale
    chars: list[str] = []
    data: list[Any] = []
    width = 0.0
    for i, (info, pos) in enumerate(zip(infos, positions, strict=True)):
        gid, cluster = info.codepoint, info.cluster
        x_adv = scale(pos.x_advance)
        piece = pieces[i]
        if len(piece) == 1 and face.charToGlyph.get(ord(piece)) == gid:
            code = ord(piece)
        else:
            code = _private_char(font, gid, piece, x_adv)
        chars.append(chr(code))
        data.append(
            ttfonts.ShapeData(
                cluster,
                x_adv,
                scale(pos.y_advance),
                scale(pos.x_offset),
                scale(pos.y_offset),
                face.charWidths.get(code, x_adv),
            )
        )
        width += x_adv * font_size / 1000
    return ttfonts.ShapedStr("".join(chars), shapeData=data), width


def shape_frag_word(word: Any) -> Any:
    """Shape a reportlab frag word ``[width, (frag, text), ...]`` run by run; simple words are left as is."""
    if isinstance(word, ttfonts.ShapedFragWord):
        return word
    pieces = word[1:]
    if all(not hasattr(f, "cbDefn") and set(s) <= _SIMPLE for f, s in pieces):
        return word
    if any(hasattr(f, "cbDefn") for f, _ in pieces):
        return _original_shape(word)
    new = ttfonts.makeShapedFragWord(word)([0.0])
    total = 0.0
    for frag, text in pieces:
        for run, rtl in _direction_runs(text):
            if not run:
                continue
            shaped, width = _shape_run(frag.fontName, frag.fontSize, run, rtl)
            new.append((frag, shaped))
            total += width
    new[0] = total
    return new


def _original_shape(word: Any) -> Any:
    return _ORIGINAL_SHAPE(word)


def _dispatch_shape(word: Any, *args: Any, **kwargs: Any) -> Any:
    if _active.get():
        return shape_frag_word(word)
    return _ORIGINAL_SHAPE(word, *args, **kwargs)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode_cmap(fontname: str, subset: Sequence[int]) -> str:
    """ToUnicode CMap like reportlab's, but private glyphs map to their cluster text (or to nothing)."""
    private = _private_text.get(fontname.split("+", 1)[-1], {})
    entries = []
    for i, code in enumerate(subset):
        text = private.get(code, chr(code))
        if text:
            entries.append(f"<{i:02X}> <{_utf16_hex(text)}>")
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        f"/CIDSystemInfo\n<< /Registry ({fontname})\n/Ordering ({fontname})\n/Supplement 0\n>> def",
        f"/CMapName /{fontname} def",
        "/CMapType 2 def",
        f"1 begincodespacerange\n<00> <{len(subset) - 1:02X}>\nendcodespacerange",
        f"{len(entries)} beginbfchar",
        *entries,
        "endbfchar",
        "endcmap",
        "CMapName currentdict /CMap defineresource pop",
        "end",
        "end",
    ]
    return "\n".join(lines)


_ORIGINAL_SHAPE = rl_paragraph.shapeFragWord
if getattr(_ORIGINAL_SHAPE, "__name__", "") == "_dispatch_shape":  # module reloaded
    _ORIGINAL_SHAPE = ttfonts.shapeFragWord
rl_paragraph.shapeFragWord = _dispatch_shape
ttfonts.makeToUnicodeCMap = _to_unicode_cmap

# ---------------------------------------------------------------------------------------------- bidi

_R, _L, _EN, _AN = "\u05d0", "a", "0", "\u0660"


def _token_class(text: str, font_name: str) -> str:
    """One surrogate character standing for a shaped token's bidi class."""
    if text[0] == " ":
        return " "
    rtl_font = font_name in RTL_FONTS
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls in _RTL_CLASSES or (rtl_font and ord(ch) in _PUA):
            return _R
        if cls == "L":
            return _L
    for ch in text:
        cls = unicodedata.bidirectional(ch)
        if cls == "EN":
            return _EN
        if cls == "AN":
            return _AN
    return text if len(text) == 1 else "!"


def _bind_numbers(classes: list[str]) -> str:
    """A number followed by a left-to-right word belongs to it ("50 Station Road" in Arabic stays whole)."""
    following = ""
    for i in range(len(classes) - 1, -1, -1):
        cls = classes[i]
        if cls in (_EN, _AN) and following == _L:
            classes[i] = _L
        if cls in (_R, _L, _EN, _AN):
            following = classes[i]
    return "".join(classes)


def _visual_order(classes: str, rtl: bool) -> tuple[list[int], list[int]]:
    """Visual order of the tokens and their resolved levels, by the Unicode bidi algorithm."""
    storage = uba.get_empty_storage()
    storage["base_level"] = int(rtl)
    storage["base_dir"] = "R" if rtl else "L"
    uba.get_embedding_levels(classes, storage)
    for i, ch in enumerate(storage["chars"]):
        ch["idx"] = i
    uba.explicit_embed_and_overrides(storage, False)
    uba.resolve_weak_types(storage, False)
    uba.resolve_neutral_types(storage, False)
    uba.resolve_implicit_levels(storage, False)
    uba.reorder_resolved_levels(storage, False)
    chars = storage["chars"]
    return [ch["idx"] for ch in chars], [ch["level"] for ch in chars]


def _mirror(text: Any) -> Any:
    mirrored = uba.MIRRORED.get(str(text))
    if mirrored is None:
        return text
    if isinstance(text, ttfonts.ShapedStr):
        return ttfonts.ShapedStr(mirrored, shapeData=text.__shapeData__)
    return mirrored


def reorder_line(words: list[Any], rtl: bool) -> list[Any]:
    """Rebuild one wrapped line (logical order frags) as frags in visual order."""
    tokens: list[tuple[Any, Any]] = []
    tail: list[Any] = []
    for frag in words:
        text = getattr(frag, "text", "")
        if hasattr(frag, "cbDefn") or not text:
            tail.append(frag)
            continue
        tokens.extend((frag, text[m.start() : m.end()]) for m in _SPACE_SPLIT.finditer(text))
    if not tokens:
        return words
    classes = _bind_numbers([_token_class(str(t), f.fontName) for f, t in tokens])
    order, levels = _visual_order(classes, rtl)
    out: list[Any] = []
    last_src: Any = None
    for idx, level in zip(order, levels, strict=True):
        frag, text = tokens[idx]
        if level % 2 and len(text) == 1:
            text = _mirror(text)
        if frag is last_src:
            out[-1].text = out[-1].text + text
        else:
            clone = frag.clone()
            clone.text = text
            out.append(clone)
            last_src = frag
    return out + tail


def _has_rtl(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in _RTL_CLASSES for ch in text if ord(ch) >= 0x590)


_unshaped_styles: dict[int, tuple[Any, Any]] = {}


def _unshaped(style: Any) -> Any:
    """The same style with shaping off (cached; the original is kept alive alongside its copy)."""
    hit = _unshaped_styles.get(id(style))
    if hit is None or hit[0] is not style:
        plain = copy(style)
        plain.shaping = 0
        hit = _unshaped_styles[id(style)] = (style, plain)
    return hit[1]


class BidiParagraph(Paragraph):  # type: ignore[misc]
    """A Paragraph that shapes run by run and draws right-to-left text in visual order.

    The style must have ``shaping=1``. A paragraph whose first strong character is right-to-left is laid out
    right to left: its lines are right-aligned (for ``TA_LEFT`` and ``TA_JUSTIFY`` styles) and the first word
    is at the right of the top line. Left-to-right paragraphs keep embedded Arabic phrases in their place.
    """

    style: Any
    frags: Any

    def __init__(self, text: str | None, style: Any = None, *args: Any, **kwargs: Any) -> None:
        register_fonts()
        super().__init__(text, style, *args, **kwargs)
        if text is None:  # made by split(); it copies the direction afterwards
            self._bidi = False
            self._rtl = False
            return
        plain = "".join(getattr(f, "text", "") for f in self.frags)
        self._bidi = not plain.isascii() and _has_rtl(plain)
        self._rtl = self._bidi and uba.get_base_level(plain) == 1
        if len(self.frags) == 1 and self.style.shaping and set(plain) <= _SIMPLE:
            # Nothing to shape: reportlab's much faster one-font line breaker gives the same result.
            self.style = _unshaped(self.style)
        if self._rtl and self.style.alignment in (TA_LEFT, TA_JUSTIFY):
            self.style = copy(self.style)
            self.style.alignment = TA_RIGHT

    def breakLines(self, width: Any) -> Any:
        # A table wraps each cell's paragraph to measure the row and again to draw it, at the same width: the
        # lines from the first time are kept (bench/run.py: the record's long tables broke every cell twice).
        key = tuple(width) if isinstance(width, list | tuple) else width
        cached = self.__dict__.get("_lines_for")
        if cached is not None and cached[0] == key:
            return cached[1]
        token = _active.set(True)
        try:
            blpara = super().breakLines(width)
        finally:
            _active.reset(token)
        if self._bidi and blpara.kind == 1:
            for line in blpara.lines:
                line.words = reorder_line(line.words, self._rtl)
        self._lines_for = (key, blpara)
        return blpara

    def split(self, avail_width: float, avail_height: float) -> list[Any]:
        parts: list[Any] = super().split(avail_width, avail_height)
        for part in parts:
            if part is not self:
                part._bidi, part._rtl = self._bidi, self._rtl
        return parts
