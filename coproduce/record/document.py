"""Lays out the signed record as a PDF (reportlab): page frame, footer on every page, the sections in order.

The footer carries the record id, the revision, "page N of M" and the first 16 hex characters of the record's
hash, so a single printed page can be tied to the whole. The QR code on the last page holds a compact signed
payload (see ``qr.py``).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

from reportlab.graphics.renderbase import STATE_DEFAULTS
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Frame, PageTemplate

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT, register_fonts
from coproduce.record.sections import build_story
from coproduce.record.text import DOC_FONT_KWARGS

MARGIN = 18 * mm
Progress = Callable[[int, int, str], None]


def _t(text: str) -> str:
    return translate("Record", text)


LANGUAGE = "en-GB"  # the record's /Lang, for screen readers; the record's own labels are British English


class _NumberedCanvas(Canvas):  # type: ignore[misc]
    """Holds each page until the end so the footer can say "page N of M".

    Outline entries (bookmarks) are noted by page while laying out and bound to their page only when it is
    written out, since a destination made earlier would point at the first page."""

    footer_text = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []
        self.outline: list[tuple[int, str, float]] = []  # (page from 1, title, top of the heading)

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        outline = list(self.outline)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_footer(number, total)
            for index, (page, title, top) in enumerate(outline):
                if page == number:
                    key = f"section-{index}"
                    self.bookmarkHorizontalAbsolute(key, top)
                    self.addOutlineEntry(title, key, level=0)
            super().showPage()
        if outline:
            self.showOutline()
        self.setViewerPreference("DisplayDocTitle", "true")
        super().save()

    def _draw_footer(self, number: int, total: int) -> None:
        width, _ = self._pagesize
        self.saveState()
        self.setFont(BODY_FONT, 7.5)
        self.setStrokeGray(0.6)
        self.line(MARGIN, 13 * mm, width - MARGIN, 13 * mm)
        self.drawString(MARGIN, 9 * mm, self.footer_text)
        self.drawRightString(width - MARGIN, 9 * mm, _t("Page {n} of {total}").format(n=number, total=total))
        self.restoreState()


class _RecordDocTemplate(BaseDocTemplate):  # type: ignore[misc]
    """Notes each section heading for the PDF outline, so that a reader can move from section to section."""

    def afterFlowable(self, flowable: Any) -> None:
        style: Any = getattr(flowable, "style", None)
        if getattr(style, "name", "") != "CoHeading" or not isinstance(self.canv, _NumberedCanvas):
            return
        title = " ".join(flowable.getPlainText().split())
        frame = getattr(self, "frame", None)
        top = frame._y + flowable.height + style.spaceAfter + style.spaceBefore if frame else 0
        self.canv.outline.append((self.page, title, top))


def build_pdf(
    record: dict[str, Any], record_sha256: str, qr_text: str, progress: Progress | None = None
) -> bytes:
    """The unsigned PDF for ``record`` (the dict from ``canonical.build_record``)."""
    register_fonts()
    # reportlab.graphics starts each drawing in Helvetica, which would add an unembedded font to the file.
    STATE_DEFAULTS["fontName"] = BODY_FONT
    buffer = io.BytesIO()
    w = record["workshop"]
    doc = _RecordDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=w["title"],
        author=", ".join(f["name"] for f in w["facilitators"]),
        subject=_t("Engagement record {id}, revision {revision}").format(
            id=record["record_id"], revision=record["revision"]
        ),
        creator="coproduce",
        lang=LANGUAGE,
        keywords=f"coproduce-record-sha256:{record_sha256} coproduce-qr:{qr_text}",
        **DOC_FONT_KWARGS,
    )
    frame = Frame(doc.leftMargin, doc.bottomMargin, doc.width, doc.height, id="body")
    doc.addPageTemplates([PageTemplate(id="page", frames=[frame])])
    footer = _t("Record {id} · revision {revision} · SHA-256 {short}").format(
        id=record["record_id"], revision=record["revision"], short=record_sha256[:16]
    )
    canvas_class = type("RecordCanvas", (_NumberedCanvas,), {"footer_text": footer})
    story = build_story(record, record_sha256, qr_text, progress)
    if progress:
        progress(80, 100, _t("Laying out pages"))
    doc.build(story, canvasmaker=canvas_class)
    return buffer.getvalue()
