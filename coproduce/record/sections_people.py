"""Record sections about who took part: the six principles and participation and reach (aggregates only)."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT
from coproduce.record.text import paragraph, styles
from coproduce.services.choices import role_label
from coproduce.services.equality import answer_label, question_title
from coproduce.services.principles import principle_title
from coproduce.services.suppression import footnote

_PAIR = TableStyle(
    [
        ("FONTNAME", (0, 0), (-1, -1), BODY_FONT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
    ]
)


def _t(text: str) -> str:
    return translate("Record", text)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    from coproduce.record.sections import table

    return table(rows, widths)


def principles_section(record: dict[str, Any]) -> list[Flowable]:
    rows: list[list[Any]] = [
        [_t("Principle"), _t("Exercises"), _t("Contributions"), _t("People"), _t("From carers")]
    ]
    warnings: list[str] = []
    for p in record["principles"]:
        rows.append(
            [
                f"{p['principle']}. {principle_title(p['principle'])}",
                "; ".join(p["exercises"]) or "—",
                str(p["contributions"]),
                str(p["participants"]),
                str(p["carers_contributions"]),
            ]
        )
        if not p["contributions"]:
            warnings.append(
                _t("Principle {n} has no evidence: no contributions were recorded for it.").format(
                    n=p["principle"]
                )
            )
    out: list[Flowable] = [
        PageBreak(),
        paragraph(_t("The six principles"), styles().heading),
        _table(rows, [64 * mm, 50 * mm, 22 * mm, 18 * mm, 20 * mm]),
    ]
    out += [paragraph(w) for w in warnings]
    return out


def participation_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    part = record["participation"]
    out: list[Flowable] = [
        Spacer(1, 6 * mm),
        paragraph(_t("Participation and reach"), st.heading),
        paragraph(
            _t(
                "{n} people took part. Counts from 1 to 4 are shown as “fewer than 5” so "
                "that nobody can be identified."
            ).format(n=part["participants"])
        ),
    ]
    rows: list[list[Any]] = [[_t("Role"), _t("People")]]
    rows += [[role_label(role), _count(count)] for role, count in part["by_role"].items()]
    out.append(_table(rows, [120 * mm, 54 * mm]))
    missing = [role for role, count in part["by_role"].items() if count == 0]
    for role, principle in (("carer", 4), ("vcse", 5), ("housing", 5), ("volunteer", 6)):
        if role in missing:
            out.append(
                paragraph(
                    _t("No {role} took part (principle {n}).").format(
                        role=role_label(role).lower(), n=principle
                    )
                )
            )
    out += equality_tables(part["equality"])
    return out


def _count(value: int | str) -> str:
    """A published count, or the translated label of a hidden one (as ``suppression.cell_text`` shows it)."""
    return str(value) if isinstance(value, int) else translate("Suppression", value)


def equality_tables(report: dict[str, Any]) -> list[Flowable]:
    """The anonymous equality monitoring figures, two questions side by side, with the suppression note."""
    st = styles()
    intro: list[Flowable] = [
        Spacer(1, 4 * mm),
        paragraph(
            _t("Equality monitoring: {n} anonymous forms").format(n=_count(report["forms"])), st.subheading
        ),
        paragraph(
            _t(
                "Answers are counted in aggregate only; forms are kept apart from people and what they said. "
                "Each question's total is the number of forms."
            ),
            st.small,
        ),
        paragraph(footnote(report["secondary_suppression"]), st.small),
        Spacer(1, 2 * mm),
    ]
    tables: list[Flowable] = []
    for q in report["questions"]:
        rows: list[list[Any]] = [[question_title(q["key"]), _t("Forms")]]
        rows += [[answer_label(answer), _count(count)] for answer, count in q["answers"]]
        rows.append([_t("Total"), _count(q["total"])])
        inner = _table(rows, [62 * mm, 22 * mm])
        inner.setStyle(TableStyle([("BACKGROUND", (0, -1), (-1, -1), colors.HexColor("#f3f3f3"))]))
        tables.append(inner)
    if len(tables) % 2:
        tables.append(Spacer(1, 1))
    pairs: list[Flowable] = []
    for left, right in zip(tables[::2], tables[1::2], strict=True):
        pairs += [Table([[left, right]], colWidths=[87 * mm, 87 * mm], style=_PAIR), Spacer(1, 3 * mm)]
    # the heading and its notes stay on the page of the first tables
    return [KeepTogether(intro + pairs[:1]), *pairs[1:]]
