"""How long exporting and signing the record takes, beside a bare reportlab build of the same paragraphs.

Target (issue 6): a record of 2,000 contributions exports and signs in under 5 seconds on 2 cores.
Run: .venv/bin/python bench/record_export.py [--sizes 1000,2000,10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench._workshops import make_workshop
from coproduce.paths import DataPaths
from coproduce.record.export import export_record, start_amendment
from coproduce.record.keys import KeyStore
from coproduce.services import contributions
from coproduce.storage.database import open_database


def bare_reportlab(texts: list[str], out: Path) -> float:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    from coproduce.record.fonts import register_fonts

    register_fonts()
    style = getSampleStyleSheet()["BodyText"]
    style.fontName = "CoSans"
    started = time.perf_counter()
    doc = SimpleDocTemplate(str(out), pagesize=A4)
    doc.build([Paragraph(t.replace("&", "&amp;").replace("<", "&lt;"), style) for t in texts])
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="1000,2000,10000")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        paths = DataPaths(Path(folder) / "data")
        with open_database(paths) as db:
            keys = KeyStore(paths.keys)
            keys.ensure_signer("Bench Lead", "Bench", "bench passphrase")
            for size in (int(s) for s in args.sizes.split(",")):
                workshop_id = make_workshop(db.engine, size)
                texts = [c.text for c in contributions.list_contributions(db.engine, workshop_id)]
                times, pages_sizes = [], []
                for run in range(args.runs):
                    out = paths.exports / f"r{size}-{run}.pdf"
                    result = export_record(
                        db.engine,
                        keys,
                        workshop_id,
                        out,
                        passphrase="bench passphrase",
                        actor="bench",
                        gaps_reason="benchmark",
                    )
                    times.append(result.seconds)
                    pages_sizes.append(result.bytes_written)
                    start_amendment(db.engine, "bench", workshop_id, "benchmark run")
                bare = [bare_reportlab(texts, Path(folder) / f"bare{size}.pdf") for _ in range(args.runs)]
                rows.append((size, statistics.median(times), min(times), max(times), statistics.median(bare)))
    print("| contributions | export + sign, median s | min | max | bare reportlab, median s | ratio |")
    print("|---:|---:|---:|---:|---:|---:|")
    for size, median, low, high, bare_median in rows:
        print(
            f"| {size:,} | {median:.2f} | {low:.2f} | {high:.2f} | {bare_median:.2f} "
            f"| {median / bare_median:.1f}x |"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
