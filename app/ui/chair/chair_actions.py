"""The chair window's imports and export: group reports in, the signed list out.

Each import asks which files (unless paths are handed in — a drop hands them in),
verifies them with a busy cursor and sums the verdicts up in one short line for the
window's status line; the reasons stay in the 报告核验 table. Signing the list is an
approval, so the export is refused politely while a group's report is missing, and
otherwise lists what will be signed — how many dossiers, and every change the chair made
with its reason — before asking where to save the PDF (its XLSX copy goes beside it).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from app.chair.export import ExportedShortlist, export_shortlist
from app.chair.ledger import import_reports
from app.chair.service import ChairService
from app.chair.shortlist import list_title
from app.chair.table import ChairTable
from app.errors import UserError
from app.sheets.ledger import ImportResult
from app.store.store import Store
from app.ui.chair.dialogs import ChairDialogs
from app.ui.exchange_actions import busy
from app.ui.i18n import render
from app.ui.received_files_model import REFUSED, verdict_tally


class ChairActions(QObject):
    """导入汇总表 / 导入文件夹 / drop, and 签署并导出名单.

    ``imported`` tells the window to read the store again and whether a file was refused;
    ``said`` carries a one-line summary for the status line; ``exported`` follows a
    signed export.
    """

    imported = Signal(bool)
    said = Signal(str)
    exported = Signal()

    def __init__(self, parent: QWidget, store: Store) -> None:
        super().__init__(parent)
        self._parent = parent
        self._store = store
        self._folder = ""
        self.dialogs = ChairDialogs(parent)

    # -- group reports in ------------------------------------------------------------

    def choose_files(self) -> list[ImportResult] | None:
        """Ask for one or more report files and import them."""
        chosen = self.dialogs.open_files(
            self.tr("导入专业组汇总表"),
            self._folder,
            self.tr("签名汇总表 (*.pdf);;所有文件 (*)"),
        )
        return self.import_paths(chosen) if chosen else None

    def choose_folder(self) -> list[ImportResult] | None:
        """Ask for a folder and import every PDF in it."""
        chosen = self.dialogs.open_folder(self.tr("导入文件夹中的汇总表"), self._folder)
        return self.import_paths([chosen]) if chosen is not None else None

    def import_paths(self, paths: Sequence[Path]) -> list[ImportResult] | None:
        """Verify and take in ``paths`` (files or folders); the verdicts, or None if refused."""
        if not paths:
            return None
        self._folder = str(paths[0] if paths[0].is_dir() else paths[0].parent)
        try:
            with busy():
                results = import_reports(self._store, paths)
        except UserError as exc:
            self.dialogs.warn(self.tr("未导入汇总表"), render(exc.text))
            return None
        self.said.emit(self.summary(results))
        self.imported.emit(any(r.verdict in REFUSED for r in results))
        return results

    def summary(self, results: Sequence[ImportResult]) -> str:
        """One line: how many files were taken, kept, repeated or refused, and the first why."""
        if not results:
            return self.tr("所选位置没有可核验的 PDF 文件。")
        line = verdict_tally(results)
        refused = [r for r in results if r.verdict in REFUSED]
        if refused:
            first = refused[0]
            line += " " + f"{first.file.name}：{render(first.reason)}"
        return line

    # -- the signed list out ---------------------------------------------------------

    def export_list(self) -> ExportedShortlist | None:
        """Check, confirm, ask where, sign and write the list with its XLSX copy."""
        title = self.tr("签署并导出名单")
        try:
            table = ChairService(self._store).table()
        except UserError as exc:
            self.dialogs.warn(title, render(exc.text))
            return None
        refusal = self.refusal(table)
        if refusal is not None:
            self.dialogs.warn(self.tr("暂不能签署名单"), refusal)
            return None
        name = render(list_title(table.round.stage.value))
        text, details = self.confirmation(table)
        if not self.dialogs.confirm(title, text, details, self.tr("签署并导出…")):
            return None
        suggested = f"{name}-{table.round.name}.pdf"
        target = self.dialogs.save_file(
            self.tr("导出{name}").format(name=name),
            Path(self._folder) / suggested if self._folder else Path(suggested),
            self.tr("PDF 文件 (*.pdf)"),
        )
        if target is None:
            return None
        if target.suffix.lower() != ".pdf":
            target = target.with_name(target.name + ".pdf")
        self._folder = str(target.parent)
        return self._write(target, title)

    def refusal(self, table: ChairTable) -> str | None:
        """Why ``table`` cannot be signed yet, if it cannot."""
        missing = table.missing_groups
        if missing:
            return self.tr(
                "尚未收到（或未通过核验）以下专业组的汇总表：{names}。"
                "名单缺少一个组就等于未经决定地放弃该组的申报材料，"
                "请先导入各组组长签署的汇总表。"
            ).format(names="、".join(g.name for g in missing))
        if not table.shortlist:
            return self.tr("名单上没有任何申报材料，不能签署。")
        return None

    def confirmation(self, table: ChairTable) -> tuple[str, str]:
        """What the confirmation says: the list's size, and every change with its reason."""
        name = render(list_title(table.round.stage.value))
        changes = [line for line in table.lines if line.changed and line.decision is not None]
        text = self.tr(
            "将以您的证书签署{name}：共 {n} 项申报材料，其中主任委员调整 {changes} 项。"
        ).format(name=name, n=len(table.shortlist), changes=len(changes))
        lines = []
        for line in changes:
            assert line.decision is not None
            verb = self.tr("调入") if line.included else self.tr("调出")
            lines.append(
                f"• {line.line.dossier.enterprise}（{line.group.name}）{verb}："
                f"{line.decision.reason}"
            )
        if not lines:
            lines.append(self.tr("名单与各组报送的一致，没有调整。"))
        lines.append(self.tr("签署后请将 PDF 交给评审办公室；Excel 副本另存于同一文件夹。"))
        return text, "\n".join(lines)

    def _write(self, target: Path, title: str) -> ExportedShortlist | None:
        xlsx = target.with_suffix(".xlsx")
        try:
            with busy():
                exported = export_shortlist(self._store, target, xlsx)
        except UserError as exc:
            self.dialogs.warn(self.tr("未导出名单"), render(exc.text))
            return None
        except OSError as exc:
            self.dialogs.warn(
                self.tr("未导出名单"),
                self.tr("无法写入 {path}：{error}").format(path=target, error=exc.strerror or exc),
            )
            return None
        message = render(exported.message)
        if exported.xlsx is not None:
            message += "\n" + self.tr("Excel 副本：{path}").format(path=exported.xlsx)
        self.dialogs.inform(title, message)
        self.said.emit(message.splitlines()[0])
        self.exported.emit()
        return exported
