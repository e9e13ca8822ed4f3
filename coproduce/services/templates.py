"""Exercise templates, kept as data in resources/templates/exercises.json."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from coproduce.i18n import translate
from coproduce.resources import resource


@dataclass(frozen=True)
class ExerciseTemplate:
    id: str
    principle: int
    title: str
    prompt: str
    easy_read_prompt: str
    kinds: tuple[str, ...]
    time_box_minutes: int
    guidance: str
    what_good_looks_like: str


@cache
def _load() -> tuple[dict[str, str], tuple[ExerciseTemplate, ...]]:
    data = json.loads(resource("templates", "exercises.json").read_text(encoding="utf-8"))
    kinds = {str(k): str(v) for k, v in data["kinds"].items()}
    templates = tuple(
        ExerciseTemplate(
            id=t["id"],
            principle=int(t["principle"]),
            title=t["title"],
            prompt=t["prompt"],
            easy_read_prompt=t["easy_read_prompt"],
            kinds=tuple(t["kinds"]),
            time_box_minutes=int(t["time_box_minutes"]),
            guidance=t["guidance"],
            what_good_looks_like=t["what_good_looks_like"],
        )
        for t in data["templates"]
    )
    return kinds, templates


def templates() -> tuple[ExerciseTemplate, ...]:
    return _load()[1]


def template(template_id: str) -> ExerciseTemplate:
    for item in templates():
        if item.id == template_id:
            return item
    raise KeyError(template_id)


def kinds() -> dict[str, str]:
    """Contribution kinds: key -> English label (see ``kind_label`` for the translated one)."""
    return dict(_load()[0])


def kind_label(key: str) -> str:
    label = _load()[0].get(key)
    return translate("Kinds", label) if label else key
