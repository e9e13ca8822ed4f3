"""Record sections about who took part: the six principles and participation and reach (aggregates only)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Spacer, Table

from coproduce.i18n import translate
from coproduce.record.text import paragraph, styles
from coproduce.services.choices import role_label
from coproduce.services.principles import principle_title


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
    rows += [[role_label(role), str(count)] for role, count in part["by_role"].items()]
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
    out.append(
        paragraph(
            _t("Equality monitoring: {n} anonymous forms.").format(n=part["equality_forms"]), st.subheading
        )
    )
    for question, answers in part["equality"].items():
        rows = [[question.replace("_", " ").capitalize(), _t("Forms")]]
        rows += [[answer, str(count)] for answer, count in answers.items()]
        out.append(_table(rows, [120 * mm, 54 * mm]))
        out.append(Spacer(1, 2 * mm))
    return out
