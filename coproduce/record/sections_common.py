"""What the record's sections share: the grid and box styles, tables whose long cells continue on further
rows, long text cut into paragraphs, labelled values and file names broken to fit.

All participant text goes through ``text.paragraph`` (escaped, font fallback, shaping, bidi); our own labels
through ``_t`` (translatable)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from typing import Any

from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT
from coproduce.record.text import Trusted, compose, markup_paragraph, paragraph, styles

Progress = Callable[[int, int, str], None]
GRID = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),  # a table's own default is an unembedded Helvetica
        ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e8eef7")),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
)


def _t(text: str) -> str:
    return translate("Record", text)


def labelled(label: str, value: str) -> Flowable:
    return markup_paragraph(compose(Trusted("<b>"), label, Trusted(":</b> "), value or _t("not recorded")))


# Characters (and line breaks) of user text per table row or paragraph; longer text continues in the next
# one. 600 full-width characters (CJK, emoji) on 20 lines, at 8 pt in the narrowest text column (50 mm),
# still fit well within a page.
CHUNK = 600
CHUNK_LINES = 20
_NARROWEST = 50 * mm
_SPACE = re.compile(r"\s")


def chunks(text: str, size: int = CHUNK) -> list[str]:
    """``text`` cut into pieces of at most ``size`` characters, at white space where there is some, else
    inside a word (never before a combining mark), so that no table cell grows taller than a page and no
    paragraph is laid out many times over as it splits across pages."""
    pieces: list[str] = []
    rest = text
    while len(rest) > size or rest.count("\n", 0, size) >= CHUNK_LINES:
        breaks = [i for i, char in enumerate(rest[:size]) if char == "\n"]
        if len(breaks) >= CHUNK_LINES:
            cut = breaks[CHUNK_LINES - 1]
        else:
            spaces = [m.start() for m in _SPACE.finditer(rest, size // 2, size + 1)]
            cut = spaces[-1] if spaces else size
            while not spaces and cut > size // 2 and unicodedata.combining(rest[cut]):
                cut -= 1
        pieces.append(rest[:cut].rstrip())
        rest = rest[cut:].lstrip()
    if rest or not pieces:
        pieces.append(rest)
    return pieces


def table(rows: list[list[Any]], widths: list[float], style: TableStyle = GRID) -> Table:
    """A grid of cells; text longer than ``CHUNK`` continues in rows below its own (no line between them),
    so that a row never grows taller than a page, and the heading row repeats on every page."""
    small = styles().small
    cells: list[list[Any]] = []
    continued: list[int] = []
    for index, row in enumerate(rows):
        # a wider column takes proportionally more text per row, so that the pieces beside each other end
        # at about the same height
        texts = [
            chunks(str(c), max(CHUNK, int(CHUNK * width / _NARROWEST)))
            if index and isinstance(c, str)
            else [c if c is not None else ""]
            for c, width in zip(row, widths, strict=True)
        ]
        for depth in range(max(len(t) for t in texts)):
            if depth:
                continued.append(len(cells))
            cells.append(
                [
                    (paragraph(str(t[depth]), small) if isinstance(t[depth], str | int) else t[depth])
                    if depth < len(t)
                    else ""
                    for t in texts
                ]
            )
    # no splitInRow: with repeatRows, reportlab 5.1 then repeats the heading row in the middle of a page
    result = Table(cells, colWidths=widths, style=style, repeatRows=1)
    if continued:
        result.setStyle(
            TableStyle(
                [("LINEABOVE", (0, r), (-1, r), 0.6, colors.white) for r in continued]
                + [("TOPPADDING", (0, r), (-1, r), 0) for r in continued]
            )
        )
    return result


def long_text(text: str, style: ParagraphStyle | None = None, label: str = "") -> list[Flowable]:
    """Untrusted text that may be very long, as one paragraph per ``CHUNK`` (the first after ``label``)."""
    pieces = chunks(text or (_t("not recorded") if label else ""))
    first = labelled(label, pieces[0]) if label else paragraph(pieces[0], style)
    return [first, *(paragraph(piece, style) for piece in pieces[1:])]


_NAME_BREAK = re.compile(r"(?<=[-_.])(?=[^-_.])|(?<=\s)")


def break_name(name: str, width: float, size: float = 8) -> str:
    """A file name with line breaks after hyphens, underscores, dots or spaces so that each line fits
    ``width`` (points, at ``size`` pt), rather than reportlab cutting it in the middle of a word. A piece
    that is too long on its own is left for reportlab to split."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    lines: list[str] = []
    line = ""
    for piece in _NAME_BREAK.split(name):
        if line and stringWidth((line + piece).rstrip(), BODY_FONT, size) > width:
            lines.append(line.rstrip())
            line = piece
        else:
            line += piece
    if line or not lines:
        lines.append(line.rstrip())
    return "\n".join(lines)


def _date(value: Any) -> str:
    return str(value) if value else _t("not recorded")


BOXED = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("BOX", (0, 0), (-1, -1), 2, colors.black),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
        ("TOPPADDING", (0, 0), (-1, 0), 4),
        ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
        ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#fff3e0")),
    ]
)


def boxed(flowables: list[Flowable]) -> Table:
    """A framed, shaded box, one row per flowable (pass long text through ``long_text``), so that it can
    continue on the next page."""
    return Table([[f] for f in flowables], colWidths=[174 * mm], style=BOXED)
