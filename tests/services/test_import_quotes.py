"""A quote left open in a CSV file is refused naming the row where it opened, not merged into one text; a NUL
byte is refused; real multi-line cells still import. Text of only spaces and zero-width characters is empty,
while joiners inside real text are kept."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from coproduce.errors import ValidationError
from coproduce.services import contributions, exercises, importer, workshops
from coproduce.services.importer import ImportRefusedError
from coproduce.services.validate import clean_text


@pytest.fixture
def workshop_id(engine: Engine) -> str:
    wid = workshops.create_workshop(engine, "t", "Urgent care in Eastleigh")
    exercises.add_exercise(engine, "t", wid, exercises.from_template("what-matters-to-me"))
    return wid


def _refused(engine: Engine, workshop_id: str, data: bytes) -> str:
    with pytest.raises(ImportRefusedError) as caught:
        importer.import_contributions_data(engine, "t", workshop_id, data, name="paper.csv")
    assert contributions.list_contributions(engine, workshop_id) == []
    return str(caught.value)


def test_a_quote_open_to_the_end_of_the_file_is_refused_naming_its_row(
    engine: Engine, workshop_id: str
) -> None:
    data = (
        b"exercise,kind,text\n"
        b"What matters to me,What matters,fine\n"
        b'What matters to me,What matters,"She said ""hi"" and left\n'
        b"What matters to me,What matters,second row\n"
        b"What matters to me,What matters,third row\n"
    )
    message = _refused(engine, workshop_id, data)
    assert 'Row 3: a quote (") opened in this row is never closed' in message


def test_a_quote_that_swallows_rows_is_refused_naming_its_row(engine: Engine, workshop_id: str) -> None:
    data = (
        b"exercise,kind,text\n"
        b'What matters to me,What matters,"She said ""hi"" and left\n'
        b"What matters to me,What matters,second row\n"
        b'What matters to me,What matters,"third row"\n'
    )
    message = _refused(engine, workshop_id, data)
    assert 'Row 2: a quote (") opened in this row is not closed where it should be' in message
    assert "“What matters to me,What matters,second row”" in message


def test_a_nul_byte_is_refused_naming_its_row(engine: Engine, workshop_id: str) -> None:
    message = _refused(
        engine, workshop_id, b"exercise,kind,text\nWhat matters to me,What matters,nul\0here\n"
    )
    assert "Row 2: it holds a NUL character" in message


def test_a_real_multi_line_cell_still_imports(engine: Engine, workshop_id: str) -> None:
    data = (
        b"exercise,kind,text\n"
        b'What matters to me,What matters,"First line, with a comma\nsecond line, with another"\n'
        b"What matters to me,What matters,plain\n"
    )
    result = importer.import_contributions_data(engine, "t", workshop_id, data)
    assert result.contributions == 2
    texts = {c.text for c in contributions.list_contributions(engine, workshop_id)}
    assert "First line, with a comma\nsecond line, with another" in texts


@pytest.mark.parametrize("value", ["   \u200b  ", "\ufeff", "\u200b\u200c\u200d", " \u2060 \n "])
def test_only_spaces_and_zero_width_characters_are_empty(value: str) -> None:
    assert clean_text(value, field="Text", limit=100) == ""
    with pytest.raises(ValidationError, match="Text is required"):
        clean_text(value, field="Text", limit=100, required=True)


def test_joiners_inside_real_text_are_kept() -> None:
    family = "👨\u200d👩\u200d👧"
    assert clean_text(f" \u200b{family}\u200b ", field="Text", limit=100) == family
    assert clean_text("می\u200cخواهم", field="Text", limit=100) == "می\u200cخواهم"
    assert clean_text("क्\u200dष", field="Text", limit=100) == "क्\u200dष"


def test_a_zero_width_contribution_is_refused(engine: Engine, workshop_id: str) -> None:
    exercise_id = exercises.list_exercises(engine, workshop_id)[0].id
    with pytest.raises(ValidationError):
        contributions.add_contribution(engine, "t", exercise_id, "   \u200b  ", "what_matters")
