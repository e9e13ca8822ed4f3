"""The record's sections, in order, as reportlab flowables.

All participant text goes through ``text.paragraph`` (escaped, font fallback, shaping, bidi); our own labels
through ``_t`` (translatable)."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    Image,
    KeepTogether,
    PageBreak,
    Spacer,
    Table,
    TableStyle,
)

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT
from coproduce.record.qr import qr_png
from coproduce.record.sections_people import (
    participation_section,
    plural,
    principles_section,
)
from coproduce.record.text import Trusted, compose, markup_paragraph, paragraph, styles
from coproduce.services.choices import influence_label, proposal_status_label, role_label
from coproduce.services.decisions import agreement_label
from coproduce.services.outcomes import outcome_label
from coproduce.services.principles import principle_title
from coproduce.services.templates import kind_label
from coproduce.services.votes import method_label

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


def cover(record: dict[str, Any]) -> list[Flowable]:
    st, w = styles(), record["workshop"]
    when = _date(w["date"])
    if w["start_time"] and w["end_time"]:
        when += f", {w['start_time']}–{w['end_time']}"
    status = proposal_status_label(w["proposal_status"])
    if w["preferred_option"]:
        status += " — " + w["preferred_option"]
    out: list[Flowable] = [
        paragraph(_t("Engagement record"), st.subheading),
        paragraph(w["title"], st.heading),
        *amendment_notice(record),
        Spacer(1, 4 * mm),
        labelled(_t("Place"), w["place"]),
        labelled(_t("Venue"), w["venue"]),
        labelled(_t("Date and time"), when),
        labelled(
            _t("Facilitators"),
            "; ".join(
                f["name"] + (f" ({f['organisation']})" if f["organisation"] else "")
                for f in w["facilitators"]
            ),
        ),
        Spacer(1, 3 * mm),
        paragraph(_t("The question or proposal"), st.subheading),
        *long_text(w["question"] or _t("not recorded")),
        labelled(_t("Status of the proposal"), status),
        labelled(_t("Decision due"), _date(w["decision_due"])),
        labelled(_t("Level of influence the room had"), influence_label(w["influence"])),
        labelled(
            _t("Notice given"),
            _date(w["notice_given"])
            + (
                " " + plural(w["notice_days"], "({n} day before)", "({n} days before)")
                if w["notice_days"] is not None
                else ""
            ),
        ),
        Spacer(1, 3 * mm),
        paragraph(_t("Documents shown to participants"), st.subheading),
    ]
    docs = [[_t("Title"), _t("File"), _t("SHA-256")]] + [
        [d["title"], break_name(d["file"], 40 * mm - 9), d["sha256"]] for d in w["documents"]
    ]
    out.append(table(docs, [60 * mm, 40 * mm, 74 * mm]) if w["documents"] else paragraph(_t("None listed.")))
    out.append(Spacer(1, 4 * mm))
    out.append(
        paragraph(
            _t("Record {id}, revision {revision}. Generated {when} by coproduce {version}.").format(
                id=record["record_id"],
                revision=record["revision"],
                when=str(record["generated_at"])[:19],
                version=record["app_version"],
            ),
            st.small,
        )
    )
    return out


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


def amendment_notice(record: dict[str, Any]) -> list[Flowable]:
    """For an amended revision: which revision it replaces (number, hash, date) and why, boxed on page 1."""
    if not record["amends_sha256"]:
        return []
    st = styles()
    amends = record.get("amends") or {}
    previous = amends.get("revision")
    if previous is None:
        previous = max(int(record["revision"]) - 1, 1)
    when = str(amends["signed_at"])[:19] + " UTC" if amends.get("signed_at") else _t("date not recorded")
    return [
        Spacer(1, 2 * mm),
        boxed(
            [
                paragraph(
                    _t("AMENDED RECORD: revision {revision} replaces revision {previous}").format(
                        revision=record["revision"], previous=previous
                    ),
                    st.subheading,
                ),
                paragraph(
                    _t("Revision {previous} was signed {when}; its record hash (SHA-256) was:").format(
                        previous=previous, when=when
                    ),
                    st.small,
                ),
                paragraph(record["amends_sha256"], st.small),
                labelled(_t("Reason for the amendment"), amends.get("reason") or ""),
                paragraph(
                    _t(
                        "Revision {previous} no longer stands as the record of this workshop; rely on this "
                        "revision instead."
                    ).format(previous=previous),
                    st.small,
                ),
            ]
        ),
    ]


def summary(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    contributions = sum(len(e["contributions"]) for e in record["exercises"])
    diverging = [d for d in record["decisions"] if d["divergences"]]
    counts = [
        plural(record["participation"]["participants"], "{n} person took part.", "{n} people took part."),
        plural(contributions, "{n} contribution was recorded", "{n} contributions were recorded"),
        plural(len(record["exercises"]), "across {n} exercise;", "across {n} exercises;"),
        plural(len(record["votes"]), "{n} vote was held;", "{n} votes were held;"),
        plural(len(record["decisions"]), "{n} decision was recorded.", "{n} decisions were recorded."),
    ]
    # the summary follows the cover on page 1 when it fits, rather than alone on a page of its own
    out: list[Flowable] = [
        CondPageBreak(70 * mm),
        Spacer(1, 6 * mm),
        paragraph(_t("Summary"), st.heading),
        paragraph(" ".join(counts)),
    ]
    if diverging:
        out.append(
            paragraph(
                plural(
                    len(diverging),
                    "{n} decision went against the view of the room; the reason is given in the Decisions "
                    "section.",
                    "{n} decisions went against the view of the room; the reasons are given in the Decisions "
                    "section.",
                ),
                st.subheading,
            )
        )
    out.append(paragraph(_t("What was decided"), st.subheading))
    for d in record["decisions"]:
        flag = _t(" [GOES AGAINST THE ROOM]") if d["divergences"] else ""
        out += long_text(f"• {d['statement']}{flag}")
    if not record["decisions"]:
        out.append(paragraph(_t("No decisions were recorded.")))
    return out


def readiness_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    rows: list[list[Any]] = [[_t("Check"), _t("Result")]]
    for c in record["readiness"]["checks"]:
        rows.append([c["label"], _t("Met") if c["ok"] else _t("GAP: ") + c["detail"]])
    out: list[Flowable] = [
        CondPageBreak(60 * mm),
        Spacer(1, 6 * mm),
        paragraph(_t("Readiness checklist"), st.heading),
        table(rows, [90 * mm, 84 * mm]),
    ]
    if record["readiness"]["gaps_reason"]:
        out += [
            Spacer(1, 3 * mm),
            paragraph(_t("Signed with gaps. The facilitator's reason:"), st.subheading),
            *long_text(record["readiness"]["gaps_reason"]),
        ]
    return out


def exercises_section(record: dict[str, Any], progress: Progress | None) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [PageBreak(), paragraph(_t("Exercises and contributions"), st.heading)]
    total = len(record["exercises"]) or 1
    for index, e in enumerate(record["exercises"], start=1):
        minutes = round(e["seconds_run"] / 60)
        out += [
            paragraph(f"{index}. {e['title']}", st.subheading),
            paragraph(
                _t("Principle {n}: {title}").format(n=e["principle"], title=principle_title(e["principle"])),
                st.small,
            ),
            paragraph(
                _t("Time box {box} min; actually ran {ran} min.").format(
                    box=e["time_box_minutes"], ran=minutes
                ),
                st.small,
            ),
            *long_text(e["prompt"]),
        ]
        if e["themes"]:
            out.append(labelled(_t("Themes"), "; ".join(t["name"] for t in e["themes"])))
        for c in e["contributions"]:
            who = c["by"] or _t("anonymous")
            extra = f" · {_t('theme')}: {c['theme']}" if c["theme"] else ""
            out += long_text(c["text"], st.body)
            number = f"#{c['number']} · " if c.get("number") else ""
            out.append(paragraph(f"{number}{kind_label(c['kind'])} · {who}{extra}", st.small))
        if not e["contributions"]:
            out.append(paragraph(_t("No contributions."), st.small))
        if progress:
            progress(
                20 + int(40 * index / total), 100, _t("Exercise {n} of {total}").format(n=index, total=total)
            )
    return out


def _bars(totals: list[dict[str, Any]], method: str = "") -> Table:
    most = max([t["total"] for t in totals] + [1])
    ranking = method == "ranking"
    total_label = _t("Borda points") if ranking else _t("Total")
    header: list[Any] = [_t("Option"), _t("Share of the total"), total_label]
    if ranking:
        header.append(_t("First preferences"))
    rows: list[list[Any]] = [header]
    for number, t in enumerate(totals, start=1):
        bar = Drawing(62 * mm, 5 * mm)
        bar.add(
            Rect(
                0,
                0.5 * mm,
                62 * mm * t["total"] / most,
                4 * mm,
                fillColor=colors.HexColor("#2f5f9f"),
                strokeColor=None,
            )
        )
        bar.add(Rect(0, 0.5 * mm, 62 * mm, 4 * mm, fillColor=None, strokeColor=colors.grey, strokeWidth=0.3))
        row: list[Any] = [f"{number}. {t['option']}", bar, str(t["total"])]
        if ranking:
            row.append(str(t.get("first_preferences") or 0))
            rows.append(row)
            continue
        rows.append(row)
    if ranking:
        return table(rows, [72 * mm, 64 * mm, 18 * mm, 20 * mm])
    return table(rows, [88 * mm, 66 * mm, 20 * mm])


def _consent_outcome(value: str) -> str:
    return {
        "consented": _t("consented"),
        "blocked": _t("blocked by an objection"),
        "no_responses": _t("no responses"),
    }.get(value, value)


def votes_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [
        PageBreak(),
        paragraph(_t("Votes"), st.heading),
        paragraph(
            _t(
                "Each vote is also shown by role. A group with fewer than 5 voters is not shown on its "
                "own, so that nobody's vote can be worked out: those voters are counted together as "
                "“other voters” (with the next smallest group added if they would still be fewer than 5), "
                "or, if no group can be shown, the vote is not broken down by role. Objections and "
                "concerns are listed for the whole room only."
            ),
            st.small,
        ),
        Spacer(1, 2 * mm),
    ]
    for v in record["votes"]:
        block: list[Flowable] = [
            paragraph(v["title"], st.subheading),
            paragraph(
                method_label(v["method"])
                + (
                    plural(v["allowance"], ", {n} dot each", ", {n} dots each")
                    if v["method"] == "dots"
                    else ""
                ),
                st.small,
            ),
        ]
        if v["proposal"]:
            block += long_text(v["proposal"], label=_t("Proposal"))
        if v["status"] != "closed":
            out += [*block, paragraph(_t("This vote was not closed; no result is reported."))]
            continue
        overall = v["overall"]
        counted = (
            plural(overall["ballots"], "{n} ballot", "{n} ballots")
            + " "
            + _t("({paper} on paper).").format(paper=v["paper_ballots"])
        )
        if v["shown_order"]:
            counted += " " + _t("Options were shown in this order: {order}").format(
                order=" · ".join(v["shown_order"])
            )
        block.append(paragraph(counted, st.small))
        if v["method"] == "consent":
            block.append(
                paragraph(
                    _t("Agree {a} · can live with it {c} · object {o}: {outcome}.").format(
                        a=overall["agree"],
                        c=overall["can_live_with"],
                        o=overall["object"],
                        outcome=_consent_outcome(overall["outcome"]),
                    )
                )
            )
            for reason in overall["objection_reasons"]:
                block.append(paragraph(_t("Objection: ") + reason))
            for concern in overall["concerns"]:
                block.append(paragraph(_t("Concern: ") + concern))
        else:
            block += [_bars(overall["totals"], v["method"]), Spacer(1, 1.5 * mm)]
            winners = "; ".join(overall["winners"]) or "—"
            block.append(
                paragraph(
                    (_t("Tie between: {w}") if overall["tie"] else _t("Most support: {w}")).format(w=winners)
                )
            )
            if v["method"] == "ranking":
                block.append(
                    paragraph(
                        _t(
                            "Ranked by Borda count: an option gets more points the higher each ballot ranks "
                            "it. “First preferences” is how many ballots ranked it first."
                        ),
                        st.small,
                    )
                )
        # the role breakdown (or the note that there is none) stays with its vote when it fits
        out.append(KeepTogether([*block, Spacer(1, 2 * mm), *by_role_table(v)]))
    return out


def _short_option(number: int, label: str, limit: int = 60) -> str:
    """An option in a table heading: its number from the results table, and its label cut short."""
    return f"{number}. {label if len(label) <= limit else label[: limit - 1].rstrip() + '…'}"


def _group_name(role: str) -> str:
    return _t("No role / anonymous") if role == "anonymous" else role_label(role)


def by_role_table(v: dict[str, Any]) -> list[Flowable]:
    """The vote by role as the record publishes it (``canonical._by_role``: small groups pooled)."""
    st = styles()
    groups: dict[str, Any] = dict(v["by_role"])
    pooled = v["by_role_pooled"]
    if not groups:
        if not pooled["groups"]:
            return []
        return [
            paragraph(
                _t(
                    "Not broken down by role: no group had 5 or more voters, so a breakdown could show how "
                    "individuals voted."
                ),
                st.small,
            ),
            Spacer(1, 5 * mm),
        ]
    rows_for = list(groups.items())
    if pooled["tally"] is not None:
        rows_for.append(("", pooled["tally"]))

    def name(role: str, t: dict[str, Any]) -> str:
        label = _group_name(role) if role else _t("Other voters, pooled")
        return _t("{group} ({voters})").format(
            group=label, voters=plural(t["ballots"], "{n} voter", "{n} voters")
        )

    if v["method"] == "consent":
        rows: list[list[Any]] = [[_t("Group"), _t("Agree"), _t("Can live with it"), _t("Object")]]
        rows += [
            [name(r, t), str(t["agree"]), str(t["can_live_with"]), str(t["object"])] for r, t in rows_for
        ]
        widths = [74 * mm, 33 * mm, 34 * mm, 33 * mm]
    else:
        options = [t["option"] for t in v["overall"]["totals"]]
        rows = [[_t("Group"), *[_short_option(n, o) for n, o in enumerate(options, start=1)]]]
        for role, t in rows_for:
            score = {x["option"]: x["total"] for x in t["totals"]}
            rows.append([name(role, t), *[str(score.get(o, 0)) for o in options]])
        first = 44 * mm
        widths = [first] + [(174 * mm - first) / max(len(options), 1)] * len(options)
    out: list[Flowable] = [
        paragraph(_t("The same vote by role (unweighted; a person with two roles counts in both)"), st.small),
        table(rows, widths),
    ]
    if pooled["groups"]:
        out.append(Spacer(1, 1 * mm))
        out.append(
            paragraph(
                _t("Not shown on their own: {groups}.").format(
                    groups="; ".join(_group_name(g) for g in pooled["groups"])
                ),
                st.small,
            )
        )
    return [*out, Spacer(1, 5 * mm)]


def decisions_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [PageBreak(), paragraph(_t("Decisions"), st.heading)]
    for index, d in enumerate(record["decisions"], start=1):
        out += long_text(f"{index}. {d['statement']}", st.subheading)
        if d["divergences"]:
            box = [paragraph(_t("THIS DECISION GOES AGAINST THE VIEW OF THE ROOM"), st.subheading)]
            for x in d["divergences"]:
                box.append(
                    paragraph(
                        _t("In “{vote}” the room favoured: {room}. The decision instead: {decision}.").format(
                            vote=x["vote"], room=x["room"], decision=x["decision"]
                        )
                    )
                )
            box += long_text(d["divergence_reason"], label=_t("Reason given"))
            box.append(labelled(_t("Named decision-maker"), d["decided_by"]))
            out.append(boxed(box))
            out.append(Spacer(1, 3 * mm))
        out += [
            *long_text(d["rationale"], label=_t("Rationale")),
            labelled(
                _t("Decided by"),
                d["decided_by"] + (f" ({d['decided_by_role']})" if d["decided_by_role"] else ""),
            ),
            labelled(_t("Date"), _date(d["decided_on"])),
            labelled(_t("Agreement in the room"), agreement_label(d["agreement"])),
            labelled(_t("Status"), _t("Final") if d["status"] == "final" else _t("Draft")),
            *long_text(d["dissent"] or _t("none recorded"), label=_t("Dissenting and minority views")),
        ]
        out += informed_by(d)
        if d["actions"]:
            out.append(Spacer(1, 2 * mm))
        for a in d["actions"]:
            out.append(
                paragraph(
                    _t("Action: {action} — owner {owner}, due {due}").format(
                        action=a["action"], owner=a["owner"], due=_date(a["due"])
                    )
                )
            )
        out.append(Spacer(1, 4 * mm))
    if not record["decisions"]:
        out.append(paragraph(_t("No decisions were recorded.")))
    return out


_LINK_GROUPS = (
    ("adopts_option", "Adopts an option from a vote"),
    ("adopts_proposal", "Adopts the proposal put to a consent round"),
    ("rejects_proposal", "Rejects the proposal put to a consent round"),
    ("vote", "Votes considered"),
    ("theme", "Themes considered"),
    ("contribution", "Contributions considered"),
)
QUOTE_LIMIT = 400  # characters of a linked contribution quoted under a decision; the rest is in Exercises


@cache
def _item_style() -> ParagraphStyle:
    """A linked input under a decision: indented, wrapped lines hanging under the text after the bullet."""
    body = styles().body
    return ParagraphStyle(
        "CoLinkItem", parent=body, fontSize=9, leading=12, leftIndent=22, firstLineIndent=-8, spaceAfter=2
    )


@cache
def _group_style() -> ParagraphStyle:
    return ParagraphStyle(
        "CoLinkGroup",
        parent=styles().body,
        fontSize=9,
        leading=12,
        leftIndent=12,
        spaceBefore=3,
        spaceAfter=1,
    )


def _vote_outcome(result: dict[str, Any]) -> str:
    if not result.get("closed"):
        return _t("not closed, no result")
    if "outcome" in result:
        return _t("{outcome} ({ballots})").format(
            outcome=_consent_outcome(result["outcome"]),
            ballots=plural(result["ballots"], "{n} ballot", "{n} ballots"),
        )
    winners = "; ".join(result["winners"]) or "—"
    found = _t("tie between {w}") if result["tie"] else _t("most support: {w}")
    return _t("{found} ({ballots})").format(
        found=found.format(w=winners), ballots=plural(result["ballots"], "{n} ballot", "{n} ballots")
    )


def _link_line(kind: str, item: dict[str, Any]) -> str:
    if kind == "theme":
        if item["exercise"]:
            return _t("{theme} (in “{exercise}”)").format(theme=item["name"], exercise=item["exercise"])
        return str(item["name"])
    if kind == "adopts_option":
        line = _t("“{option}” from the vote “{vote}”").format(option=item["option"], vote=item["vote"])
        if item.get("option_total") is not None:
            total = item["option_total"]
            score = {
                "dots": plural(total, "{n} dot", "{n} dots"),
                "ranking": plural(total, "{n} Borda point", "{n} Borda points"),
                "approval": plural(total, "{n} approval", "{n} approvals"),
            }.get(item.get("method", ""), str(total))
            line += _t(": {score}; the room’s result: {result}").format(
                score=score, result=_vote_outcome(item["result"])
            )
        return line
    return _t("“{vote}”: {result}").format(vote=item["vote"], result=_vote_outcome(item["result"]))


def _contribution_line(item: dict[str, Any]) -> str:
    text = " ".join(str(item["text"]).split())
    if len(text) > QUOTE_LIMIT:
        text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
    return _t("#{n} “{text}” — {who}, in “{exercise}”").format(
        n=item["number"], text=text, who=item["by"] or _t("anonymous"), exercise=item["exercise"]
    )


def informed_by(decision: dict[str, Any]) -> list[Flowable]:
    """Which inputs the decision-maker considered (Gunning principle 4), grouped by kind of link."""
    st, item_style = styles(), _item_style()
    groups: dict[str, list[dict[str, Any]]] = decision.get("informed_by") or {}
    count = sum(len(items) for items in groups.values())
    if not count:
        return [labelled(_t("Informed by"), _t("no inputs were linked to this decision"))]
    out: list[Flowable] = [
        labelled(
            _t("Informed by"),
            plural(count, "{n} linked input, listed below", "{n} linked inputs, listed below"),
        ),
    ]
    for kind, title in _LINK_GROUPS:
        items = groups.get(kind) or []
        if not items:
            continue
        out.append(
            markup_paragraph(
                compose(Trusted("<b>"), _t(title), Trusted("</b>"), f" ({len(items)})"), _group_style()
            )
        )
        if kind == "contribution":
            shown = [i for i in items if not i["withheld"]]
            withheld = len(items) - len(shown)
            for item in shown:
                out.append(paragraph("• " + _contribution_line(item), item_style))
            if shown and any(len(str(i["text"])) > QUOTE_LIMIT for i in shown):
                out.append(
                    paragraph(
                        _t(
                            "Long contributions are quoted in part; each is in full under its number in "
                            "Exercises and contributions."
                        ),
                        st.small,
                    )
                )
            if withheld:
                out.append(
                    paragraph(
                        "• "
                        + plural(
                            withheld,
                            "{n} linked contribution not shown: hidden, or withdrawn by the person who "
                            "made it.",
                            "{n} linked contributions not shown: hidden, or withdrawn by the people who made "
                            "them.",
                        ),
                        item_style,
                    )
                )
            continue
        if kind == "theme" and len(items) > 6:
            names = "; ".join(str(i["name"]) for i in items)
            out.append(paragraph(names, item_style))
            continue
        for item in items:
            out.append(paragraph("• " + _link_line(kind, item), item_style))
    return out


def outcomes_section(record: dict[str, Any]) -> list[Flowable]:
    rows: list[list[Any]] = [[_t("You said"), _t("We did"), _t("Why")]]
    rows += [[r["text"], outcome_label(r["outcome"]), r["reason"]] for r in record["you_said_we_did"]]
    return [
        PageBreak(),
        paragraph(_t("You said, we did"), styles().heading),
        table(rows, [92 * mm, 32 * mm, 50 * mm]),
    ]


def consent_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [PageBreak(), paragraph(_t("Consent statement used"), st.heading)]
    for s in record["consent_statements"]:
        out += [paragraph(_t("Version {n}").format(n=s["version"]), st.subheading), *long_text(s["text"])]
        if s.get("sha256"):
            out.append(paragraph(_t("SHA-256 of this text: {hash}").format(hash=s["sha256"]), st.small))
    return out


def _signatures(record: dict[str, Any]) -> list[Flowable]:
    st, signer = styles(), record["signer"]
    organisation = signer["organisation"] if signer["organisation"] not in ("", "-") else ""
    out: list[Flowable] = [
        paragraph(_t("Signatures"), st.subheading),
        labelled(
            _t("Signed and certified by"),
            signer["name"] + (f" ({organisation})" if organisation else ""),
        ),
        labelled(_t("Generated and signed"), _t("{when} UTC").format(when=str(record["generated_at"])[:19])),
        markup_paragraph(
            compose(Trusted("<b>"), _t("Signing certificate fingerprint (SHA-256)"), Trusted(":</b>"))
        ),
        paragraph(signer.get("fingerprint", "") or _t("not recorded"), st.small),
        Spacer(1, 2 * mm),
    ]
    cosigners = record.get("cosigners_reserved") or []
    if cosigners:
        out.append(labelled(_t("Signature fields reserved for co-signers"), "; ".join(cosigners)))
    out.append(
        paragraph(
            _t(
                "Co-signatures are added to the file after this page was made, so they cannot be printed "
                "here. “coproduce verify FILE.pdf”, and the signature panel of a PDF reader, list every "
                "signature: the facilitator's and each co-signer's, with name, organisation, date and time, "
                "and certificate fingerprint."
            ),
            st.small,
        )
    )
    return out


def sign_off(record: dict[str, Any], record_sha256: str, qr_text: str) -> list[Flowable]:
    st = styles()
    image = Image(io.BytesIO(qr_png(qr_text, box_size=6)), width=45 * mm, height=45 * mm)
    return [
        PageBreak(),
        paragraph(_t("Sign-off"), st.heading),
        paragraph(
            _t(
                "This record is signed electronically. The signature covers every page and the record data "
                "attached to this file (record.json); any later change to either shows when it is verified. "
                "Co-signers sign their reserved fields later without breaking it."
            )
        ),
        Spacer(1, 3 * mm),
        *_signatures(record),
        Spacer(1, 5 * mm),
        Table(
            [
                [
                    image,
                    [
                        paragraph(_t("Record hash (SHA-256)"), st.subheading),
                        paragraph(record_sha256, st.small),
                        paragraph(_t("Short hash: {short}").format(short=record_sha256[:16]), st.body),
                        Spacer(1, 2 * mm),
                        paragraph(
                            _t(
                                "To check a printed copy, scan this code and run: "
                                'coproduce verify --qr "TEXT" (it shows the record, revision, hash and '
                                "signer the code vouches for), or "
                                'coproduce verify FILE.pdf --qr "TEXT" to match it to a file; or compare the '
                                "short hash with the one the facilitator publishes."
                            ),
                            st.small,
                        ),
                    ],
                ]
            ],
            colWidths=[50 * mm, 124 * mm],
            style=TableStyle(
                [("VALIGN", (0, 0), (-1, -1), "TOP"), ("FONTNAME", (0, 0), (-1, -1), BODY_FONT)]
            ),
        ),
        Spacer(1, 6 * mm),
        paragraph(
            _t("Record {id} · revision {revision}").format(
                id=record["record_id"], revision=record["revision"]
            ),
            st.small,
        ),
    ]


def build_story(
    record: dict[str, Any], record_sha256: str, qr_text: str, progress: Progress | None
) -> list[Flowable]:
    story = cover(record) + summary(record) + readiness_section(record)
    story += principles_section(record) + participation_section(record)
    if progress:
        progress(20, 100, _t("Writing the exercises"))
    story += exercises_section(record, progress) + votes_section(record) + decisions_section(record)
    story += outcomes_section(record) + consent_section(record) + sign_off(record, record_sha256, qr_text)
    return story
