"""The Record section's "Check a record" box: verify a signed PDF or co-sign it, in the background, with what
was found shown below the buttons. (The Record page adds its amendment button to the same row.)"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import (
    QFileDialog,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from coproduce.paths import DataPaths
from coproduce.ui.messages import show_error
from coproduce.ui.tasks import TaskRunner


class RecordCheck(QGroupBox):
    def __init__(
        self,
        paths: DataPaths,
        runner: TaskRunner,
        more: Sequence[QPushButton] = (),
        parent: QWidget | None = None,
    ) -> None:
        """``more``: buttons of the page's own to put in the same row (the Record page's amendment)."""
        super().__init__(parent)
        self.setTitle(self.tr("Check a record"))
        self.paths, self.runner = paths, runner
        self.verify_button = QPushButton(self.tr("&Verify a record file…"))
        self.verify_button.clicked.connect(self.choose_and_verify)
        self.cosign_button = QPushButton(self.tr("C&o-sign a record file…"))
        self.cosign_button.clicked.connect(self.choose_and_cosign)
        self.result = QPlainTextEdit()
        self.result.setReadOnly(True)
        self.result.setAccessibleName(self.tr("Verification result"))
        self.result.setPlaceholderText(
            self.tr(
                "Choose a record file (PDF) to verify: what it says appears here — whether its signature is "
                "valid, who signed it and when, and whether it has been changed since."
            )
        )
        buttons = QHBoxLayout()
        for button in (self.verify_button, self.cosign_button, *more):
            button.setMinimumHeight(36)
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(self)
        column.addLayout(buttons)
        column.addWidget(self.result)

    def choose_and_verify(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a record to verify"), str(self.paths.exports), self.tr("PDF files (*.pdf)")
        )
        if path:
            self.verify_file(Path(path))

    def verify_file(self, path: Path) -> None:
        from coproduce.record.export import embedded_qr_text
        from coproduce.record.keys import KeyStore
        from coproduce.record.verify import verify

        keys = KeyStore(self.paths.keys)

        def work(progress: Any) -> Any:
            data = path.read_bytes()
            return verify(data, keys, embedded_qr_text(data))

        self.result.setPlainText(self.tr("Checking {name}…").format(name=path.name))
        self.runner.run(work, self._verified, self._failed(self.tr("The record could not be checked")))

    def _verified(self, result: Any) -> None:
        heading = {
            "authentic": self.tr("AUTHENTIC"),
            "untrusted_signer": self.tr(
                "NOT VERIFIED: intact, but the signer's installation is not trusted on this computer"
            ),
            "not_verified": self.tr("NOT VERIFIED"),
        }[result.status.value]
        lines = [heading, *(f"• {reason}" for reason in result.reasons)]
        lines += [
            self.tr("Signed by {name} ({org})").format(name=s.name, org=s.organisation)
            for s in result.signers
        ]
        self.result.setPlainText("\n".join(lines))

    def choose_and_cosign(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Choose a record to co-sign"), str(self.paths.exports), self.tr("PDF files (*.pdf)")
        )
        if not path:
            return
        name, ok = QInputDialog.getText(self, self.tr("Co-sign"), self.tr("Co-signer's name (as reserved):"))
        if not ok or not name.strip():
            return
        secret, ok = QInputDialog.getText(
            self, self.tr("Co-sign"), self.tr("Their passphrase:"), QLineEdit.EchoMode.Password
        )
        if ok:
            self.cosign_file(Path(path), name.strip(), secret)

    def cosign_file(self, path: Path, name: str, passphrase: str) -> None:
        from coproduce.record.export import write_atomically
        from coproduce.record.keys import KeyStore
        from coproduce.record.signing import cosign

        keys = KeyStore(self.paths.keys)

        def work(progress: Any) -> Path:
            signed = cosign(path.read_bytes(), store=keys, name=name, organisation="-", passphrase=passphrase)
            write_atomically(path, signed)
            return path

        self.runner.run(
            work,
            lambda p: self.result.setPlainText(
                self.tr("Co-signed by {name}: {path}").format(name=name, path=p)
            ),
            self._failed(self.tr("The record was not co-signed")),
        )

    def _failed(self, title: str) -> Any:
        def failed(err: Exception) -> None:
            self.result.clear()
            show_error(self, err, title)

        return failed
