"""The demo workshop's votes (one of each method), decisions (one going against the room, with its reason)
and "you said, we did" outcomes."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from coproduce.services import consent, contributions, decisions, exercises, outcomes, votes
from coproduce.services.decisions import DecisionInput
from coproduce.services.votes import OptionInput

ACTOR = "demo"


def add_demo_decisions(engine: Engine, workshop_id: str) -> None:
    people = [p.id for p in consent.consenting_participants(engine, workshop_id)]
    ideas = next(
        e for e in exercises.list_exercises(engine, workshop_id) if e.template_id == "ideas-and-priorities"
    )
    idea_items = [
        c for c in contributions.list_contributions(engine, workshop_id) if c.exercise_id == ideas.id
    ]

    # 1. Dot voting over the room's ideas: 3 dots each.
    dots = votes.create_vote(
        engine,
        ACTOR,
        workshop_id,
        "Which ideas matter most?",
        "dots",
        [OptionInput(contribution_id=c.id) for c in idea_items if c.kind == "idea"],
        allowance=3,
        exercise_id=ideas.id,
    )
    dot_options = {o.label: o.id for o in votes.options_in_shown_order(engine, dots)}
    walk_in = next(i for label, i in dot_options.items() if label.startswith("Keep a walk-in"))
    hub = next(i for label, i in dot_options.items() if label.startswith("Run an urgent treatment"))
    texts = next(i for label, i in dot_options.items() if label.startswith("Text people"))
    waits = next(i for label, i in dot_options.items() if label.startswith("Publish the waiting"))
    patterns = [
        {walk_in: 2, texts: 1},
        {walk_in: 3},
        {hub: 2, waits: 1},
        {walk_in: 1, hub: 1, waits: 1},
        {texts: 2, walk_in: 1},
        {waits: 3},
        {walk_in: 2, hub: 1},
        {hub: 3},
        {walk_in: 1, texts: 2},
        {waits: 1, walk_in: 2},
    ]
    for person, pattern in zip(people, patterns, strict=False):
        votes.cast_ballot(engine, ACTOR, dots, {"dots": pattern}, participant_id=person)
    votes.cast_ballot(engine, ACTOR, dots, {"dots": {walk_in: 3}}, paper=True)
    votes.close_vote(engine, ACTOR, dots)

    # 2. Ranking of the three models of care.
    ranking = votes.create_vote(
        engine,
        ACTOR,
        workshop_id,
        "Rank the three models of urgent care",
        "ranking",
        [
            OptionInput("Keep a walk-in centre"),
            OptionInput("Booked urgent appointments through NHS 111"),
            OptionInput("Community urgent care hubs"),
        ],
    )
    r = {o.label: o.id for o in votes.options_in_shown_order(engine, ranking)}
    keep, booked, hubs = (
        r["Keep a walk-in centre"],
        r["Booked urgent appointments through NHS 111"],
        r["Community urgent care hubs"],
    )
    orders = [
        [keep, hubs, booked],
        [keep, booked, hubs],
        [hubs, keep, booked],
        [keep, hubs, booked],
        [booked, keep, hubs],
        [hubs, keep, booked],
        [keep, hubs],
        [keep, booked, hubs],
        [hubs, booked, keep],
        [keep, hubs, booked],
    ]
    for person, order in zip(people, orders, strict=False):
        votes.cast_ballot(engine, ACTOR, ranking, {"ranking": order}, participant_id=person)
    votes.close_vote(engine, ACTOR, ranking)

    # 3. Approval of opening hours.
    hours = votes.create_vote(
        engine,
        ACTOR,
        workshop_id,
        "Which opening hours would work for you?",
        "approval",
        [
            OptionInput("8am to 8pm, seven days"),
            OptionInput("Evenings and weekends only"),
            OptionInput("24 hours at one site"),
        ],
    )
    h = {o.label: o.id for o in votes.options_in_shown_order(engine, hours)}
    approvals = [
        ["8am to 8pm, seven days"],
        ["8am to 8pm, seven days", "24 hours at one site"],
        ["Evenings and weekends only"],
        ["8am to 8pm, seven days"],
        ["24 hours at one site"],
        ["8am to 8pm, seven days", "Evenings and weekends only"],
        [],
        ["8am to 8pm, seven days"],
    ]
    for person, chosen in zip(people, approvals, strict=False):
        votes.cast_ballot(engine, ACTOR, hours, {"approved": [h[c] for c in chosen]}, participant_id=person)
    votes.close_vote(engine, ACTOR, hours)

    # 4. A consent round on publishing waiting times.
    proposal = votes.create_vote(
        engine,
        ACTOR,
        workshop_id,
        "Consent round: publish live waiting times",
        "consent",
        proposal="Publish live waiting times for every urgent care site on one web page, on posters and by phone.",
    )
    responses = [
        ("agree", ""),
        ("agree", ""),
        ("can_live_with", "Keep the phone line staffed, not automated."),
        ("agree", ""),
        ("agree", ""),
        ("can_live_with", "Posters must be in community languages."),
        ("agree", ""),
    ]
    for person, (response, reason) in zip(people, responses, strict=False):
        votes.cast_ballot(
            engine, ACTOR, proposal, {"response": response, "reason": reason}, participant_id=person
        )
    votes.close_vote(engine, ACTOR, proposal)

    # Decisions. The first goes against the room's ranking, with its reason.
    first = decisions.create_decision(
        engine,
        ACTOR,
        workshop_id,
        DecisionInput(
            statement="Recommend booked urgent appointments through NHS 111 as the main model, with a city-centre "
            "walk-in service kept for 12 months while it is evaluated.",
            rationale="The booked model reaches more people across the city for the same staff; the room's concerns "
            "about access are met by keeping a walk-in service during the transition.",
            decided_by="Hampshire and Isle of Wight ICB Primary Care Committee",
            decided_by_role="Commissioning committee",
            decided_on=dt.date(2026, 11, 20),
            agreement="divided",
            dissent="Several carers said booked appointments do not work when the person they care for becomes "
            "unwell suddenly, and that 12 months is too short to judge.",
            divergence_reason="The room ranked keeping a walk-in centre first. Keeping it as the main model would "
            "need 9 more nurses the system cannot recruit by 2027; instead the walk-in service "
            "stays for 12 months and the evaluation will report back to this group.",
        ),
    )
    decisions.set_links(
        engine,
        ACTOR,
        first,
        [("vote", ranking), ("adopts_option", booked), ("vote", dots)]
        + [("contribution", c.id) for c in idea_items[:2]],
    )
    decisions.add_action(
        engine,
        ACTOR,
        first,
        "Report the 12-month evaluation back to this group",
        "Helen Moore, ICB",
        dt.date(2028, 1, 31),
    )
    decisions.finalise(engine, ACTOR, first)

    second = decisions.create_decision(
        engine,
        ACTOR,
        workshop_id,
        DecisionInput(
            statement="Publish live waiting times for every urgent care site, online, on posters and by phone.",
            rationale="The room consented, and it answers the most frequent complaint: not knowing how long to wait.",
            decided_by="Sarah Collins",
            decided_by_role="Lead facilitator, on behalf of the room",
            decided_on=dt.date(2026, 11, 14),
            agreement="consensus",
            dissent="Two people could live with it on conditions: a staffed phone line and posters in community "
            "languages.",
        ),
    )
    decisions.set_links(
        engine,
        ACTOR,
        second,
        [("adopts_proposal", proposal), ("vote", proposal)]
        + [("contribution", c.id) for c in idea_items if c.text.startswith("Publish")],
    )
    decisions.add_action(
        engine,
        ACTOR,
        second,
        "Publish waiting times page and posters",
        "Priya Shah, Solent NHS",
        dt.date(2027, 2, 28),
    )
    decisions.finalise(engine, ACTOR, second)

    for item in contributions.list_contributions(engine, workshop_id):
        if item.id in {c.id for c in idea_items[:1]}:
            outcomes.set_outcome(
                engine,
                ACTOR,
                workshop_id,
                "contribution",
                item.id,
                "adopted_with_changes",
                "A walk-in service stays for 12 months, not permanently.",
            )
        elif item.text.startswith("Publish"):
            outcomes.set_outcome(engine, ACTOR, workshop_id, "contribution", item.id, "adopted")
        elif item.text.startswith("Online booking"):
            outcomes.set_outcome(
                engine,
                ACTOR,
                workshop_id,
                "contribution",
                item.id,
                "out_of_scope",
                "Online booking is run nationally by NHS England, not locally.",
            )
        else:
            outcomes.set_outcome(engine, ACTOR, workshop_id, "contribution", item.id, "to_consider")
    for theme in contributions.list_themes(engine, workshop_id):
        if theme.name == "Know the wait before you go":
            outcomes.set_outcome(engine, ACTOR, workshop_id, "theme", theme.id, "adopted")
        else:
            outcomes.set_outcome(engine, ACTOR, workshop_id, "theme", theme.id, "to_consider")
