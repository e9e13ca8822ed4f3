"""Record sections about who took part: the six principles and participation and reach (aggregates only)."""

from __future__ import annotations

from typing import Any

from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, PageBreak, Spacer, Table, TableStyle

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT
from coproduce.record.text import paragraph, styles
from coproduce.services.choices import role_label
from coproduce.services.consent import method_label
from coproduce.services.equality import answer_label, question_title
from coproduce.services.principles import principle_title
from coproduce.services.suppression import THRESHOLD, footnote

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


def plural(n: int, one: str, many: str) -> str:
    """``one`` or ``many`` (both translatable, with ``{n}``) chosen by ``n``, then formatted with it."""
    return _t(one if n == 1 else many).format(n=n)


def _table(rows: list[list[Any]], widths: list[float]) -> Table:
    from coproduce.record.sections_common import table

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
        Spacer(1, 2 * mm),
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
            plural(part["participants"], "{n} person took part.", "{n} people took part.")
            + " "
            + _t("Counts from 1 to 4 are shown as “fewer than 5” so that nobody can be identified.")
        ),
    ]
    rows: list[list[Any]] = [[_t("Role"), _t("People")]]
    rows += [[role_label(role), _count(count)] for role, count in part["by_role"].items()]
    out += [_table(rows, [120 * mm, 54 * mm]), Spacer(1, 2 * mm)]
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
    out += attendance_section(record)
    out += equality_tables(part["equality"])
    return out


def _count(value: int | str) -> str:
    """A published count, or the translated label of a hidden one (as ``suppression.cell_text`` shows it)."""
    return str(value) if isinstance(value, int) else translate("Suppression", value)


def equality_tables(report: dict[str, Any]) -> list[Flowable]:
    """The anonymous equality monitoring figures, two questions side by side, with the suppression note."""
    st = styles()
    if report["forms"] == 0:
        return [
            Spacer(1, 4 * mm),
            paragraph(_t("Equality monitoring"), st.subheading),
            paragraph(_t("No equality monitoring forms were returned.")),
        ]
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


_UNNAMED_METHOD_LABELS = {"not_recorded": "No consent recorded, or declined"}


def _agreed_to(consent: dict[str, Any]) -> str:
    parts = [
        _t("take part") if consent["take_part"] else _t("not to take part"),
        _t("be named") if consent["be_named"] else _t("not be named"),
        _t("be contacted with feedback") if consent["be_contacted"] else _t("not be contacted"),
    ]
    return "; ".join(parts)


def _how(consent: dict[str, Any]) -> str:
    how = method_label(consent["method"])
    if consent["witness"]:
        how += _t(" (witness: {name}, facilitator)").format(name=consent["witness"])
    elif consent["witness_not_named"]:
        how += _t(" (witness recorded, not named here)")
    return how


def _consent_cell(consent: dict[str, Any]) -> str:
    version = consent["statement_version"]
    when = str(consent["recorded_at"])[:16] + " UTC" if consent["recorded_at"] else _t("time not recorded")
    return _t("{how}, {when}, statement v{version}. Agreed to: {agreed}.").format(
        how=_how(consent),
        when=when,
        version=version if version is not None else "?",
        agreed=_agreed_to(consent),
    )


def attendance_section(record: dict[str, Any]) -> list[Flowable]:
    """Who took part: people who agreed to be named, a count of the others, and the consent ledger summary."""
    st = styles()
    people = record.get("attendance")
    if people is None:  # a record made before this section existed
        return []
    # the heading is not left alone at the foot of a page
    out: list[Flowable] = [
        CondPageBreak(45 * mm),
        Spacer(1, 6 * mm),
        paragraph(_t("Who took part"), st.heading),
    ]
    named = people["named"]
    if named:
        out.append(
            paragraph(
                plural(
                    len(named),
                    "{n} person agreed to be named in this record:",
                    "{n} people agreed to be named in this record:",
                )
            )
        )
        rows: list[list[Any]] = [[_t("Name"), _t("Roles"), _t("Organisation"), _t("Consent")]]
        for person in named:
            rows.append(
                [
                    person["name"],
                    "; ".join(role_label(r) for r in person["roles"]) or "—",
                    person["organisation"] or "—",
                    _consent_cell(person["consent"]),
                ]
            )
        out += [_table(rows, [38 * mm, 34 * mm, 34 * mm, 68 * mm]), Spacer(1, 2 * mm)]
    else:
        out.append(paragraph(_t("Nobody asked to be named in this record.")))
    others = people["others"]
    if others:
        out.append(Spacer(1, 2 * mm))
        out.append(
            paragraph(
                plural(
                    others,
                    "{n} more person took part and was not named.",
                    "{n} more people took part and were not named.",
                )
                if named
                else plural(
                    others,
                    "{n} person took part and was not named.",
                    "{n} people took part and were not named.",
                )
            )
        )
        if others < THRESHOLD:
            out.append(
                paragraph(
                    _t(
                        "How they gave their consent is not broken down, as there are fewer than 5 of them; "
                        "each gave it as recorded in the app's signed history."
                    ),
                    st.small,
                )
            )
            others = 0  # no table
    if others:
        out.append(paragraph(_t("How the people not named gave their consent"), st.subheading))
        rows = [[_t("How consent was given"), _t("People")]]
        for method, count in people["others_by_method"].items():
            label = (
                _t(_UNNAMED_METHOD_LABELS[method])
                if method in _UNNAMED_METHOD_LABELS
                else method_label(method)
            )
            rows.append([label, _count(count)])
        out += [_table(rows, [120 * mm, 54 * mm]), Spacer(1, 2 * mm)]
        kept = people["others_withdrawn_kept_anonymous"]
        if kept != 0:
            out.append(
                paragraph(
                    _t(
                        "Of them, {n} withdrew afterwards and asked for their words to be kept without their "
                        "name."
                    ).format(n=_count(kept)),
                    st.small,
                )
            )
        out.append(paragraph(footnote(people["others_secondary_suppression"]), st.small))
    out.append(
        paragraph(
            _t(
                "People who withdrew and asked for their contributions to be removed are not counted or "
                "named. Each person chose whether to be named; consent is recorded in the app's signed "
                "history."
            ),
            st.small,
        )
    )
    shown = {s["version"]: s for s in record["consent_statements"]}
    for version in people["statement_versions"]:
        statement = shown.get(version)
        digest = statement.get("sha256", "") if statement else ""
        out.append(
            paragraph(
                _t(
                    "Consent statement version {v} was shown (SHA-256 {hash}); its full text is at the end "
                    "of this record."
                ).format(v=version, hash=digest or _t("not recorded")),
                st.small,
            )
        )
    return out
