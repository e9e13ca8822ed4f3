"""The demo workshop's exercises as they ran on the day, and the themes the room grouped its ideas into."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Engine

from coproduce.services import contributions, exercises

ACTOR = "demo"
DAY = dt.date(2026, 11, 14)  # GMT in November: local time is UTC

# template -> (started, stopped) as local clock times
RUNS: dict[str, tuple[str, str]] = {
    "what-matters-to-me": ("10:18", "10:41"),
    "ideas-and-priorities": ("10:44", "11:12"),
    "who-is-not-in-the-room": ("11:27", "11:43"),
    "carers-check": ("11:45", "11:58"),
    "community-assets-map": ("12:01", "12:24"),
    "offers-and-pledges": ("12:26", "12:39"),
}

# template -> theme name -> the beginnings of the contributions grouped under it
THEMES: dict[str, dict[str, tuple[str, ...]]] = {
    "ideas-and-priorities": {
        "Keep walk-in access close to home": ("Keep a walk-in service", "Run an urgent treatment clinic"),
        "Know the wait before you go": ("Text people their place", "Publish the waiting times"),
        "Booking that works for everyone": ("Online booking for urgent slots", "Staffing a second site"),
    },
    "who-is-not-in-the-room": {
        "Go to where people already are": ("Come to the carers' coffee morning", "People in temporary"),
    },
}


def _at(clock: str) -> dt.datetime:
    hour, minute = (int(part) for part in clock.split(":"))
    return dt.datetime.combine(DAY, dt.time(hour, minute), tzinfo=dt.UTC)


def add_demo_runs(engine: Engine, workshop_id: str) -> None:
    """Record when each demo exercise ran, and group some of the ideas into themes."""
    by_template = {e.template_id: e for e in exercises.list_exercises(engine, workshop_id)}
    for template_id, (start, stop) in RUNS.items():
        exercise = by_template.get(template_id)
        if exercise is not None:
            exercises.record_run(engine, ACTOR, exercise.id, _at(start), _at(stop))
    items = contributions.list_contributions(engine, workshop_id)
    for template_id, themes in THEMES.items():
        exercise = by_template.get(template_id)
        if exercise is None:
            continue
        for name, beginnings in themes.items():
            theme_id = contributions.add_theme(engine, ACTOR, workshop_id, name, exercise_id=exercise.id)
            chosen = [c.id for c in items if c.exercise_id == exercise.id and c.text.startswith(beginnings)]
            contributions.set_theme(engine, ACTOR, chosen, theme_id)
