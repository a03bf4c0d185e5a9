"""The group window's imports and export: members' score sheets in, the group report out.

Each action asks where (a native file dialog) unless paths are handed in — a drop onto the
window hands them in — runs the core with a busy cursor, and reports in the user's
language: how many files were taken and, for each one refused, why. Errors the user can
cause come back as messages, never as a crash.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from app.consolidation.export import ExportedReport, export_group_report
from app.errors import UserError
from app.sheets.ledger import ImportResult, import_sheets
from app.store.store import Store
from app.ui.exchange_actions import busy
from app.ui.i18n import render
from app.ui.received_files_model import REFUSED, verdict_tally

REFUSALS_SHOWN = 8


class GroupActions(QObject):
    """导入评分表 / 导入文件夹 / drop, and 导出组评审报告.

    ``imported`` tells the window to read the ledger and the table again, and whether a
    file was refused.
    """

    imported = Signal(bool)

    def __init__(
        self,
        parent: QWidget,
        store: Store,
        flush: Callable[[], None],
        report_name: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self._parent = parent
        self._store = store
        self._flush = flush
        self._report_name = report_name
        self._folder = ""

    # -- score sheets in ---------------------------------------------------------------

    def choose_files(self) -> list[ImportResult] | None:
        """Ask for one or more sheet files and import them."""
        chosen, _filter = QFileDialog.getOpenFileNames(
            self._parent,
            self.tr("导入成员的评分表"),
            self._folder,
            self.tr("签名评分表 (*.pdf);;所有文件 (*)"),
        )
        if not chosen:
            return None
        return self.import_paths([Path(name) for name in chosen])

    def choose_folder(self) -> list[ImportResult] | None:
        """Ask for a folder and import every PDF in it."""
        chosen = QFileDialog.getExistingDirectory(
            self._parent, self.tr("导入文件夹中的评分表"), self._folder
        )
        if not chosen:
            return None
        return self.import_paths([Path(chosen)])

    def import_paths(self, paths: Sequence[Path]) -> list[ImportResult] | None:
        """Verify and take in ``paths`` (files or folders); the verdicts, or None if refused."""
        if not paths:
            return None
        self._folder = str(paths[0] if paths[0].is_dir() else paths[0].parent)
        self._flush()
        try:
            with busy():
                results = import_sheets(self._store, paths)
        except UserError as exc:
            QMessageBox.warning(self._parent, self.tr("未导入评分表"), render(exc.text))
            return None
        refused = [r for r in results if r.verdict in REFUSED]
        title = self.tr("导入评分表")
        if refused:
            QMessageBox.warning(self._parent, title, self.summary(results))
        else:
            QMessageBox.information(self._parent, title, self.summary(results))
        self.imported.emit(bool(refused))
        return results

    def summary(self, results: Sequence[ImportResult]) -> str:
        """How many files were taken, kept, repeated or refused, and why each refusal."""
        refused = [r for r in results if r.verdict in REFUSED]
        lines = [verdict_tally(results)]
        for result in refused[:REFUSALS_SHOWN]:
            lines.append(f"• {result.file.name}：{render(result.reason)}")
        if len(refused) > REFUSALS_SHOWN:
            lines.append(self.tr("……另有 {n} 个").format(n=len(refused) - REFUSALS_SHOWN))
        if refused:
            lines.append(self.tr("详见“核验结果”。"))
        return "\n".join(lines)

    # -- the group report out ----------------------------------------------------------

    def export_report(self, target: Path | None = None) -> ExportedReport | None:
        """Sign and write the group report, with its XLSX copy beside it; None if not."""
        self._flush()
        if target is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self._parent,
                self.tr("导出组评审报告"),
                str(Path(self._folder) / self._report_name())
                if self._folder
                else self._report_name(),
                self.tr("PDF 文件 (*.pdf)"),
            )
            if not chosen:
                return None
            target = Path(chosen)
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        xlsx = target.with_suffix(".xlsx")
        try:
            with busy():
                exported = export_group_report(self._store, target, xlsx)
        except UserError as exc:
            QMessageBox.warning(self._parent, self.tr("未导出组评审报告"), render(exc.text))
            return None
        except OSError as exc:
            QMessageBox.warning(
                self._parent,
                self.tr("未导出组评审报告"),
                self.tr("无法写入 {path}：{error}").format(path=target, error=exc.strerror or exc),
            )
            return None
        message = render(exported.message)
        if exported.xlsx is not None:
            message += "\n" + self.tr("Excel 副本：{path}").format(path=exported.xlsx)
        QMessageBox.information(self._parent, self.tr("导出组评审报告"), message)
        return exported
