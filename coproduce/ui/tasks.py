"""Background work through one small runner: a thread pool, and signals back to the GUI thread.

Long jobs (export, signing, import) run here so the window never freezes. A job receives a ``progress``
callable (done, total, message) it may call from its thread; results and errors arrive on the GUI thread.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]


class _Signals(QObject):
    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[Progress], Any]) -> None:
        super().__init__()
        self.work = work
        self.signals = _Signals()

    def run(self) -> None:
        try:
            result = self.work(self.signals.progress.emit)
        except Exception as err:  # delivered to the GUI thread, which decides how to show it
            if not hasattr(err, "__traceback_text__"):
                err.__traceback_text__ = traceback.format_exc()  # type: ignore[attr-defined]
            self.signals.failed.emit(err)
        else:
            self.signals.succeeded.emit(result)


class TaskRunner(QObject):
    """Runs jobs off the GUI thread; keeps each job alive until it reports back."""

    def __init__(self, parent: QObject | None = None, pool: QThreadPool | None = None) -> None:
        super().__init__(parent)
        self.pool = pool or QThreadPool.globalInstance()
        self._running: set[_Job] = set()

    def run(
        self,
        work: Callable[[Progress], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None],
        on_progress: Callable[[int, int, str], None] | None = None,
    ) -> None:
        job = _Job(work)
        job.setAutoDelete(False)
        self._running.add(job)

        @Slot(object)
        def done(result: Any) -> None:
            self._running.discard(job)
            on_success(result)

        @Slot(object)
        def failed(err: Exception) -> None:
            self._running.discard(job)
            on_failure(err)

        job.signals.succeeded.connect(done)
        job.signals.failed.connect(failed)
        if on_progress is not None:
            job.signals.progress.connect(on_progress)
        self.pool.start(job)

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30_000) -> bool:
        return self.pool.waitForDone(msecs)
