"""coproduce's benchmarks: each figure beside its baseline, on workshops of 1,000, 10,000 and 100,000
contributions.

Run ``bench/run`` (or ``make bench``); ``bench/run --quick`` stops at 10,000. Options: ``--sizes 1000,10000``,
``--runs 5``, ``--out bench/RESULTS.md`` (``--out -`` writes no file), ``--keep DIR`` (keep the generated
data there).

Every measurement runs in a fresh Python process (``QT_QPA_PLATFORM=offscreen``), so each figure has its own
peak memory (the child's ``ru_maxrss`` from ``os.wait4``) and cold start really is cold for the interpreter
(the operating system's file cache stays warm: one unmeasured start is made first). Each figure is the median
of ``--runs`` runs, with the min and max; the "x prev" column is the growth from the size before (10x more
contributions: about 10 means linear, more means worse than linear).

What is measured:

* cold start: from starting the process to the first paint of the main window, with the data folder holding
  the generated workshop, started the way the ``coproduce`` command starts it (``coproduce.cli.main``, which
  takes the lock, checks and migrates the database, then shows the window), beside a bare PySide6 process
  that imports only QtWidgets and shows an empty ``QMainWindow`` of the same size. Target: under 2x.
* saving one contribution: ``services.contributions.add_contribution`` from call to committed (consent
  check, row, hash-chained event, WAL commit with ``synchronous=FULL``), median and 99th percentile of 200
  saves per run, beside a bare ``sqlite3`` insert-and-commit of the same row into the same table with the
  same pragmas. Target: under 3x.
* the contributions list: the query, ``set_rows`` and a paint of the view; one search keystroke (filter and
  clear); a filter by kind (filter and clear).
* the signed record: ``record.export.export_record`` (gather, lay out, sign with pyHanko, write), beside a
  bare reportlab build of the same paragraphs (every paragraph of the record's story, tables flattened,
  plain ``Paragraph`` without shaping or bidi, fonts loaded in the timing). Target: under 2x. Also the time
  per page.
* archives: exporting the workshop to a ``.coproduce`` file, importing that file into an empty data folder,
  and a programme merge: ten workshops holding the same number of contributions in all, imported into an
  empty data folder, then the programme report.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PASSPHRASE = "bench passphrase"
SAVES_PER_RUN = 200
MERGE_WORKSHOPS = 10

# --------------------------------------------------------------------------------------------- cold start

_SHOWN_PROBE = """
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class _FirstPaint(QObject):
    done = False

    def eventFilter(self, watched, event):
        if not self.done and event.type() == QEvent.Type.Paint and watched.isWindow():
            self.done = True
            print("shown", flush=True)
            QTimer.singleShot(0, QApplication.quit)
        return False


_probe = _FirstPaint()
"""

# The app, started as the ``coproduce`` command starts it; the probe only watches for the first paint.
APP_START = (
    _SHOWN_PROBE
    + """
import sys
import coproduce.ui.app as _app


class _Watched(_app.MainWindow):
    def showEvent(self, event):
        QApplication.instance().installEventFilter(_probe)
        super().showEvent(event)


_app.MainWindow = _Watched
from coproduce.cli import main

raise SystemExit(main(["--data-dir", sys.argv[1]]))
"""
)

BARE_START = (
    "import sys\nfrom PySide6.QtWidgets import QApplication, QMainWindow\n"
    + _SHOWN_PROBE
    + """
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1100, 720)
app.installEventFilter(_probe)
window.show()
raise SystemExit(app.exec())
"""
)


def _env(work: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CONFIG_HOME"] = str(work / "config")  # QSettings written by the app stay in the bench folder
    env.pop("COPRODUCE_DATA_DIR", None)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


def _wait(process: subprocess.Popen[str]) -> float:
    """Reap the child; its own peak RSS in MB (Linux reports kB, macOS bytes)."""
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    scale = 1 / 1024 / 1024 if sys.platform == "darwin" else 1 / 1024
    return float(usage.ru_maxrss * scale)


def _spawn(command: list[str], work: Path) -> tuple[subprocess.Popen[str], Any]:
    errors = tempfile.TemporaryFile(mode="w+", dir=work)  # noqa: SIM115 - closed by _finish
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=errors, text=True, env=_env(work))
    return process, errors


def _finish(process: subprocess.Popen[str], errors: Any, first: str = "") -> tuple[str, float]:
    """Read the rest of the child's output, reap it: (stdout, peak RSS in MB); raise if it failed."""
    assert process.stdout is not None
    out = first + process.stdout.read()
    process.stdout.close()
    rss = _wait(process)
    errors.seek(0)
    if process.returncode != 0:
        raise RuntimeError(f"{process.args!r} failed ({process.returncode}):\n{out}\n{errors.read()[-4000:]}")
    errors.close()
    return out, rss


def start_time(script: str, data: Path, work: Path) -> tuple[float, float]:
    """Seconds from starting the process to the first paint of its window, and the process's peak RSS."""
    started = time.perf_counter()
    process, errors = _spawn([sys.executable, "-c", script, str(data)], work)
    assert process.stdout is not None
    line = process.stdout.readline()
    seconds = time.perf_counter() - started
    out, rss = _finish(process, errors, line)
    if line.strip() != "shown":
        raise RuntimeError(f"the window was not shown: {out}")
    return seconds, rss


# --------------------------------------------------------------------------------------------- workers


def worker(name: str, *args: str, work: Path) -> tuple[dict[str, Any], float]:
    """Run ``bench/run.py --worker name args`` in a fresh process: its JSON answer and its peak RSS (MB)."""
    process, errors = _spawn([sys.executable, str(Path(__file__).resolve()), "--worker", name, *args], work)
    out, rss = _finish(process, errors)
    return json.loads(out.strip().splitlines()[-1]), rss


def _open(folder: str) -> Any:
    from coproduce.paths import DataPaths
    from coproduce.storage.database import open_database

    return open_database(DataPaths(Path(folder)))


def _workshop_id(engine: Any) -> str:
    from coproduce.services import workshops

    return str(workshops.list_workshops(engine)[0].id)


def w_build(size: str, data: str, merge: str) -> dict[str, Any]:
    """A workshop of ``size`` contributions in ``data`` (and a signing key); ten archives in ``merge``."""
    from bench._workshops import make_workshop
    from coproduce.record.keys import KeyStore
    from coproduce.services.archive_export import export_archive

    n = int(size)
    started = time.perf_counter()
    with _open(data) as db:
        make_workshop(db.engine, n)
        KeyStore(db.paths.keys).ensure_signer("Bench Lead", "Bench", PASSPHRASE)
    with _open(str(Path(merge) / "source")) as db:
        ids = [make_workshop(db.engine, n // MERGE_WORKSHOPS, seed=k) for k in range(MERGE_WORKSHOPS)]
        for k, workshop_id in enumerate(ids):
            export_archive(db.engine, workshop_id, Path(merge) / f"w{k:02}.coproduce")
    return {"seconds": time.perf_counter() - started}


def w_save(data: str) -> dict[str, Any]:
    from sqlmodel import select

    from coproduce.services import contributions, exercises
    from coproduce.services.consent import state_in
    from coproduce.services.unit import reading
    from coproduce.storage.models import Participant

    with _open(data) as db:
        engine = db.engine
        workshop_id = _workshop_id(engine)
        exercise = exercises.list_exercises(engine, workshop_id)[1]
        with reading(engine) as session:
            people = session.exec(select(Participant).where(Participant.workshop_id == workshop_id)).all()
            person = next(p.id for p in people if state_in(session, p.id).active)
        times = []
        for n in range(10 + SAVES_PER_RUN):
            started = time.perf_counter()
            contributions.add_contribution(
                engine,
                "bench",
                exercise.id,
                f"Buses from Weston do not run after seven, so evening clinics are out of reach ({n}).",
                exercise.kinds[0],
                participant_id=person,
            )
            times.append((time.perf_counter() - started) * 1000)
    return {"ms": times[10:]}


def w_bare_save(data: str) -> dict[str, Any]:
    import sqlite3
    import uuid

    from coproduce.storage.engine import BUSY_TIMEOUT_MS, _set_pragmas

    connection = sqlite3.connect(
        Path(data) / "coproduce.sqlite3", timeout=BUSY_TIMEOUT_MS / 1000, check_same_thread=False
    )
    _set_pragmas(connection, None)
    workshop_id, exercise_id, kind = connection.execute(
        "SELECT workshop_id, exercise_id, kind FROM contribution LIMIT 1"
    ).fetchone()
    times = []
    for n in range(10 + SAVES_PER_RUN):
        started = time.perf_counter()
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
        connection.execute(
            "INSERT INTO contribution (id, workshop_id, exercise_id, participant_id, kind, text, source, "
            "theme_id, duplicate_of, hidden, hidden_reason, created_at, updated_at) "
            "VALUES (?, ?, ?, NULL, ?, ?, 'facilitator', NULL, NULL, 0, '', ?, ?)",
            (uuid.uuid4().hex, workshop_id, exercise_id, kind, f"A bare insert ({n}).", now, now),
        )
        connection.commit()
        times.append((time.perf_counter() - started) * 1000)
    connection.close()
    return {"ms": times[10:]}


def w_model(data: str) -> dict[str, Any]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from coproduce.services.contribution_rows import list_contribution_rows
    from coproduce.ui.contributions_model import ContributionFilterProxy, ContributionTableModel

    app = QApplication([])
    with _open(data) as db:
        workshop_id = _workshop_id(db.engine)
        model = ContributionTableModel()
        proxy = ContributionFilterProxy()
        proxy.setSourceModel(model)
        view = QTableView()
        view.setModel(proxy)
        view.resize(1000, 700)
        view.show()
        app.processEvents()
        started = time.perf_counter()
        rows = list_contribution_rows(db.engine, workshop_id)
        query = time.perf_counter() - started
        model.set_rows(rows)
        app.processEvents()
        load = time.perf_counter() - started
        started = time.perf_counter()
        proxy.set_filters(search="carer")
        app.processEvents()
        matched = proxy.rowCount()
        proxy.set_filters(search="")
        app.processEvents()
        search = time.perf_counter() - started
        started = time.perf_counter()
        proxy.set_filters(kind=rows[1].kind)
        app.processEvents()
        proxy.set_filters(kind=None)
        app.processEvents()
        kind = time.perf_counter() - started
    return {
        "query": query,
        "load": load,
        "search": search,
        "kind": kind,
        "rows": len(rows),
        "matched": matched,
    }


def _timed(module: Any, name: str, spent: dict[str, float], label: str) -> None:
    """Wrap ``module.name`` so that the time spent in it is added to ``spent[label]``."""
    original = getattr(module, name)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[label] = spent.get(label, 0.0) + time.perf_counter() - started

    setattr(module, name, wrapper)


def w_record(data: str, out: str) -> dict[str, Any]:
    from coproduce.record import canonical, document, signing
    from coproduce.record import export as export_module
    from coproduce.record.export import export_record, start_amendment
    from coproduce.record.keys import KeyStore

    spent: dict[str, float] = {}  # where the export's time goes: gathering, fonts, layout, signing
    _timed(canonical, "build_record", spent, "gather")
    _timed(export_module, "build_pdf", spent, "pdf")
    _timed(document, "register_fonts", spent, "fonts")
    _timed(signing, "sign_record", spent, "sign")
    with _open(data) as db:
        workshop_id = _workshop_id(db.engine)
        keys = KeyStore(db.paths.keys)
        started = time.perf_counter()
        result = export_record(
            db.engine, keys, workshop_id, Path(out), passphrase=PASSPHRASE, actor="bench", gaps_reason="bench"
        )
        seconds = time.perf_counter() - started
        start_amendment(db.engine, "bench", workshop_id, "benchmark run")
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", Path(out).read_bytes()))
    parts = {
        "gather": spent.get("gather", 0.0),
        "fonts": spent.get("fonts", 0.0),
        "layout": spent.get("pdf", 0.0) - spent.get("fonts", 0.0),
        "sign": spent.get("sign", 0.0),
    }
    parts["other"] = seconds - sum(parts.values())
    return {"seconds": seconds, "pages": pages, "bytes": result.bytes_written, "parts": parts}


def _story_paragraphs(story: list[Any]) -> list[tuple[str, Any]]:
    """(markup, style) of every paragraph in the story, in order, looking into tables and groups."""
    from reportlab.platypus import KeepTogether, Paragraph, Table

    found: list[tuple[str, Any]] = []
    for item in story:
        if isinstance(item, Paragraph):
            found.append((item.text, item.style))
        elif isinstance(item, Table):
            for row in item._cellvalues:
                for cell in row:
                    found.extend(_story_paragraphs(cell if isinstance(cell, list) else [cell]))
        elif isinstance(item, KeepTogether):
            found.extend(_story_paragraphs(item._content))
    return found


def w_bare_record(data: str, out: str) -> dict[str, Any]:
    """Gather the record's paragraphs (untimed) into a file for :data:`BARE_REPORTLAB` to build."""
    from copy import copy

    from coproduce.record import canonical
    from coproduce.record.fonts import BOLD_FILES, FONT_FILES
    from coproduce.record.keys import KeyStore
    from coproduce.record.sections import build_story
    from coproduce.resources import resource
    from coproduce.services.unit import reading

    with _open(data) as db:
        workshop_id = _workshop_id(db.engine)
        signer = KeyStore(db.paths.keys).ensure_signer("Bench Lead", "Bench", PASSPHRASE)
        with reading(db.engine) as session:
            record = canonical.build_record(
                session,
                workshop_id,
                record_id="00000000-0000-0000-0000-000000000000",
                revision=1,
                amends_sha256="",
                signer={"name": signer.name, "organisation": signer.organisation, "fingerprint": "0" * 64},
                gaps_reason="bench",
                generated_at=datetime.now(UTC).replace(microsecond=0),
            )
    paragraphs = _story_paragraphs(build_story(record, "0" * 64, "bench", None))
    # The build runs in a process of its own, so none of coproduce's text layer (shaping hooks) is loaded.
    fonts = {name: str(resource("fonts", f)) for name, f in (*FONT_FILES.items(), *BOLD_FILES.items())}
    styles: list[Any] = []
    for _, style in paragraphs:
        if all(s is not style for s in styles):
            styles.append(style)
    plain = []
    for style in styles:
        flat = copy(style)
        flat.shaping = 0
        flat.parent = None
        plain.append(flat)
    spec = {
        "fonts": fonts,
        "paragraphs": [
            (text, next(i for i, s in enumerate(styles) if s is style)) for text, style in paragraphs
        ],
        "styles": [
            {
                k: getattr(s, k)
                for k in ("name", "fontName", "fontSize", "leading", "spaceBefore", "spaceAfter")
            }
            for s in plain
        ],
        "out": out,
    }
    spec_path = Path(out).with_suffix(".json")
    spec_path.write_text(json.dumps(spec), encoding="utf-8")
    return {"spec": str(spec_path), "paragraphs": len(paragraphs)}


BARE_REPORTLAB = """
import json, sys, time
started = time.perf_counter()
from reportlab.lib.fonts import addMapping
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

spec = json.load(open(sys.argv[1], encoding="utf-8"))
for name, path in spec["fonts"].items():
    pdfmetrics.registerFont(TTFont(name, path))
for name in spec["fonts"]:
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(name, bold, italic, "CoSans-Bold" if bold and name == "CoSans" else name)
styles = [ParagraphStyle(**s) for s in spec["styles"]]
story = [Paragraph(text, styles[i]) for text, i in spec["paragraphs"]]
doc = SimpleDocTemplate(spec["out"], pagesize=A4, initialFontName="CoSans", initialFontSize=10)
doc.build(story)
print(json.dumps({"seconds": time.perf_counter() - started}))
"""


def w_archive_export(data: str, out: str) -> dict[str, Any]:
    from coproduce.services.archive_export import export_archive

    with _open(data) as db:
        workshop_id = _workshop_id(db.engine)
        started = time.perf_counter()
        result = export_archive(db.engine, workshop_id, Path(out))
        seconds = time.perf_counter() - started
    return {"seconds": seconds, "bytes": result.path.stat().st_size}


def w_archive_import(target: str, *archives: str) -> dict[str, Any]:
    from coproduce.services.archive_import import import_archive
    from coproduce.services.programme import programme, render_programme_text

    with _open(target) as db:
        started = time.perf_counter()
        for path in archives:
            result = import_archive(db.engine, "lead", Path(path))
            assert result.outcome == "imported", result.outcome
        seconds = time.perf_counter() - started
        started = time.perf_counter()
        text = render_programme_text(programme(db.engine))
        report = time.perf_counter() - started
        assert text
    return {"seconds": seconds, "report": report, "total": seconds + report}


WORKERS: dict[str, Callable[..., dict[str, Any]]] = {
    "build": w_build,
    "save": w_save,
    "bare_save": w_bare_save,
    "model": w_model,
    "record": w_record,
    "bare_record": w_bare_record,
    "archive_export": w_archive_export,
    "archive_import": w_archive_import,
}

# --------------------------------------------------------------------------------------------- the table


@dataclass
class Figure:
    name: str
    unit: str  # "s" or "ms"
    target: float | None = None  # ratio to the baseline
    by_size: dict[int, list[float]] = field(default_factory=dict)
    baseline: dict[int, list[float]] = field(default_factory=dict)
    rss: dict[int, float] = field(default_factory=dict)
    note: dict[int, str] = field(default_factory=dict)

    def add(self, size: int, value: float, rss: float = 0.0) -> None:
        self.by_size.setdefault(size, []).append(value)
        self.rss[size] = max(self.rss.get(size, 0.0), rss)


def _fmt(value: float, unit: str) -> str:
    if unit == "ms":
        return f"{value:.2f}" if value < 10 else f"{value:.0f}"
    return f"{value:.3f}" if value < 1 else f"{value:.2f}" if value < 100 else f"{value:.0f}"


def table(figures: list[Figure], sizes: list[int]) -> str:
    lines = [
        "| figure | contributions | median | min | max | x prev | baseline median | ratio | target "
        "| peak RSS MB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for fig in figures:
        previous: float | None = None
        for size in sizes:
            values = fig.by_size.get(size)
            if not values:
                continue
            median = statistics.median(values)
            growth = f"{median / previous:.1f}" if previous else ""
            previous = median
            base = fig.baseline.get(size)
            base_median = statistics.median(base) if base else None
            ratio = f"{median / base_median:.1f}x" if base_median else ""
            target = ""
            if fig.target is not None and base_median:
                target = f"< {fig.target:g}x " + ("✓" if median / base_median < fig.target else "✗ missed")
            note = f" ({fig.note[size]})" if size in fig.note else ""
            lines.append(
                f"| {fig.name} ({fig.unit}){note} | {size:,} | {_fmt(median, fig.unit)} | "
                f"{_fmt(min(values), fig.unit)} | {_fmt(max(values), fig.unit)} | {growth} | "
                f"{_fmt(base_median, fig.unit) if base_median else ''} | {ratio} | {target} | "
                f"{fig.rss.get(size, 0):.0f} |"
            )
    return "\n".join(lines)


def _p99(values: list[float]) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[98]


def measure(sizes: list[int], runs: int, work: Path, log: Any, record_max: int) -> list[Figure]:
    start = Figure("cold start to main window shown", "s", 2)
    save = Figure("save one contribution, median", "ms", 3)
    save99 = Figure("save one contribution, 99th percentile", "ms", 3)
    load = Figure("contributions list: query + set_rows + paint", "s")
    search = Figure("contributions list: one search keystroke (filter + clear)", "s")
    kind = Figure("contributions list: filter by kind (filter + clear)", "s")
    record = Figure("record: export and sign", "s", 2)
    per_page = Figure("record: per page", "ms")
    parts = {
        "gather": Figure("record, of which: gathering the record (database, disclosure rules)", "s"),
        "fonts": Figure("record, of which: loading fonts (first export in a process)", "s"),
        "layout": Figure("record, of which: laying out the PDF (reportlab)", "s"),
        "sign": Figure("record, of which: signing (pyHanko, imported on first use)", "s"),
        "other": Figure("record, of which: the rest (readiness check, key unlock, QR, writing)", "s"),
    }
    exported = Figure("archive: export", "s")
    imported = Figure("archive: import into an empty folder", "s")
    merged = Figure(f"programme merge: import {MERGE_WORKSHOPS} archives + report", "s")
    figures = [start, save, save99, load, search, kind, record, per_page, *parts.values()]
    figures += [exported, imported, merged]
    for size in sizes:
        slow_runs = runs if size < 10_000 else max(1, min(runs, 3))
        record_runs = slow_runs if size < 100_000 else 1
        folder = work / f"n{size}"
        data, merge = folder / "data", folder / "merge"
        log(f"[{size:,}] building the workshop and {MERGE_WORKSHOPS} archives for the merge…")
        built, _ = worker("build", str(size), str(data), str(merge), work=work)
        log(f"[{size:,}] built in {built['seconds']:.1f} s")
        saves = folder / "saves"
        shutil.copytree(data, saves)  # saves and bare inserts add rows: keep them out of the other figures
        start_time(BARE_START, data, work)  # unmeasured: warms the file cache
        start_time(APP_START, data, work)
        for _ in range(runs):
            seconds, rss = start_time(BARE_START, data, work)
            start.baseline.setdefault(size, []).append(seconds)
            seconds, rss = start_time(APP_START, data, work)
            start.add(size, seconds, rss)
        log(f"[{size:,}] cold start: {statistics.median(start.by_size[size]):.2f} s")
        for _ in range(runs):
            bare, _ = worker("bare_save", str(saves), work=work)
            save.baseline.setdefault(size, []).append(statistics.median(bare["ms"]))
            save99.baseline.setdefault(size, []).append(_p99(bare["ms"]))
            ours, rss = worker("save", str(saves), work=work)
            save.add(size, statistics.median(ours["ms"]), rss)
            save99.add(size, _p99(ours["ms"]), rss)
        log(f"[{size:,}] save: {statistics.median(save.by_size[size]):.2f} ms")
        for _ in range(runs):
            got, rss = worker("model", str(data), work=work)
            load.add(size, got["load"], rss)
            search.add(size, got["search"], rss)
            kind.add(size, got["kind"], rss)
        log(f"[{size:,}] list model: load {statistics.median(load.by_size[size]):.2f} s")
        for run in range(record_runs if size <= record_max else 0):
            if run == 0:
                spec, _ = worker("bare_record", str(data), str(folder / "bare.pdf"), work=work)
            got, rss = worker("record", str(data), str(folder / f"record-{run}.pdf"), work=work)
            record.add(size, got["seconds"], rss)
            per_page.add(size, got["seconds"] / max(1, got["pages"]) * 1000, rss)
            record.note[size] = per_page.note[size] = f"{got['pages']:,} pages"
            for key, figure in parts.items():
                figure.add(size, got["parts"][key], rss)
            process, errors = _spawn([sys.executable, "-c", BARE_REPORTLAB, spec["spec"]], work)
            out, _ = _finish(process, errors)
            record.baseline.setdefault(size, []).append(json.loads(out.strip().splitlines()[-1])["seconds"])
            log(f"[{size:,}] record: {got['seconds']:.1f} s, {got['pages']:,} pages")
        archive = folder / "workshop.coproduce"
        for _ in range(slow_runs):
            got, rss = worker("archive_export", str(data), str(archive), work=work)
            exported.add(size, got["seconds"], rss)
        for run in range(slow_runs):
            got, rss = worker("archive_import", str(folder / f"import-{run}"), str(archive), work=work)
            imported.add(size, got["seconds"], rss)
        archives = sorted(str(p) for p in merge.glob("*.coproduce"))
        for run in range(slow_runs):
            got, rss = worker("archive_import", str(folder / f"merge-{run}"), *archives, work=work)
            merged.add(size, got["total"], rss)
        log(f"[{size:,}] archives: export {statistics.median(exported.by_size[size]):.2f} s")
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = (
        ", load average {:.1f} {:.1f} {:.1f} at the end".format(*os.getloadavg())
        if hasattr(os, "getloadavg")
        else ""
    )
    return (
        f"{os.cpu_count()} CPUs ({cpu}), Python {platform.python_version()}, {platform.system()} "
        f"{platform.release()}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC{load}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="bench/run", description="coproduce's benchmarks (bench/run.py).")
    parser.add_argument(
        "--sizes", default="1000,10000,100000", help="contributions per workshop, e.g. 1000,10000"
    )
    parser.add_argument("--quick", action="store_true", help="only 1,000 and 10,000 contributions")
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (fewer at 100,000)")
    parser.add_argument("--out", default=str(ROOT / "bench" / "RESULTS.md"), help="Markdown file or -")
    parser.add_argument(
        "--record-max",
        type=int,
        default=10_000,
        help="largest workshop whose record is exported (default 10000: at 100,000 it takes minutes)",
    )
    parser.add_argument("--keep", metavar="DIR", help="generate the data under DIR and keep it")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    args, rest = parser.parse_known_args(argv)
    if args.worker:
        print(json.dumps(WORKERS[args.worker](*rest)), flush=True)
        return 0
    if rest:
        parser.error(f"unknown arguments: {' '.join(rest)}")
    sizes = [1000, 10000] if args.quick else [int(s.replace("_", "")) for s in args.sizes.split(",")]
    work = Path(args.keep or tempfile.mkdtemp(prefix="coproduce-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:6.0f}s {message}", file=sys.stderr, flush=True)

    try:
        figures = measure(sizes, args.runs, work, log, args.record_max)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    report = "\n".join(
        [
            f"Machine: {machine()}.",
            f"Median of {args.runs} runs (at most 3 from 10,000 up for the record and archives, one record "
            f"export at 100,000), each in a fresh process; records exported up to {args.record_max:,} "
            f"contributions; "
            f"whole run {time.perf_counter() - started:.0f} s.",
            "",
            table(figures, sizes),
            "",
        ]
    )
    print(report)
    if args.out != "-":
        Path(args.out).write_text(
            "# Benchmark results\n\nWritten by `bench/run` (see `bench/run.py` for what each figure is).\n\n"
            + report,
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
