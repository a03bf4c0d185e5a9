"""The lines above the chair's tabs: which round and stage, which list, what has arrived.

The chair must see before anything else whether the table is complete: a group whose
report has not arrived has no dossiers in it, and the list cannot be signed until it
does. That warning is prominent; the counts beside the title say how far along the
round is (reports received, dossiers on the list, the chair's own changes).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.chair.shortlist import list_title
from app.chair.table import ChairTable
from app.ui.group.figures import ALERT, ALERT_BACKGROUND, CHANGED, INK, ON_LIST
from app.ui.i18n import render
from app.ui.looks import embolden

SEPARATOR = "·"


class ChairHeader(QWidget):
    """Round · stage · list name, reports received, the list's size, and missing groups."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: ChairTable | None = None
        self.title = QLabel()
        embolden(self.title, 1.15)
        self.received = QLabel()
        self.listed = QLabel()
        self.listed.setStyleSheet(f"color: {ON_LIST};")
        self.changes = QLabel()
        self.changes.setStyleSheet(f"color: {CHANGED};")
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        self.missing.setStyleSheet(
            f"color: {INK}; background: {ALERT_BACKGROUND}; border: 1px solid {ALERT};"
            "border-radius: 3px; padding: 4px 8px; font-weight: bold;"
        )
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.setSpacing(18)
        for label in (self.title, self.received, self.listed, self.changes):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            line.addWidget(label)
        line.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(line)
        layout.addWidget(self.missing)
        self.retranslate()

    def show_table(self, table: ChairTable | None) -> None:
        """Describe ``table`` (``None``: nothing)."""
        self._table = table
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language to every part of the header."""
        table = self._table
        if table is None:
            for label in (self.title, self.received, self.listed, self.changes):
                label.setText("")
            self.missing.hide()
            return
        rnd = table.round
        stage = {"material": self.tr("资料评审"), "defense": self.tr("答辩评审")}
        name = render(list_title(rnd.stage.value))
        self.title.setText(
            f" {SEPARATOR} ".join(
                (
                    rnd.name,
                    stage.get(rnd.stage.value, rnd.stage.value),
                    name[:1].upper() + name[1:],
                )
            )
        )
        expected = len(table.groups)
        self.received.setText(
            self.tr("已收到汇总表 {received}/{expected}").format(
                received=expected - len(table.missing_groups), expected=expected
            )
        )
        self.listed.setText(self.tr("名单 {n} 项").format(n=len(table.shortlist)))
        changes = sum(1 for line in table.lines if line.changed)
        self.changes.setVisible(changes > 0)
        self.changes.setText(self.tr("主任委员调整 {n} 项").format(n=changes))
        missing = table.missing_groups
        self.missing.setVisible(bool(missing))
        self.missing.setText(
            "⚠ "
            + self.tr("尚未收到以下专业组的汇总表：{names}。收齐并核验通过前不能签署名单。").format(
                names="、".join(g.name for g in missing)
            )
        )
