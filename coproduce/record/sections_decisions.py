"""The record's Decisions section (with the box for a decision that goes against the room, and the inputs it
was informed by), "You said, we did", and the sign-off page with the signatures and the QR code.

All participant text goes through ``text.paragraph``; our own labels through ``_t`` (translatable)."""

from __future__ import annotations

import io
from functools import cache
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Image, PageBreak, Spacer, Table, TableStyle

from coproduce.i18n import translate
from coproduce.record.fonts import BODY_FONT
from coproduce.record.qr import qr_png
from coproduce.record.sections_common import _date, boxed, labelled, long_text, table
from coproduce.record.sections_people import plural
from coproduce.record.sections_votes import _consent_outcome
from coproduce.record.text import Trusted, compose, markup_paragraph, paragraph, styles
from coproduce.services.decisions import agreement_label
from coproduce.services.outcomes import outcome_label


def _t(text: str) -> str:
    return translate("Record", text)


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
