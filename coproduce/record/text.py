"""Public text API for the PDF record: safe, shaped, bidi-aware paragraphs in embedded fonts.

Typical use::

    from coproduce.record.text import DOC_FONT_KWARGS, Trusted, compose, markup_paragraph, paragraph, styles

    st = styles()
    doc = SimpleDocTemplate(path, **DOC_FONT_KWARGS)   # no unembedded Helvetica
    story = [
        paragraph(workshop.title, st.heading),                              # untrusted text
        markup_paragraph(compose(Trusted("<b>Said by:</b> "), name), st.body),  # our markup + untrusted value
    ]
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import Any

from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable

from coproduce.record.fonts import BODY_FONT, BOLD_FONT, Trusted, bold, compose, register_fonts, to_markup
from coproduce.record.rtl import BidiParagraph

__all__ = [
    "DOC_FONT_KWARGS",
    "RecordStyles",
    "Trusted",
    "bold",
    "compose",
    "markup_paragraph",
    "paragraph",
    "styles",
    "to_markup",
]

# Pass to SimpleDocTemplate / BaseDocTemplate so reportlab does not add an unembedded Helvetica.
DOC_FONT_KWARGS: dict[str, Any] = {"initialFontName": BODY_FONT, "initialFontSize": 10}


@dataclass(frozen=True)
class RecordStyles:
    """Ready-made paragraph styles in the registered fonts, with shaping on."""

    body: ParagraphStyle
    heading: ParagraphStyle
    subheading: ParagraphStyle
    small: ParagraphStyle


@cache
def styles() -> RecordStyles:
    """The record's paragraph styles (fonts registered on first call). Copy one before changing it."""
    register_fonts()
    body = ParagraphStyle(
        "CoBody", fontName=BODY_FONT, fontSize=10, leading=14, alignment=TA_LEFT, shaping=1, spaceAfter=4
    )
    heading = ParagraphStyle(
        "CoHeading", parent=body, fontName=BOLD_FONT, fontSize=16, leading=21, spaceBefore=6, spaceAfter=8
    )
    subheading = ParagraphStyle(
        "CoSubheading", parent=body, fontName=BOLD_FONT, fontSize=12, leading=16, spaceBefore=4, spaceAfter=4
    )
    small = ParagraphStyle("CoSmall", parent=body, fontSize=8, leading=10.5, spaceAfter=2)
    return RecordStyles(body=body, heading=heading, subheading=subheading, small=small)


def paragraph(text: str, style: ParagraphStyle | None = None) -> Flowable:
    """A paragraph of untrusted plain text: escaped, controls stripped, font fallback, shaping, bidi."""
    return BidiParagraph(to_markup(text), style or styles().body)


def markup_paragraph(markup: str, style: ParagraphStyle | None = None) -> Flowable:
    """A paragraph of markup built with :func:`compose` / :func:`to_markup` (never raw user text)."""
    return BidiParagraph(markup, style or styles().body)
