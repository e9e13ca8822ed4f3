"""The Record section: check readiness, sign and export the PDF in the background, verify, co-sign, amend."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QFileDialog,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy import Engine

from coproduce.errors import KnownError
from coproduce.paths import DataPaths
from coproduce.services import readiness, workshops
from coproduce.ui.messages import show_error
from coproduce.ui.record_check import RecordCheck
from coproduce.ui.tasks import TaskRunner


class RecordPage(QWidget):
    saved = Signal()

    def __init__(
        self,
        engine: Engine,
        actor: str,
        workshop_id: str,
        paths: DataPaths,
        runner: TaskRunner | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.engine, self.actor, self.workshop_id, self.paths = engine, actor, workshop_id, paths
        self.runner = runner or TaskRunner(self)
        self.last_file: Path | None = None

        self.status = QLabel()
        self.status.setWordWrap(True)
        self.status.setAccessibleName(self.tr("Record status"))
        self.gaps = QLabel()
        self.gaps.setWordWrap(True)
        self.gaps_reason = QPlainTextEdit()
        self.gaps_reason.setAccessibleName(self.tr("Reason for signing with gaps"))
        self.gaps_reason.setPlaceholderText(self.tr("Only if signing with gaps: why, in a sentence or two"))
        self.gaps_reason.setMaximumHeight(70)
        self.gaps_reason.setTabChangesFocus(True)
        self.signer = QLineEdit()
        self.signer.setAccessibleName(self.tr("Signer's name"))
        self.organisation = QLineEdit()
        self.organisation.setAccessibleName(self.tr("Signer's organisation"))
        self.cosigners = QLineEdit()
        self.cosigners.setAccessibleName(self.tr("Co-signers"))
        self.cosigners.setPlaceholderText(
            self.tr("Names separated by commas, e.g. a participant representative")
        )
        self.passphrase = QLineEdit()
        self.passphrase.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase.setAccessibleName(self.tr("Passphrase of the signing key"))
        self.passphrase.setPlaceholderText(self.tr("At least 8 characters; set the first time you sign"))
        self.passphrase.returnPressed.connect(self.request_sign)
        self.passphrase_again = QLineEdit()
        self.passphrase_again.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_again.setAccessibleName(self.tr("The new passphrase again"))
        self.passphrase_again.setPlaceholderText(
            self.tr("First signature with this name: type the passphrase again")
        )
        self.passphrase_again.returnPressed.connect(self.request_sign)
        self.passphrase_error = QLabel()  # right under the fields it is about
        self.passphrase_error.setObjectName("errorText")
        self.passphrase_error.setWordWrap(True)
        self.passphrase_error.hide()
        for edit in (self.passphrase, self.passphrase_again):
            edit.textEdited.connect(lambda _text: self._mark_passphrase(None, ""))
        self.export_button = QPushButton(self.tr("&Sign and export the record…"))
        self.export_button.clicked.connect(self.request_sign)
        self.export_button.setMinimumHeight(36)
        self.confirm = QFrame()
        self.confirm.setObjectName("signConfirmation")
        self.confirm.setFrameShape(QFrame.Shape.StyledPanel)
        self.confirm_text = QLabel(
            self.tr(
                "Signing locks this workshop: nothing in it can be changed afterwards. A correction then "
                "means starting an amendment, which is signed as a new revision of the record."
            )
        )
        self.confirm_text.setWordWrap(True)
        self.confirm_button = QPushButton(self.tr("&Lock the workshop and sign…"))
        self.confirm_button.setAutoDefault(True)  # Enter on it signs
        self.confirm_button.clicked.connect(self.choose_and_export)
        self.cancel_button = QPushButton(self.tr("Not &yet"))
        self.cancel_button.setAutoDefault(True)
        self.cancel_button.clicked.connect(self.cancel_sign)
        confirm_layout = QVBoxLayout(self.confirm)
        confirm_layout.addWidget(self.confirm_text)
        confirm_buttons = QHBoxLayout()
        confirm_buttons.addWidget(self.confirm_button)
        confirm_buttons.addWidget(self.cancel_button)
        confirm_buttons.addStretch(1)
        confirm_layout.addLayout(confirm_buttons)
        self.confirm.hide()
        self.progress = QProgressBar()
        self.progress.setAccessibleName(self.tr("Export progress"))
        self.progress.hide()
        self.progress_text = QLabel()

        sign_box = QGroupBox(self.tr("Sign and export"))
        form = QFormLayout(sign_box)
        self.sign_form = form
        form.addRow(self.tr("Readiness"), self.gaps)
        form.addRow(self.tr("Reason for &gaps"), self.gaps_reason)
        form.addRow(self.tr("Si&gned by"), self.signer)
        form.addRow(self.tr("&Organisation"), self.organisation)
        form.addRow(self.tr("&Co-signers"), self.cosigners)
        form.addRow(self.tr("&Passphrase"), self.passphrase)
        form.addRow(self.tr("Passphrase agai&n"), self.passphrase_again)
        form.addRow("", self.passphrase_error)
        export_row = QHBoxLayout()
        export_row.addWidget(self.export_button)
        export_row.addStretch(1)
        form.addRow("", export_row)
        form.addRow("", self.confirm)
        form.addRow(self.progress_text, self.progress)

        self.amend_button = QPushButton(self.tr("Start an &amendment…"))
        self.amend_button.setAccessibleDescription(self.tr("Unlock a signed workshop to sign a new revision"))
        self.amend_button.clicked.connect(self.amend)
        self.check = RecordCheck(paths, self.runner, more=[self.amend_button])
        self.result = self.check.result  # the export's outcome is shown there too

        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(sign_box)
        layout.addWidget(self.check, 1)
        self.signer.textChanged.connect(self._show_first_time)
        self.organisation.textChanged.connect(self._show_first_time)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()  # other sections may have changed what is ready

    def first_signature(self) -> bool:
        """Whether the person named has no signing key here yet (the passphrase typed now creates it)."""
        from coproduce.record.keys import KeyStore, organisation_name

        def norm(text: str) -> str:
            return " ".join(text.split())

        name, org = norm(self.signer.text()), norm(self.organisation.text())
        return not any(
            c.common_name == name and organisation_name(c.certificate) == org
            for c in KeyStore(self.paths.keys).signers()
        )

    def _show_first_time(self) -> None:
        self.sign_form.setRowVisible(self.passphrase_again, self.first_signature())

    def refresh(self) -> None:
        details = workshops.get_workshop(self.engine, self.workshop_id)
        lead = details.lead
        if lead and not self.signer.text():
            self.signer.setText(lead.name)
            self.organisation.setText(lead.organisation)
        missing = readiness.gaps(readiness.check(self.engine, self.workshop_id))
        self.gaps.setText(
            self.tr("Ready to sign: every check is met.")
            if not missing
            else self.tr("1 gap: {list}").format(list=missing[0].label)
            if len(missing) == 1
            else self.tr("{n} gaps: {list}").format(n=len(missing), list="; ".join(g.label for g in missing))
        )
        self.gaps_reason.setEnabled(bool(missing))
        self.sign_form.setRowVisible(self.gaps_reason, bool(missing))  # no reason to ask for when ready
        signed = details.workshop.status == "signed"
        self.export_button.setEnabled(not signed and not self.runner.busy)
        if signed or self.runner.busy:
            self.confirm.hide()
        self._show_first_time()
        self.amend_button.setEnabled(signed)
        self.status.setText(
            self.tr("This workshop's record is signed and its contents are locked.")
            if signed
            else self.tr("Not signed yet.")
        )

    # -- export
    def _passphrase_ok(self) -> bool:
        problem = ""
        field = self.passphrase
        if len(self.passphrase.text()) < 8:
            problem = self.tr("Not signed: the passphrase needs at least 8 characters.")
        elif self.first_signature() and self.passphrase_again.text() != self.passphrase.text():
            problem = self.tr(
                "Not signed: the two passphrases differ. This is the first signature with this name here, "
                "so the passphrase you set now is needed for every later signature: type it twice."
            )
            field = self.passphrase_again
        self._mark_passphrase(field if problem else None, problem)
        return not problem

    def _mark_passphrase(self, field: QLineEdit | None, problem: str) -> None:
        """Show ``problem`` under the passphrase fields, mark ``field`` and focus it (None: clear all)."""
        self.passphrase_error.setText(problem)
        self.passphrase_error.setVisible(bool(problem))
        for edit in (self.passphrase, self.passphrase_again):
            at_fault = edit is field
            edit.setProperty("invalid", at_fault)
            edit.setStyleSheet("QLineEdit { border: 2px solid #8a1c1c; }" if at_fault else "")
            edit.setAccessibleDescription(problem if at_fault else "")
        if field is not None:
            field.setFocus()
            field.selectAll()

    def request_sign(self) -> None:
        """The first step of signing: check the passphrase, then ask to confirm that signing locks."""
        if not self.export_button.isEnabled() or not self._passphrase_ok():
            return
        self.confirm.show()
        self.confirm_button.setFocus()

    def cancel_sign(self) -> None:
        self.confirm.hide()
        self.export_button.setFocus()

    def ask_save_path(self, suggested: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save the signed record"), suggested, self.tr("PDF files (*.pdf)")
        )
        return path

    def choose_and_export(self) -> None:
        from coproduce.record.export import default_file_name

        w = workshops.get_workshop(self.engine, self.workshop_id).workshop
        path = self.ask_save_path(str(self.paths.exports / default_file_name(w.title, w.date)))
        if path:
            self.export_to(Path(path))

    def export_to(self, out: Path) -> None:
        self.confirm.hide()
        if not self._passphrase_ok():
            return
        from coproduce.record.export import export_record
        from coproduce.record.keys import KeyStore

        args: dict[str, Any] = {
            "passphrase": self.passphrase.text(),
            "actor": self.actor,
            "signer_name": self.signer.text().strip() or None,
            "signer_organisation": self.organisation.text().strip(),
            "cosigners": [n.strip() for n in self.cosigners.text().split(",") if n.strip()],
            "gaps_reason": self.gaps_reason.toPlainText() if self.gaps_reason.isEnabled() else "",
        }
        keys = KeyStore(self.paths.keys)
        self.export_button.setEnabled(False)
        self.progress.setRange(0, 100)
        self.progress.setValue(0)
        self.progress.show()
        self.runner.run(
            lambda progress: export_record(
                self.engine, keys, self.workshop_id, out, progress=progress, **args
            ),
            self._exported,
            self._failed,
            self._progress,
        )

    def _progress(self, done: int, total: int, message: str) -> None:
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress_text.setText(message)

    def _exported(self, result: Any) -> None:
        self.progress.hide()
        self.progress_text.setText("")
        self.passphrase.clear()
        self.passphrase_again.clear()
        self.last_file = result.path
        self.result.setPlainText(
            self.tr(
                "Signed record written to {path}\nRecord {id}, revision {rev}\nSHA-256 {sha}\nTook {s:.1f} s"
            ).format(
                path=result.path,
                id=result.record_id,
                rev=result.revision,
                sha=result.sha256,
                s=result.seconds,
            )
        )
        self.refresh()
        self.saved.emit()

    def _failed(self, err: Exception) -> None:
        self.progress.hide()
        self.progress_text.setText("")
        self.refresh()
        show_error(self, err, self.tr("The record was not signed"))

    # -- amend
    def amend(self) -> None:
        reason, ok = QInputDialog.getMultiLineText(
            self, self.tr("Start an amendment"), self.tr("Why is the signed record being amended?")
        )
        if not ok:
            return
        from coproduce.record.export import start_amendment

        try:
            start_amendment(self.engine, self.actor, self.workshop_id, reason)
        except KnownError as err:
            show_error(self, err)
            return
        self.refresh()
        self.saved.emit()
