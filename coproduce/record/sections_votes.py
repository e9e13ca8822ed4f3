"""The record's Votes section: each vote's result, bar charts of the totals, and the vote by role (small
groups pooled).

All participant text goes through ``text.paragraph``; our own labels through ``_t`` (translatable)."""

from __future__ import annotations

from typing import Any

from reportlab.graphics.shapes import Drawing, Rect
from reportlab.lib import colors
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Spacer, Table

from coproduce.i18n import translate
from coproduce.record.sections_common import long_text, table
from coproduce.record.sections_people import plural
from coproduce.record.text import paragraph, styles
from coproduce.services.choices import role_label
from coproduce.services.votes import method_label


def _t(text: str) -> str:
    return translate("Record", text)


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
    """The vote by role as the record publishes it (``canonical_votes._by_role``: small groups pooled)."""
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
