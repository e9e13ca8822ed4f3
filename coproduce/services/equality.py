"""Anonymous equality monitoring: the questions, storing a form, and the aggregate (suppressed) report.

The form covers the nine protected characteristics of the Equality Act 2010, caring responsibility and the
first half of a postcode, with the categories of the 2021 Census of England and Wales where one exists and
"Prefer not to say" on every question. Every question may also be left blank.

**Unlinkable by design.** A form is stored as the workshop and its answers, nothing else:
- no participant, contribution or time column (``EqualityResponse`` has none, and a test checks the schema);
- no event is appended to the workshop's history (an event carries a time and a sequence number, which
  could be lined up with the times at which people spoke);
- the row's random ``id`` is a UUID, and its SQLite ``rowid`` is drawn at random too (the table is a rowid
  table, whose rowids would otherwise count up in the order forms were handed in, and whose pages would be
  stored in that order);
- forms are read back in a random order (``responses``), and only ever reported as counts with small
  numbers suppressed (``equality_report``).
What is left: SQLite's write-ahead log holds pages in write order until its next checkpoint (the app's
normal checkpoints overwrite it), and a person watching the screen sees who typed. Neither is in an export.

Answers are stored as the English census wording (stable keys, readable in the record), and shown through
``answer_label`` so that they are translated on screen.
"""

from __future__ import annotations

import json
import random
import re
import secrets
from collections import Counter
from dataclasses import dataclass

from sqlalchemy import Engine, text
from sqlmodel import select

from coproduce.errors import ValidationError
from coproduce.i18n import translate
from coproduce.services.lookup import get_or_fail
from coproduce.services.suppression import THRESHOLD, Cell, Status, cell_text, footnote, suppress_counts
from coproduce.services.unit import ensure_editable, reading, writing
from coproduce.storage.models import Workshop, new_id
from coproduce.storage.models_consent import EqualityResponse

PREFER_NOT = "Prefer not to say"
NOT_ANSWERED = "Not answered"  # a report row only: never stored
OTHER_AREAS = "Other areas (each given by fewer than 5)"  # a report row only
POSTCODE = "postcode_district"
_OUTWARD = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?$")


def _t(text: str) -> str:
    return translate("Equality", text)


@dataclass(frozen=True)
class Question:
    key: str  # stored in the answers
    text: str  # the question as printed (English; shown through translate)
    options: tuple[str, ...]  # census categories, then PREFER_NOT ("" for the free-text postcode)
    census: bool  # the categories are those of the 2021 Census
    dimension: str  # the population profile dimension it is compared with ("" if none)
    # answers that count towards a broader profile group (e.g. "75 to 84" is "65 and over")
    rollup: tuple[tuple[str, str], ...] = ()


QUESTIONS: tuple[Question, ...] = (
    Question(
        "age",
        "What is your age?",
        (
            "Under 16",
            "16 to 24",
            "25 to 34",
            "35 to 49",
            "50 to 64",
            "65 to 74",
            "75 to 84",
            "85 and over",
            PREFER_NOT,
        ),
        True,
        "age",
        (("65 to 74", "65 and over"), ("75 to 84", "65 and over"), ("85 and over", "65 and over")),
    ),
    Question(
        "disability",
        "Do you have a physical or mental health condition or illness lasting, or expected to last, "
        "12 months or more, that reduces your ability to carry out day-to-day activities?",
        ("Yes, a lot", "Yes, a little", "No", PREFER_NOT),
        True,
        "disability",
        (
            ("Yes, a lot", "Disabled under the Equality Act"),
            ("Yes, a little", "Disabled under the Equality Act"),
        ),
    ),
    Question(
        "gender_reassignment",
        "Is the gender you identify with the same as your sex registered at birth?",
        ("Yes", "No", PREFER_NOT),
        True,
        "gender identity",
    ),
    Question(
        "marriage_civil_partnership",
        "What is your legal marital or registered civil partnership status?",
        (
            "Never married and never registered a civil partnership",
            "Married",
            "In a registered civil partnership",
            "Separated, but still legally married or in a civil partnership",
            "Divorced or civil partnership dissolved",
            "Widowed or surviving civil partnership partner",
            PREFER_NOT,
        ),
        True,
        "legal partnership status",
    ),
    Question(
        "pregnancy_maternity",
        "Are you pregnant, or have you given birth in the last 26 weeks?",
        ("Yes, pregnant", "Yes, given birth in the last 26 weeks", "No", PREFER_NOT),
        False,
        "",
    ),
    Question(
        "ethnic_group",
        "What is your ethnic group?",
        (
            "Asian, Asian British or Asian Welsh",
            "Black, Black British, Black Welsh, Caribbean or African",
            "Mixed or Multiple ethnic groups",
            "White",
            "Other ethnic group",
            PREFER_NOT,
        ),
        True,
        "ethnic group",
    ),
    Question(
        "religion_belief",
        "What is your religion?",
        (
            "No religion",
            "Christian",
            "Buddhist",
            "Hindu",
            "Jewish",
            "Muslim",
            "Sikh",
            "Any other religion",
            PREFER_NOT,
        ),
        True,
        "religion",
    ),
    Question("sex", "What is your sex?", ("Female", "Male", PREFER_NOT), True, "sex"),
    Question(
        "sexual_orientation",
        "Which of the following best describes your sexual orientation?",
        ("Straight or heterosexual", "Gay or lesbian", "Bisexual", "Other sexual orientation", PREFER_NOT),
        True,
        "sexual orientation",
    ),
    Question(
        "caring",
        "Do you look after, or give any help or support to, anyone because they have long-term physical or "
        "mental health conditions or illnesses, or problems related to old age?",
        (
            "No",
            "Yes, 9 hours a week or less",
            "Yes, 10 to 19 hours a week",
            "Yes, 20 to 34 hours a week",
            "Yes, 35 to 49 hours a week",
            "Yes, 50 or more hours a week",
            PREFER_NOT,
        ),
        True,
        "caring responsibility",
        tuple(
            (answer, "Provides unpaid care")
            for answer in (
                "Yes, 9 hours a week or less",
                "Yes, 10 to 19 hours a week",
                "Yes, 20 to 34 hours a week",
                "Yes, 35 to 49 hours a week",
                "Yes, 50 or more hours a week",
            )
        ),
    ),
    Question(
        POSTCODE,
        "What is the first half of your postcode (for example SO14)?",
        (),
        False,
        "postcode district",
    ),
)
QUESTION_KEYS: tuple[str, ...] = tuple(q.key for q in QUESTIONS)


def question(key: str) -> Question:
    for item in QUESTIONS:
        if item.key == key:
            return item
    raise ValidationError(_t("“{key}” is not an equality monitoring question.").format(key=key))


def question_title(key: str) -> str:
    """A short heading for a question (the characteristic it asks about)."""
    return {
        "age": _t("Age"),
        "disability": _t("Disability"),
        "gender_reassignment": _t("Gender same as sex registered at birth (gender reassignment)"),
        "marriage_civil_partnership": _t("Marriage and civil partnership"),
        "pregnancy_maternity": _t("Pregnancy and maternity"),
        "ethnic_group": _t("Ethnic group"),
        "religion_belief": _t("Religion or belief"),
        "sex": _t("Sex"),
        "sexual_orientation": _t("Sexual orientation"),
        "caring": _t("Caring responsibility"),
        POSTCODE: _t("First half of postcode"),
    }.get(key, key)


def question_text(key: str) -> str:
    return _t(question(key).text)


def answer_label(answer: str) -> str:
    """An answer as shown on screen (stored answers are the English census wording)."""
    return _t(answer)


def clean_postcode_district(value: str) -> str:
    """ "so14 0yg" -> "SO14"; "" stays "". Anything but an outward code is refused."""
    raw = " ".join(value.upper().split())
    if not raw:
        return ""
    if raw == PREFER_NOT.upper():
        return PREFER_NOT
    outward = raw.split(" ")[0]
    if len(raw.replace(" ", "")) >= 5 and " " not in raw and not _OUTWARD.match(raw):
        outward = raw[:-3]  # a full postcode typed without its space: the inward code is 3 characters
    if not _OUTWARD.match(outward):
        raise ValidationError(
            _t("“{value}” is not the first half of a UK postcode (for example SO14 or M1).").format(
                value=value.strip()
            )
        )
    return outward


def clean_answers(answers: dict[str, str]) -> dict[str, str]:
    """Known questions only, known answers only; blank answers are dropped (the question was skipped)."""
    result: dict[str, str] = {}
    for key, value in answers.items():
        item = question(key)
        value = (value or "").strip()
        if not value:
            continue
        if item.key == POSTCODE:
            value = clean_postcode_district(value)
        elif value not in item.options:
            raise ValidationError(
                _t("“{answer}” is not an answer to the question about {topic}.").format(
                    answer=value, topic=question_title(key).lower()
                )
            )
        result[key] = value
    return result


def _random_rowid() -> int:
    return secrets.randbelow(2**62) + 1


def submit_response(engine: Engine, workshop_id: str, answers: dict[str, str]) -> None:
    """Store one anonymous form. Returns nothing (there is nothing to refer back to) and writes no event."""
    clean = clean_answers(answers)
    with writing(engine) as session:
        ensure_editable(session, workshop_id)
        for _attempt in range(8):
            rowid = _random_rowid()
            taken = session.execute(
                text("SELECT 1 FROM equalityresponse WHERE rowid = :r"), {"r": rowid}
            ).first()
            if taken is None:
                break
        session.execute(
            text("INSERT INTO equalityresponse (rowid, id, workshop_id, answers) VALUES (:r, :id, :w, :a)"),
            {"r": rowid, "id": new_id(), "w": workshop_id, "a": json.dumps(clean, ensure_ascii=False)},
        )


def responses(engine: Engine, workshop_id: str) -> list[dict[str, str]]:
    """Every form's answers, in a random order (never the order they were handed in)."""
    with reading(engine) as session:
        get_or_fail(session, Workshop, workshop_id)
        rows = [
            {str(k): str(v) for k, v in r.answers.items()}
            for r in session.exec(select(EqualityResponse).where(EqualityResponse.workshop_id == workshop_id))
        ]
    random.SystemRandom().shuffle(rows)
    return rows


@dataclass(frozen=True)
class QuestionReport:
    key: str
    answers: tuple[str, ...]  # the options, then NOT_ANSWERED (postcode: the districts given)
    cells: tuple[Cell, ...]
    total: Cell  # the number of forms

    @property
    def has_secondary(self) -> bool:
        return any(c.status is Status.SECONDARY for c in (*self.cells, self.total))


@dataclass(frozen=True)
class EqualityReport:
    forms: Cell
    questions: tuple[QuestionReport, ...]

    @property
    def has_secondary(self) -> bool:
        return any(q.has_secondary for q in self.questions)


def report_from(forms: list[dict[str, str]]) -> EqualityReport:
    """Counts per answer, with every count from 1 to 4 hidden and a second cell hidden wherever the number
    of forms (which is published) would let someone work a hidden one out."""
    reports: list[QuestionReport] = []
    for item in QUESTIONS:
        counts: Counter[str] = Counter(f.get(item.key, "") or NOT_ANSWERED for f in forms)
        if item.key == POSTCODE:
            # A district is named only when at least 5 people gave it: the name alone would otherwise say
            # that someone from a small area was there. The rest are counted together.
            given = [k for k in counts if k not in (PREFER_NOT, NOT_ANSWERED)]
            named = sorted(k for k in given if counts[k] >= THRESHOLD)
            counts[OTHER_AREAS] = sum(counts[k] for k in given if counts[k] < THRESHOLD)
            order = [*named, OTHER_AREAS, PREFER_NOT, NOT_ANSWERED]
        else:
            order = [*item.options, NOT_ANSWERED]
        table = suppress_counts({answer: counts.get(answer, 0) for answer in order})
        assert table.total is not None
        reports.append(QuestionReport(item.key, table.categories, table.cells, table.total))
    total = suppress_counts({"forms": len(forms)}, show_total=False).cells[0]
    return EqualityReport(total, tuple(reports))


def equality_report(engine: Engine, workshop_id: str) -> EqualityReport:
    return report_from(responses(engine, workshop_id))


def render_equality_text(report: EqualityReport) -> str:
    """The aggregate report as plain text: one small table per question."""
    uniform = report.has_secondary
    out = [
        _t("Equality monitoring (anonymous forms)"),
        _t("Forms handed in: {n}").format(n=cell_text(report.forms, uniform)),
    ]
    for item in report.questions:
        labels = [answer_label(a) for a in item.answers]
        width = max(len(label) for label in (*labels, _t("Total")))
        out += ["", question_title(item.key)]
        out += [
            f"  {label.ljust(width)}  {cell_text(c, uniform)}"
            for label, c in zip(labels, item.cells, strict=True)
        ]
        out.append(f"  {_t('Total').ljust(width)}  {cell_text(item.total, uniform)}")
    out += ["", footnote(uniform)]
    return "\n".join(out) + "\n"
