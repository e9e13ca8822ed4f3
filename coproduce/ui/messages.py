"""Showing problems: the environment's fault in plain words; a bug with its traceback in the log."""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from coproduce.errors import KnownError

log = logging.getLogger("coproduce")


def show_error(parent: QWidget | None, err: BaseException, title: str | None = None) -> None:
    heading = title or QCoreApplication.translate("Messages", "Something went wrong")
    if isinstance(err, KnownError):
        QMessageBox.warning(parent, heading, str(err))
        return
    trace = getattr(err, "__traceback_text__", None)
    log.error("Unexpected error: %s\n%s", err, trace or "", exc_info=trace is None)
    QMessageBox.critical(
        parent,
        heading,
        QCoreApplication.translate(
            "Messages",
            "coproduce hit an unexpected problem and could not finish this action. Everything saved "
            "before it is safe. The details are in the log file.\n\n{error}",
        ).format(error=err),
    )
