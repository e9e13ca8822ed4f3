"""Ready to sign: each check turns from a gap into ok when what it asks for is recorded, and
``coproduce check`` exits non-zero while any gap remains."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

import pytest
from sqlalchemy import Engine

from coproduce.cli import main
from coproduce.paths import DataPaths
from coproduce.services import (
    consent,
    contributions,
    decisions,
    documents,
    exercises,
    outcomes,
    readiness,
    votes,
    workshops,
)
from coproduce.services.decisions import DecisionInput
from coproduce.services.votes import OptionInput
from coproduce.storage.database import open_database
from tests.services._room import ACTOR

KEYS = [
    "question",
    "proposal_status",
    "decision_due",
    "documents",
    "dates",
    "notice",
    "facilitators",
    "consent",
    "exercise_time",
    "votes_closed",
    "decisions",
    "decisions_final",
    "divergence",
    "outcomes",
]


def _state(engine: Engine, workshop_id: str) -> dict[str, bool]:
    return {c.key: c.ok for c in readiness.check(engine, workshop_id)}


class Workshop:
    """Builds a workshop step by step, one readiness check at a time."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.id = workshops.create_workshop(engine, ACTOR, "Urgent care in Havant")
        self.exercise = exercises.add_exercise(
            engine, ACTOR, self.id, exercises.from_template("ideas-and-priorities")
        )
        self.idea = contributions.add_contribution(engine, ACTOR, self.exercise, "Open on Saturdays", "idea")
        self.vote = votes.create_vote(
            engine, ACTOR, self.id, "Which?", "approval", [OptionInput("Saturdays"), OptionInput("Evenings")]
        )
        self.decision = ""

    def update(self, **changes: object) -> None:
        workshops.update_workshop(self.engine, ACTOR, self.id, changes)

    def fix(self, key: str) -> None:
        e, w = self.engine, self.id
        if key == "question":
            self.update(question="How should urgent care work at weekends?")
        elif key == "proposal_status":
            self.update(preferred_option="Option B, preferred by the ICB")
        elif key == "decision_due":
            self.update(decision_due=dt.date(2027, 3, 31))
        elif key == "documents":
            documents.add_document_record(e, ACTOR, w, "Options appraisal", "ab" * 32)
        elif key == "dates":
            self.update(date=dt.date(2026, 11, 14), start_time=dt.time(10), end_time=dt.time(13))
        elif key == "notice":
            self.update(notice_given=dt.date(2026, 10, 24))
        elif key == "facilitators":
            workshops.set_facilitators(
                e, ACTOR, w, [workshops.FacilitatorInput("Sarah Collins", is_lead=True)]
            )
        elif key == "consent":
            consent.current_statement(e, ACTOR, w)
        elif key == "exercise_time":
            start = dt.datetime(2026, 11, 14, 10, 30, tzinfo=dt.UTC)
            exercises.record_run(e, ACTOR, self.exercise, start, start + dt.timedelta(minutes=25))
        elif key == "votes_closed":
            votes.close_vote(e, ACTOR, self.vote)
        elif key == "decisions":
            self.decision = decisions.create_decision(
                e,
                ACTOR,
                w,
                DecisionInput("Open on Saturdays.", rationale="Most asked for.", decided_by="ICB"),
            )
            decisions.set_links(e, ACTOR, self.decision, [("contribution", self.idea)])
        elif key == "decisions_final":
            decisions.finalise(e, ACTOR, self.decision)
        elif key == "outcomes":
            outcomes.set_outcome(e, ACTOR, w, "contribution", self.idea, "adopted")


def test_every_check_flips_from_gap_to_ok_when_fixed(engine: Engine) -> None:
    w = Workshop(engine)
    w.update(proposal_status="preferred_option")  # a preferred option must then be named
    state = _state(engine, w.id)
    assert list(state) == KEYS
    # with no decisions yet, none is a draft and none needs explaining
    assert [k for k, ok in state.items() if ok] == ["decisions_final", "divergence"]
    gaps = readiness.gaps(readiness.check(engine, w.id))
    assert all(g.detail and g.section in {"Overview", "Participants", "Exercises", "Decisions"} for g in gaps)
    for key in KEYS:
        if key == "divergence":
            continue
        assert not _state(engine, w.id)[key], key
        w.fix(key)
        after = _state(engine, w.id)
        assert after[key], key
        assert all(after[k] for k in KEYS[: KEYS.index(key) + 1]), key  # fixing one breaks no other
    assert readiness.gaps(readiness.check(engine, w.id)) == []
    assert "Ready to sign." in readiness.render_text("t", readiness.check(engine, w.id))


def test_an_unexplained_divergence_is_a_gap(engine: Engine) -> None:
    w = Workshop(engine)
    saturday, evening = (
        o.id for o in sorted(votes.options_in_shown_order(engine, w.vote), key=lambda o: o.position)
    )
    votes.cast_ballot(engine, ACTOR, w.vote, {"approved": [saturday]})
    decision = decisions.create_decision(engine, ACTOR, w.id, DecisionInput("Open in the evenings."))
    decisions.set_links(engine, ACTOR, decision, [("adopts_option", evening)])
    assert _state(engine, w.id)["divergence"]  # open vote: the room's view is not known yet
    votes.close_vote(engine, ACTOR, w.vote)
    [gap] = [c for c in readiness.check(engine, w.id) if c.key == "divergence"]
    assert not gap.ok and "Open in the evenings." in gap.detail
    decisions.update_decision(
        engine,
        ACTOR,
        decision,
        DecisionInput("Open in the evenings.", divergence_reason="No Saturday staff."),
    )
    assert _state(engine, w.id)["divergence"]


def _run_check(paths: DataPaths, workshop_id: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["--data-dir", str(paths.root), "check", workshop_id])
    return code, capsys.readouterr().out


def test_coproduce_check_exits_non_zero_until_ready(
    data_paths: DataPaths, capsys: pytest.CaptureFixture[str]
) -> None:
    def with_db(step: Callable[[Engine], None]) -> None:
        db = open_database(data_paths)  # closed again so the command can take the folder's lock
        try:
            step(db.engine)
        finally:
            db.close()

    holder: list[Workshop] = []
    with_db(lambda engine: holder.append(Workshop(engine)))
    w = holder[0]
    code, out = _run_check(data_paths, w.id, capsys)
    assert code == 1
    assert "[GAP] The question or proposal is stated" in out and "(section: Overview)" in out
    assert re.search(r"\n\d+ gaps? to close or explain before signing\.", out)

    def fix_all(engine: Engine) -> None:
        w.engine = engine
        for key in KEYS:
            if key not in ("divergence", "proposal_status"):
                w.fix(key)

    with_db(fix_all)
    code, out = _run_check(data_paths, w.id, capsys)
    assert (code, out.strip().splitlines()[-1]) == (0, "Ready to sign.")
    assert "[GAP]" not in out
