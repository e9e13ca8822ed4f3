"""Translation hook for code outside the Qt layer.

The core must not import Qt, yet its messages (CLI output, errors, the PDF record) must be translatable.
Core code calls ``translate(context, text)``; when the Qt UI starts it installs
``QCoreApplication.translate`` here, so every string goes through Qt's translators. Without a UI (the
command line, tests) the text is returned as written.
"""

from __future__ import annotations

from collections.abc import Callable

Translator = Callable[[str, str], str]


def _identity(context: str, text: str) -> str:
    return text


_translator: Translator = _identity


def install(translator: Translator) -> None:
    global _translator
    _translator = translator


def translate(context: str, text: str) -> str:
    return _translator(context, text)
