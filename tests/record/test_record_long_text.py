"""The longest text the services accept reaches the signed record intact; decisions name their inputs;
ranking votes show first preferences. (An amended revision: test_verify_printed_copy.py.)"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import Engine

from coproduce.paths import DataPaths
from coproduce.record.export import export_record
from coproduce.record.keys import KeyStore
from coproduce.record.verify import Status, verify
from coproduce.services import consent, contributions, decisions, exercises, outcomes, votes, workshops
from coproduce.services.decisions import DecisionInput
from coproduce.services.validate import LONG, MEDIUM, SHORT
from coproduce.storage.database import open_database

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")

PASSPHRASE = "a long test passphrase"
CONTRIBUTION_LIMIT = 10_000
SENTENCE = "The bus stop outside the surgery was moved and now people walk further in the rain. "
WORDS = (SENTENCE * 200)[: CONTRIBUTION_LIMIT - 1].rstrip() + "."
ONE_WORD = ("Zq" * CONTRIBUTION_LIMIT)[:CONTRIBUTION_LIMIT]
URDU = ("ہم چاہتے ہیں کہ کلینک شام کو بھی کھلا رہے۔ " * 300)[:CONTRIBUTION_LIMIT].strip()
TITLE = ("Urgent care in Southampton and Eastleigh, " * 10)[:SHORT]
RATIONALE = ("Rationale sentence about travel times and costs. " * 500)[:LONG]
DISSENT = ("Dissent sentence from the carers' table. " * 600)[:LONG]
DIVERGENCE = ("Divergence reason about staffing. " * 700)[:LONG]
REASON = ("Wv" * MEDIUM)[:MEDIUM]  # an outcome's reason: one unbroken word at its limit


@dataclass
class Built:
    paths: DataPaths
    workshop_id: str
    pdf: Path
    text: str  # its pdftotext


def _text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _export(engine: Engine, paths: DataPaths, workshop_id: str, name: str) -> Path:
    out = paths.root / name
    export_record(
        engine,
        KeyStore(paths.keys),
        workshop_id,
        out,
        passphrase=PASSPHRASE,
        actor="t",
        gaps_reason="Test workshop.",
    )
    return out


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Built]:
    paths = DataPaths(tmp_path_factory.mktemp("long") / "data")
    with open_database(paths) as db:
        engine = db.engine
        w = workshops.create_workshop(
            engine, "t", TITLE, question="What would help?", date=dt.date(2026, 12, 3)
        )
        workshops.set_facilitators(engine, "t", w, [workshops.FacilitatorInput("Lena Ward", "Fareham CVS")])
        consent.current_statement(engine, "t", w)
        ex = exercises.add_exercise(engine, "t", w, exercises.from_template("carers-check"))
        ids = [
            contributions.add_contribution(engine, "t", ex, text, "need")
            for text in (WORDS, ONE_WORD, URDU, "Later hidden: a remark nobody may read in the record")
        ]
        theme = contributions.add_theme(engine, "t", w, "Transport to the clinic", ex)
        contributions.set_theme(engine, "t", ids[:1], theme)
        for cid in ids[:3]:
            outcomes.set_outcome(engine, "t", w, "contribution", cid, "not_adopted", REASON)
        outcomes.set_outcome(engine, "t", w, "theme", theme, "adopted_with_changes", REASON)
        contributions.hide_contribution(engine, "t", ids[3], "Off topic")

        ranking = votes.create_vote(
            engine,
            "t",
            w,
            "Which site first?",
            "ranking",
            [votes.OptionInput("Hythe"), votes.OptionInput("Totton"), votes.OptionInput("Romsey")],
        )
        option = {o.label: o.id for o in votes.options_in_shown_order(engine, ranking)}
        for order in (["Hythe", "Totton", "Romsey"],) * 3 + (["Totton", "Romsey", "Hythe"],) * 2:
            votes.cast_ballot(engine, "t", ranking, {"ranking": [option[x] for x in order]})
        votes.close_vote(engine, "t", ranking)
        round_ = votes.create_vote(
            engine, "t", w, "Close the walk-in centre?", "consent", proposal="Close it."
        )
        for response in ("agree", "agree", "can_live_with"):
            votes.cast_ballot(engine, "t", round_, {"response": response})
        votes.close_vote(engine, "t", round_)

        decision = decisions.create_decision(
            engine,
            "t",
            w,
            DecisionInput(
                statement="Open the new clinic in Totton first.",
                rationale=RATIONALE,
                decided_by="Dr Amira Shah",
                decided_by_role="ICB board",
                decided_on=dt.date(2026, 12, 10),
                agreement="divided",
                dissent=DISSENT,
                divergence_reason=DIVERGENCE,
            ),
        )
        links = [("contribution", cid) for cid in ids] + [
            ("theme", theme),
            ("vote", ranking),
            ("adopts_option", option["Totton"]),
            ("rejects_proposal", round_),
        ]
        decisions.set_links(engine, "t", decision, links)

        pdf = _export(engine, paths, w, "record.pdf")
    yield Built(paths, w, pdf, _text(pdf))


def test_the_longest_texts_export_sign_and_verify(built: Built) -> None:
    result = verify(built.pdf.read_bytes(), KeyStore(built.paths.keys))
    assert result.status is Status.AUTHENTIC, result.reasons
    record = json.loads(result.record_json or b"")
    said = {row["text"] for row in record["you_said_we_did"]}
    assert {WORDS, ONE_WORD, URDU} <= said


def test_long_text_is_printed_whole_in_the_tables(built: Built) -> None:
    flat = _squash(built.text)
    # in Exercises and in "You said, we did": the whole single word, wrapped, twice (and quoted in part)
    assert flat.count("Z") >= 2 * ONE_WORD.count("Z")
    assert flat.count("surgery") >= 2 * WORDS.count("surgery")  # page footers interrupt whole sentences
    assert flat.count("کلینک") >= 2 * URDU.count("کلینک")
    assert flat.count("W") >= 4 * REASON.count("W")  # four outcome reasons
    assert _squash(TITLE) in flat
    for long_text in (RATIONALE, DISSENT, DIVERGENCE):
        assert flat.count(_squash(long_text[:60])) >= 1
        assert _squash(long_text[-40:]) in flat


def test_decisions_name_the_inputs_that_informed_them(built: Built) -> None:
    text = built.text
    section = text[text.index("Decisions\n") : text.index("You said, we did")]
    flat = " ".join(section.split())
    assert "Informed by: 8 linked inputs" in flat
    for heading in (
        "Adopts an option from a vote (1)",
        "Rejects the proposal put to a consent round (1)",
        "Votes considered (1)",
        "Themes considered (1)",
        "Contributions considered (4)",
    ):
        assert heading in flat, heading
    assert "“Totton” from the vote “Which site first?”" in flat
    assert "“Close the walk-in centre?”: consented (3 ballots)" in flat
    assert "Transport to the clinic" in flat
    assert "The bus stop outside the surgery" in flat and "#1" in flat
    assert "1 linked contribution not shown" in flat
    assert "Later hidden" not in text  # the hidden contribution's text appears nowhere


def test_ranking_votes_show_first_preferences(built: Built) -> None:
    flat = " ".join(built.text.split())
    assert "First preferences" in flat and "Borda points" in flat
    record = json.loads(verify(built.pdf.read_bytes(), KeyStore(built.paths.keys)).record_json or b"")
    [ranking] = [v for v in record["votes"] if v["method"] == "ranking"]
    firsts = {t["option"]: t["first_preferences"] for t in ranking["overall"]["totals"]}
    assert firsts == {"Hythe": 3, "Totton": 2, "Romsey": 0}
