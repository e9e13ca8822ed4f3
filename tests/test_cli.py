from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from coproduce.resources import resource
from coproduce.services.templates import templates


def _run(*args: str, env_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    import os

    env = dict(os.environ)
    if env_dir is not None:
        env["COPRODUCE_DATA_DIR"] = str(env_dir)
    return subprocess.run(
        [sys.executable, "-m", "coproduce", *args], capture_output=True, text=True, env=env, timeout=120
    )


def test_demo_then_list_without_loading_qt(tmp_path: Path) -> None:
    data = tmp_path / "data"
    created = _run("--data-dir", str(data), "demo")
    assert created.returncode == 0, created.stderr
    assert "The future of urgent care in Southampton" in created.stdout
    listed = _run("--data-dir", str(data), "list")
    assert listed.returncode == 0
    [line] = listed.stdout.strip().splitlines()
    workshop_id, title, date, people, inputs = line.split("\t")
    assert len(workshop_id) == 36 and title.startswith("The future of urgent care")
    assert (date, people, inputs) == ("2026-11-14", "12 participants", "32 contributions")
    assert (data / "coproduce.sqlite3").exists()
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from coproduce.cli import main; main(['--data-dir', sys.argv[1], 'list']); "
            "assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was loaded'",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert probe.returncode == 0, probe.stderr


def test_data_dir_from_the_environment(tmp_path: Path) -> None:
    data = tmp_path / "from-env"
    assert _run("list", env_dir=data).returncode == 0
    assert (data / "coproduce.sqlite3").exists()


def test_templates_cover_every_principle() -> None:
    assert resource("templates", "exercises.json").is_file()
    assert {t.principle for t in templates()} == {1, 2, 3, 4, 5, 6}
    assert all(t.prompt and t.easy_read_prompt and t.kinds and t.what_good_looks_like for t in templates())
