"""Emoji and Hangul in the record: every character has a glyph, or prints as an honest placeholder.

The emoji fonts are monochrome, so emoji sequences (selectors, skin tones, ZWJ families, flags, keycaps) are
simplified by ``fonts.simplify_emoji`` before fonts are chosen; ZWJ/ZWNJ inside Arabic and Indic text stay.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from coproduce.record.export import export_record
from coproduce.record.fonts import (
    ARABIC_FONT,
    BODY_FONT,
    CJK_FONT,
    EMOJI_FONT,
    FALLBACK_ORDER,
    HANGUL_FONT,
    font_covers,
    font_runs,
    placeholder,
    simplify_emoji,
    to_markup,
)
from coproduce.record.keys import KeyStore
from coproduce.services import consent, contributions, exercises, workshops
from coproduce.storage.database import Database

needs_poppler = pytest.mark.skipif(
    shutil.which("pdftotext") is None or shutil.which("pdffonts") is None, reason="poppler-utils missing"
)

EMOJI_SAMPLES = [
    "Great 😀👍🏽 service ❤️ 🇬🇧 family 👨‍👩‍👧",
    "😂😍🙏👏🎉🔥✨💯😢😡🤔🙄😷🤒🤕🚑🏥💊💉🩺🩹🚌🚗🚶♿👶👵👴🧑🏾‍🍳🏠☕🍎",
    "✅❌⚠️⭐☀️☔⏰⌛📞📱💬📅👩‍⚕️👨🏻‍⚕️🧑‍🤝‍🧑🏳️‍🌈🙂🙁😊",
]
HANGUL_SAMPLES = [
    "한국어로 말해요",
    "안녕하세요, 만나서 반갑습니다! (병원 예약이 어려워요.)",
    "ㄱㄴㄷ ㅏㅓㅗ",
]
NO_FONT_HAS = "\U0001fae8"  # U+1FAE8 SHAKING FACE (Unicode 15): newer than every shipped font


def _covered(char: str) -> bool:
    return any(font_covers(name, char) for name in FALLBACK_ORDER)


@pytest.mark.parametrize(
    "sample",
    [*EMOJI_SAMPLES, *HANGUL_SAMPLES],
    ids=[f"sample{i}" for i in range(len(EMOJI_SAMPLES) + len(HANGUL_SAMPLES))],
)
def test_every_character_of_the_samples_has_a_glyph(sample: str) -> None:
    printed = simplify_emoji(sample)
    assert [c for c in printed if not _covered(c)] == []
    assert "[U+" not in "".join(run for _, run in font_runs(sample))


def test_every_hangul_syllable_and_jamo_is_in_the_hangul_font() -> None:
    syllables = [chr(c) for c in range(0xAC00, 0xD7A4)]
    jamo = [chr(c) for c in (*range(0x1100, 0x1100 + 19), *range(0x3131, 0x318F))]
    assert [c for c in (*syllables, *jamo) if not font_covers(HANGUL_FONT, c)] == []


def test_korean_is_one_run_in_the_hangul_font_and_chinese_stays_in_the_cjk_font() -> None:
    # Punctuation inside a Korean sentence stays in the Hangul run: reportlab shapes a word in one font.
    assert font_runs("병원 예약이 어려워요.") == [(HANGUL_FONT, "병원 예약이 어려워요.")]
    assert font_runs("Hi 안녕") == [(BODY_FONT, "Hi "), (HANGUL_FONT, "안녕")]
    assert font_runs("我们今天讨论了健康服务。") == [(CJK_FONT, "我们今天讨论了健康服务。")]
    assert font_runs("人々") == [(CJK_FONT, "人々")]  # the Hangul subset holds no kana or CJK letters


def test_emoji_sequences_print_as_their_base_emoji() -> None:
    assert simplify_emoji("Great 😀👍🏽 service ❤️ 🇬🇧 family 👨‍👩‍👧") == (
        "Great 😀👍 service ❤ [GB] family 👨👩👧"
    )
    assert simplify_emoji("👩🏽‍💻") == "👩💻"  # skin tone and ZWJ dropped
    assert simplify_emoji("🏳️‍🌈") == "🏳🌈"
    assert simplify_emoji("☺︎") == "☺"  # text presentation selector
    assert simplify_emoji("🏽 alone") == "🏽 alone"  # a lone modifier is a character in its own right
    assert simplify_emoji("plain text") == "plain text"
    runs = font_runs("family 👨‍👩‍👧 ok")
    assert runs == [(BODY_FONT, "family "), (EMOJI_FONT, "👨👩👧"), (BODY_FONT, " ok")]


def test_flags_and_keycaps_print_as_letters() -> None:
    assert simplify_emoji("🇬🇧 🇺🇦🇵🇱") == "[GB] [UA][PL]"
    assert simplify_emoji("🇬") == "[G]"  # an unpaired regional indicator
    assert simplify_emoji("🏴\U000e0067\U000e0062\U000e0073\U000e0063\U000e0074\U000e007f") == "[GB-SCT]"
    assert simplify_emoji("Press 1️⃣ or #️⃣") == "Press [1] or [#]"
    assert to_markup("🇬🇧") == "[GB]"


def test_zwj_and_zwnj_inside_arabic_and_indic_text_are_kept() -> None:
    for text in ("क्\u200dष", "ক্\u200dষ", "می\u200cخواهم", "ل\u200dا", "ਸ\u200dਿ"):
        assert simplify_emoji(text) == text
        assert "".join(run for _, run in font_runs(text)) == text
    assert font_runs("ل\u200dا") == [(ARABIC_FONT, "ل\u200dا")]


def test_a_character_no_font_has_prints_as_a_visible_placeholder() -> None:
    assert not _covered(NO_FONT_HAS)
    assert placeholder(NO_FONT_HAS) == "[U+1FAE8]"
    markup = to_markup(f"I felt {NO_FONT_HAS} about it")
    assert markup == "I felt [U+1FAE8] about it"
    assert "\ufffd" not in markup
    assert to_markup("a\U000e0001b") == "ab"  # an invisible tag character is dropped, not shown


@pytest.fixture
def record_pdf(database: Database) -> Path:
    engine = database.engine
    workshop_id = workshops.create_workshop(
        engine, "t", "Urgent care 🚑 in Fareham", question="What would help?", date=dt.date(2026, 12, 3)
    )
    workshops.set_facilitators(
        engine, "t", workshop_id, [workshops.FacilitatorInput("Lena Ward", "Fareham CVS")]
    )
    consent.current_statement(engine, "t", workshop_id)
    exercise_id = exercises.add_exercise(engine, "t", workshop_id, exercises.from_template("carers-check"))
    for text in (*EMOJI_SAMPLES[:1], *HANGUL_SAMPLES[:2], f"New {NO_FONT_HAS} face"):
        contributions.add_contribution(engine, "t", exercise_id, text, "need")
    out = database.paths.root / "record.pdf"
    export_record(
        engine,
        KeyStore(database.paths.keys),
        workshop_id,
        out,
        passphrase="a long test passphrase",
        actor="t",
        gaps_reason="Times were kept on paper.",
    )
    return out


@needs_poppler
def test_exported_record_extracts_hangul_and_emoji_and_embeds_their_fonts(record_pdf: Path) -> None:
    text = subprocess.run(
        ["pdftotext", str(record_pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    for sample in HANGUL_SAMPLES[:2]:
        assert sample in flat
    assert "Great 😀👍 service ❤ [GB] family 👨👩👧" in flat
    assert "Urgent care 🚑 in Fareham" in flat
    assert "New [U+1FAE8] face" in flat
    assert "\ufffd" not in text
    fonts = subprocess.run(
        ["pdffonts", str(record_pdf)], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    embedded = {row.split()[0].split("+")[-1] for row in fonts if row.split()[-5] == "yes"}
    assert {"CoproduceHangul-Regular", "Symbola"} <= embedded
