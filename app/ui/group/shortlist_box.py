"""The leader's shortlist decision (入围调整) on one dossier: on or off, and why.

The computed shortlist follows the rule; the leader may move a dossier on or off it, but
only with a written reason that travels in the signed report. The box says where the rule
puts the dossier, lets the leader change it and shows a refusal (no reason) in place, in
red, with nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from app.consolidation.table import DossierLine
from app.errors import UserError
from app.models.round import Stage
from app.ui.group.figures import ALERT, CHANGED, ON_LIST
from app.ui.i18n import render
from app.ui.looks import embolden

ChangeShortlist = Callable[[str, bool, str], DossierLine]
"""Puts a dossier on or off the shortlist with a reason (``GroupService.change_shortlist``)."""


class ShortlistBox(QWidget):
    """Where the rule puts the dossier, the leader's check box, the reason and 应用.

    ``changed`` carries the dossier id after a decision was stored (or withdrawn).
    """

    changed = Signal(str)

    def __init__(self, change: ChangeShortlist, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._change = change
        self._line: DossierLine | None = None
        self._stage = Stage.MATERIAL
        self._k = 0
        self.caption = QLabel()
        embolden(self.caption)
        self.rule = QLabel()
        self.rule.setWordWrap(True)
        self.decision = QLabel()
        self.decision.setWordWrap(True)
        self.decision.setStyleSheet(f"color: {CHANGED};")
        self.included = QCheckBox()
        self.reason = QLineEdit()
        self.reason.setClearButtonEnabled(True)
        self.reason.setAcceptDrops(False)  # files dropped here are sheets for the window
        self.reason.returnPressed.connect(self.apply)
        self.apply_button = QPushButton()
        self.apply_button.clicked.connect(self.apply)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.apply_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addWidget(self.rule)
        layout.addWidget(self.decision)
        layout.addWidget(self.included)
        layout.addLayout(row)
        layout.addWidget(self.message)
        self.retranslate()
        self.show_line(None, Stage.MATERIAL, 0)

    def retranslate(self) -> None:
        """Apply the current language."""
        self.caption.setText(self.tr("入围名单"))
        if self._stage is Stage.MATERIAL:
            self.included.setText(self.tr("列入答辩名单"))
        else:
            self.included.setText(self.tr("列入质量标杆推荐名单"))
        self.reason.setPlaceholderText(self.tr("调整理由（与按规则计算的结果不同时必填）"))
        self.apply_button.setText(self.tr("应用"))
        self._describe()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_line(self, line: DossierLine | None, stage: Stage, k: int) -> None:
        """Show the decision on ``line``; a message about the same dossier stays up."""
        same = (
            line is not None and self._line is not None and line.dossier.id == self._line.dossier.id
        )
        self._line, self._stage, self._k = line, stage, k
        if not same:
            self.message.hide()
        self.retranslate()
        self.included.setChecked(line is not None and line.effective)
        decision = line.decision if line is not None and line.changed else None
        self.reason.setText(decision.reason if decision is not None else "")
        for widget in (self.included, self.reason, self.apply_button):
            widget.setEnabled(line is not None)

    def apply(self) -> None:
        """Store the decision shown; a refusal is shown here and changes nothing."""
        line = self._line
        if line is None:
            return
        try:
            after = self._change(line.dossier.id, self.included.isChecked(), self.reason.text())
        except UserError as exc:
            self._say(render(exc.text), ALERT)
            return
        if after.changed:
            self._say(self.tr("已记录调整及理由，将写入组评审报告。"), CHANGED)
        elif line.decision is not None and after.decision is None:
            self._say(self.tr("已撤销调整，恢复为按规则计算的结果。"), ON_LIST)
        else:
            self._say(self.tr("与按规则计算的结果一致，未作调整。"), ON_LIST)
        self.changed.emit(line.dossier.id)

    def _describe(self) -> None:
        line = self._line
        if line is None:
            self.rule.setText("")
            self.decision.hide()
            return
        if line.rank is None:
            self.rule.setText(self.tr("尚无有效评分，不参加排名。"))
        elif line.boundary_tie:
            self.rule.setText(
                self.tr(
                    "按规则：并列第 {rank} 名，跨过第 {k} 名，一并入围；请写明理由调整。"
                ).format(rank=line.rank, k=self._k)
            )
        elif line.computed:
            self.rule.setText(
                self.tr("按规则：排名第 {rank}，在前 {k} 名内，入围。").format(
                    rank=line.rank, k=self._k
                )
            )
        else:
            self.rule.setText(
                self.tr("按规则：排名第 {rank}，不在前 {k} 名内。").format(
                    rank=line.rank, k=self._k
                )
            )
        decision = line.decision
        if line.changed and decision is not None:
            text = (
                self.tr("组长已调入：{reason}")
                if decision.included
                else self.tr("组长已调出：{reason}")
            )
            self.decision.setText(text.format(reason=decision.reason))
            self.decision.show()
        else:
            self.decision.hide()

    def _say(self, text: str, colour: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(f"color: {colour};")
        self.message.show()
