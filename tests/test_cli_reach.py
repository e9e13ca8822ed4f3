from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def _run(data: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "coproduce", "--data-dir", str(data), *args],
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_report_reach_and_equality_print_the_demo_as_text(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert _run(data, "demo").returncode == 0
    workshop_id = _run(data, "list").stdout.split("\t")[0]
    reach = _run(data, "report", "reach", workshop_id)
    assert reach.returncode == 0, reach.stderr
    out = reach.stdout
    assert out.startswith("The future of urgent care in Southampton\n")
    assert "Population: Office for National Statistics (ONS), Census 2021" in out
    assert "Mixed or Multiple ethnic groups" in out and "MISSING: nobody in the room" in out
    assert "Roles in the room" in out and "fewer than 5" in out
    for name in ("Margaret Ellis", "Tomasz Nowak", "Rose"):
        assert name not in out  # aggregates only
    eq = _run(data, "report", "equality", workshop_id)
    assert eq.returncode == 0, eq.stderr
    assert "Forms handed in: 10" in eq.stdout and "Sexual orientation" in eq.stdout
    assert "hidden" in eq.stdout

    missing = _run(data, "report", "reach", "no-such-workshop")
    assert missing.returncode == 2 and "No workshop with id no-such-workshop" in missing.stderr
