"""File → the expert's exports and imports: the signed score sheet and the offline form.

Each action asks where (a native file dialog) unless a path is handed in, flushes the
scoring form first so the last keystrokes are in, and reports the result in the user's
language. An incomplete review blocks the signed sheet; the dialog lists what is
missing and offers the watermarked draft instead. An offline form whose dossiers were
edited here after it was exported asks before overwriting those edits.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.errors import Text, UserError
from app.ui.i18n import render

if TYPE_CHECKING:
    from app.ui.main_window import UnlockedSession

MISSING_SHOWN = 12


@contextlib.contextmanager
def busy() -> Iterator[None]:
    """A wait cursor while the store signs or reads (a second or so)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()


class ExchangeActions(QObject):
    """The handlers behind File → 导出评分表 / 导出离线评分表 / 导入离线评分表.

    ``records_changed`` tells the window to reload the list and the form after an
    import changed stored records (or an export marked them 已提交).
    """

    records_changed = Signal()

    def __init__(
        self,
        parent: QWidget,
        session: Callable[[], UnlockedSession | None],
        flush: Callable[[], None],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._session = session
        self._flush = flush

    # -- the signed score sheet ---------------------------------------------------------

    def export_sheet(self, target: Path | None = None, *, draft: bool = False) -> Path | None:
        """Export the score sheet, signed (or a draft); where it went, or None."""
        session = self._session()
        if session is None:
            return None
        self._flush()
        if not draft:
            lacking = session.service.missing_overall()
            if lacking:
                if not self._offer_draft(session, lacking):
                    return None
                draft = True
        if target is None:
            target = self._ask_save_path(
                self.tr("导出评分表草稿") if draft else self.tr("导出评分表"),
                self._default_sheet_name(session, draft),
                self.tr("PDF 文件 (*.pdf)"),
            )
            if target is None:
                return None
        from app.sheets.export import export_sheet

        try:
            with busy():
                exported = export_sheet(session.store, target, draft=draft)
        except UserError as exc:
            QMessageBox.warning(self._parent, self.tr("未导出评分表"), render(exc.text))
            return None
        QMessageBox.information(self._parent, self.tr("导出评分表"), render(exported.message))
        if not draft:
            self.records_changed.emit()
        return exported.path

    def _offer_draft(self, session: UnlockedSession, lacking: list[tuple[str, list[Text]]]) -> bool:
        names = {d.id: f"{d.seq}. {d.enterprise}" for d in session.service.dossiers()}
        lines = [
            f"{names.get(dossier_id, dossier_id)}：" + "；".join(render(t) for t in items)
            for dossier_id, items in lacking[:MISSING_SHOWN]
        ]
        if len(lacking) > MISSING_SHOWN:
            lines.append(self.tr("……另有 {n} 份").format(n=len(lacking) - MISSING_SHOWN))
        box = QMessageBox(self._parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(self.tr("评分尚未完成"))
        box.setText(
            self.tr(
                "还有 {n} 份申报材料没有评完，不能导出正式（签名）评分表。\n"
                "可以先导出一份带“草稿”水印、不签名的评分表供核对。"
            ).format(n=len(lacking))
        )
        box.setDetailedText("\n".join(lines))
        box.setInformativeText("\n".join(lines[:4]) + ("\n……" if len(lines) > 4 else ""))
        draft = box.addButton(self.tr("导出草稿…"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is draft

    def _default_sheet_name(self, session: UnlockedSession, draft: bool) -> str:
        owner = session.service.owner()
        stage = session.service.round().stage.label
        suffix = "-草稿" if draft else ""
        return f"评分表-{owner.name}-{stage}{suffix}.pdf"

    # -- the offline form -------------------------------------------------------------

    def export_form(self, target: Path | None = None) -> Path | None:
        """Write the offline spreadsheet form; where it went, or None."""
        session = self._session()
        if session is None:
            return None
        self._flush()
        if target is None:
            owner = session.service.owner()
            target = self._ask_save_path(
                self.tr("导出离线评分表"),
                f"离线评分表-{owner.name}.xlsx",
                self.tr("Excel 工作簿 (*.xlsx)"),
            )
            if target is None:
                return None
        from app.forms import export_form

        try:
            with busy():
                exported = export_form(session.store, target)
        except UserError as exc:
            QMessageBox.warning(self._parent, self.tr("未导出离线评分表"), render(exc.text))
            return None
        QMessageBox.information(self._parent, self.tr("导出离线评分表"), render(exported.message))
        return exported.path

    def import_form(self, source: Path | None = None, *, overwrite: bool = False) -> bool:
        """Bring a filled-in form back; whether anything was stored."""
        session = self._session()
        if session is None:
            return False
        if source is None:
            chosen, _filter = QFileDialog.getOpenFileName(
                self._parent,
                self.tr("导入离线评分表"),
                "",
                self.tr("Excel 工作簿 (*.xlsx);;所有文件 (*)"),
            )
            if not chosen:
                return False
            source = Path(chosen)
        self._flush()
        from app.forms import EditConflict, apply_form, read_form

        try:
            with busy():
                form = read_form(session.store, source)
                try:
                    applied = apply_form(session.store, form, overwrite=overwrite)
                except EditConflict as conflict:
                    if not self._confirm_overwrite(render(conflict.text)):
                        return False
                    applied = apply_form(session.store, form, overwrite=True)
        except UserError as exc:
            QMessageBox.warning(self._parent, self.tr("未导入离线评分表"), render(exc.text))
            return False
        QMessageBox.information(self._parent, self.tr("导入离线评分表"), render(applied.message))
        if applied.applied:
            self.records_changed.emit()
        return bool(applied.applied)

    def _confirm_overwrite(self, explanation: str) -> bool:
        with _normal_cursor():
            answer = QMessageBox.question(
                self._parent,
                self.tr("覆盖工作站中的修改？"),
                explanation + "\n\n" + self.tr("是否以表格内容覆盖这些修改？"),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
        return answer == QMessageBox.StandardButton.Yes

    # -- shared -------------------------------------------------------------------------

    def _ask_save_path(self, title: str, suggested: str, filters: str) -> Path | None:
        chosen, _filter = QFileDialog.getSaveFileName(self._parent, title, suggested, filters)
        return Path(chosen) if chosen else None


@contextlib.contextmanager
def _normal_cursor() -> Iterator[None]:
    """The ordinary pointer while a question is asked in the middle of busy work."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.ArrowCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
