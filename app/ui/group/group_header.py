"""The line above the group table: which group and stage, what has arrived, how far it agrees.

A leader opening the window should see at once whether the table is complete (sheets
received, who is still missing), how large the computed shortlist is, and Kendall's W —
labelled as an aid, with a tooltip saying what it measures, because the official figure
is the group score.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from app.consolidation.table import GroupTable
from app.ui.group.figures import DASH, ON_LIST, WAITING
from app.ui.looks import embolden

SEPARATOR = "·"


class GroupHeader(QWidget):
    """Group · stage · round, sheets received, missing members, W, K and the list's size."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: GroupTable | None = None
        self.title = QLabel()
        embolden(self.title, 1.15)
        self.received = QLabel()
        self.missing = QLabel()
        self.agreement = QLabel()
        self.agreement.setCursor(Qt.CursorShape.WhatsThisCursor)
        self.shortlist = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(18)
        for label in (self.title, self.received, self.missing, self.agreement, self.shortlist):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            layout.addWidget(label)
        layout.addStretch(1)
        self.retranslate()

    def show_table(self, table: GroupTable | None) -> None:
        """Describe ``table`` (``None``: nothing)."""
        self._table = table
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language to every part of the line."""
        table = self._table
        labels = (self.title, self.received, self.missing, self.agreement, self.shortlist)
        if table is None:
            for label in labels:
                label.setText("")
            return
        rnd = table.round
        stage = {"material": self.tr("资料评审"), "defense": self.tr("答辩评审")}
        self.title.setText(
            f" {SEPARATOR} ".join(
                (table.group.name, stage.get(rnd.stage.value, rnd.stage.value), rnd.name)
            )
        )
        self.received.setText(
            self.tr("已收到评分表 {received}/{total}").format(
                received=table.received, total=len(table.members)
            )
        )
        missing = table.missing_members
        self.missing.setVisible(bool(missing))
        self.missing.setText(
            self.tr("未提交：{names}").format(names="、".join(p.name for p in missing))
        )
        self.missing.setStyleSheet(f"color: {WAITING}; font-weight: bold;")
        self.missing.setToolTip(self.tr("这些成员的评分表尚未导入；导出的组评审报告会注明。"))
        w = table.agreement.w
        self.agreement.setText(
            self.tr("肯德尔和谐系数 W = {w}（参考）").format(w=DASH if w is None else f"{w:.2f}")
        )
        self.agreement.setToolTip(
            self.tr(
                "W 衡量各评委对申报材料排序的一致程度：0 为毫无一致，1 为完全一致。"
                "基于 {reviewers} 位评委都评了分的 {dossiers} 份申报材料；"
                "仅供参考，不影响组评分、排名和入围。"
            ).format(reviewers=table.agreement.reviewers, dossiers=table.agreement.dossiers)
        )
        self.shortlist.setText(
            self.tr("按规则入围前 {k} 名 {sep} 入围名单 {n} 项").format(
                k=rnd.shortlist_size, sep=SEPARATOR, n=len(table.shortlist)
            )
        )
        self.shortlist.setStyleSheet(f"color: {ON_LIST};")
