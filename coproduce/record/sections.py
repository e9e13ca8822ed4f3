"""The record's sections, in order, as reportlab flowables: the cover, summary, readiness checklist, exercises
and consent statement here; votes in ``sections_votes``, decisions and sign-off in ``sections_decisions``,
principles and participation in ``sections_people``; shared helpers in ``sections_common``.

All participant text goes through ``text.paragraph`` (escaped, font fallback, shaping, bidi); our own labels
through ``_t`` (translatable)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Spacer

from coproduce.i18n import translate
from coproduce.record.sections_common import Progress, _date, boxed, break_name, labelled, long_text, table
from coproduce.record.sections_decisions import decisions_section, outcomes_section, sign_off
from coproduce.record.sections_people import (
    participation_section,
    plural,
    principles_section,
)
from coproduce.record.sections_votes import votes_section
from coproduce.record.text import paragraph, styles
from coproduce.services.choices import influence_label, proposal_status_label
from coproduce.services.principles import principle_title
from coproduce.services.templates import kind_label


def _t(text: str) -> str:
    return translate("Record", text)


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


def consent_section(record: dict[str, Any]) -> list[Flowable]:
    st = styles()
    out: list[Flowable] = [PageBreak(), paragraph(_t("Consent statement used"), st.heading)]
    for s in record["consent_statements"]:
        out += [paragraph(_t("Version {n}").format(n=s["version"]), st.subheading), *long_text(s["text"])]
        if s.get("sha256"):
            out.append(paragraph(_t("SHA-256 of this text: {hash}").format(hash=s["sha256"]), st.small))
    return out


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
