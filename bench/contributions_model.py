"""How fast the contributions view loads and filters 50,000 contributions in one workshop.

Builds a workshop (six exercises, 40 consenting people, four themes) and inserts the contributions in one
transaction with their chained events (the import's bulk path), then times, as the median of several runs
with min and max: the query, the model load, and the proxy filtering by search text (as typed, letter by
letter) and by kind. Prints a Markdown table. Not a unit test:

    .venv/bin/python bench/contributions_model.py [--rows 50000] [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from PySide6.QtWidgets import QApplication, QTableView
from sqlalchemy import Engine

from coproduce.paths import DataPaths
from coproduce.services import consent, contributions, exercises, participants, workshops
from coproduce.services.contribution_rows import list_contribution_rows
from coproduce.services.importer import bulk_add_contributions
from coproduce.services.participants import ParticipantInput
from coproduce.services.unit import writing
from coproduce.storage.database import open_database
from coproduce.ui.contributions_model import ContributionFilterProxy, ContributionTableModel

WORDS = [
    "walk-in", "centre", "carer", "waiting", "bus", "evening", "interpreter", "pharmacy", "GP", "night",
    "appointment", "booking", "phone", "111", "parking", "housing", "volunteer", "cafe", "leaflet", "Polish",
]  # fmt: skip
TEMPLATES = (
    "what-matters-to-me",
    "ideas-and-priorities",
    "who-is-not-in-the-room",
    "carers-check",
    "community-assets-map",
    "offers-and-pledges",
)


def build(engine: Engine, count: int) -> str:
    workshop_id = workshops.create_workshop(engine, "bench", f"Benchmark workshop ({count:,} contributions)")
    consent.current_statement(engine, "bench", workshop_id)
    people = []
    for n in range(40):
        roles = [["carer"], ["resident"], ["vcse"], ["volunteer"], ["service_user"]][n % 5]
        pid = participants.add_participant(
            engine, "bench", workshop_id, ParticipantInput(display_name=f"Person {n + 1}", roles=roles)
        )
        consent.record_consent(engine, "bench", pid, method="paper", be_named=True)
        people.append(pid)
    kinds = {}
    for template_id in TEMPLATES:
        exercise_id = exercises.add_exercise(
            engine, "bench", workshop_id, exercises.from_template(template_id)
        )
        kinds[exercise_id] = exercises.from_template(template_id).kinds
    themes = [contributions.add_theme(engine, "bench", workshop_id, f"Theme {n + 1}") for n in range(4)]
    items = []
    ids = list(kinds)
    for n in range(count):
        exercise_id = ids[n % len(ids)]
        words = " ".join(WORDS[(n * 7 + k * 3) % len(WORDS)] for k in range(12))
        items.append(
            {
                "exercise_id": exercise_id,
                "kind": kinds[exercise_id][n % len(kinds[exercise_id])],
                "text": f"Contribution {n + 1}: {words}.",
                "participant_id": people[n % len(people)] if n % 4 else None,
                "theme_id": themes[n % 4] if n % 3 == 0 else None,
                "source": "facilitator",
            }
        )
    with writing(engine) as session:
        bulk_add_contributions(session, "bench", workshop_id, items)
    return workshop_id


def timed(work: Callable[[], object], runs: int) -> tuple[float, float, float]:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples), min(samples), max(samples)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    with tempfile.TemporaryDirectory() as tmp, open_database(DataPaths(Path(tmp))) as db:
        start = time.perf_counter()
        workshop_id = build(db.engine, args.rows)
        built = time.perf_counter() - start
        model = ContributionTableModel()
        proxy = ContributionFilterProxy()
        proxy.setSourceModel(model)
        view = QTableView()
        view.setModel(proxy)
        view.resize(1000, 700)
        view.show()
        rows = list_contribution_rows(db.engine, workshop_id)
        a_kind = rows[1].kind

        def load() -> None:
            model.set_rows(list_contribution_rows(db.engine, workshop_id))
            app.processEvents()

        def type_search() -> None:
            for n in range(1, len("carer") + 1):
                proxy.set_filters(search="carer"[:n])
                app.processEvents()
            proxy.set_filters(search="")

        def one_keystroke() -> None:
            proxy.set_filters(search="interpreter night")
            app.processEvents()
            proxy.set_filters(search="")

        def by_kind() -> None:
            proxy.set_filters(kind=a_kind)
            app.processEvents()
            proxy.set_filters(kind=None)

        def query() -> None:
            list_contribution_rows(db.engine, workshop_id)

        results = [
            ("Query (rows as tuples)", timed(query, args.runs)),
            ("Model load (query + set_rows + paint)", timed(load, args.runs)),
            ("Model set_rows alone", timed(lambda: model.set_rows(rows), args.runs)),
            ("Search: one keystroke (filter + clear)", timed(one_keystroke, args.runs)),
            ("Search: typing “carer” (5 filters + clear)", timed(type_search, args.runs)),
            ("Filter by kind (filter + clear)", timed(by_kind, args.runs)),
            ("Sort by text (source-side sort)", timed(lambda: proxy.sort(3), args.runs)),
        ]  # fmt: skip
        proxy.set_filters(search="interpreter")
        matched = proxy.rowCount()
        proxy.set_filters(search="")
    print(f"{args.rows:,} contributions (built with events in {built:.1f} s); median of {args.runs} runs\n")
    print("| Step | Median (ms) | Min (ms) | Max (ms) |")
    print("|---|---:|---:|---:|")
    for name, (median, low, high) in results:
        print(f"| {name} | {median:.0f} | {low:.0f} | {high:.0f} |")
    print(f"\nRows matching “interpreter”: {matched:,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
