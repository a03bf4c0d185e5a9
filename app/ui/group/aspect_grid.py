"""One dossier's scores per aspect and member (评分明细), with the spreads that need talking about.

Rows are the scheme's aspects, then the total and the recommendation; columns are the
members, the spread (极差) and the limit past which the round flags a disagreement. A
spread over its limit is highlighted exactly where the core flagged it, so the leader
knows which aspect the group should discuss.
"""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QBrush, QColor, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from app.consolidation.table import DossierLine, GroupTable, MemberScore, MemberState
from app.ui.group.figures import (
    ALERT,
    ALERT_BACKGROUND,
    DASH,
    MUTED,
    format_points,
    in_language,
    state_label,
)

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AspectGrid(QTableWidget):
    """Read-only grid: aspects × members, plus the spread and its limit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table: GroupTable | None = None
        self._line: DossierLine | None = None
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setWordWrap(False)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.verticalHeader().setDefaultAlignment(
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        )

    def show_line(self, table: GroupTable | None, line: DossierLine | None) -> None:
        """Show ``line`` of ``table`` (``None``: an empty grid)."""
        self._table, self._line = table, line
        self._fill()

    def changeEvent(self, event: QEvent) -> None:
        """Relabel rows and columns when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._fill()
        super().changeEvent(event)

    def _fill(self) -> None:
        table, line = self._table, self._line
        self.clear()
        if table is None or line is None:
            self.setRowCount(0)
            self.setColumnCount(0)
            return
        scheme, rule = table.round.scheme, table.round.rule
        aspects = scheme.aspects
        members = table.members
        self.setRowCount(len(aspects) + 2)
        self.setColumnCount(len(members) + 2)
        spread_column, limit_column = len(members), len(members) + 1
        for column, person in enumerate(m.person for m in members):
            self.setHorizontalHeaderItem(column, QTableWidgetItem(person.name))
        self.setHorizontalHeaderItem(spread_column, QTableWidgetItem(self.tr("极差")))
        limit_header = QTableWidgetItem(self.tr("提示线"))
        limit_header.setToolTip(
            self.tr("极差超过此值即提示分歧（评分项为其满分的一半，总分为规定分差）。")
        )
        self.setHorizontalHeaderItem(limit_column, limit_header)
        flagged = {flag.aspect_key for flag in line.flags}
        for row, aspect in enumerate(aspects):
            name = in_language(aspect.name, aspect.name_en)
            self.setVerticalHeaderItem(
                row,
                QTableWidgetItem(
                    self.tr("{name}（{points}）").format(
                        name=name, points=format_points(aspect.points)
                    )
                ),
            )
            for column, member in enumerate(line.members):
                value = member.scores.get(aspect.key)
                text = format_points(value) if value is not None else _absent(member)
                self._put(row, column, text, muted=value is None)
            limit = aspect.points * rule.aspect_spread_fraction
            self._spread(
                row, spread_column, line.aspect_spreads.get(aspect.key), aspect.key in flagged
            )
            self._put(row, limit_column, format_points(limit), muted=True)
        total_row, verdict_row = len(aspects), len(aspects) + 1
        self.setVerticalHeaderItem(total_row, QTableWidgetItem(self.tr("总分")))
        for column, member in enumerate(line.members):
            self._put(total_row, column, _total(member), bold=True, muted=member.total is None)
        self._spread(total_row, spread_column, line.spread, None in flagged, bold=True)
        self._put(total_row, limit_column, format_points(rule.total_spread), muted=True)
        stage = table.round.stage.value
        question = self.tr("推荐进入答辩") if stage == "material" else self.tr("推荐为质量标杆")
        self.setVerticalHeaderItem(verdict_row, QTableWidgetItem(question))
        for column, member in enumerate(line.members):
            answer = DASH
            if member.total is not None and member.recommendation is not None:
                answer = self.tr("是") if member.recommendation else self.tr("否")
            self._put(verdict_row, column, answer, muted=member.total is None)
        self._put(verdict_row, spread_column, "")
        self._put(verdict_row, limit_column, "")
        self._fit()

    def _fit(self) -> None:
        """As tall as its rows (nothing to scroll), row titles never clipped."""
        rows = self.verticalHeader()
        metrics = rows.fontMetrics()
        titles = (self.verticalHeaderItem(r) for r in range(self.rowCount()))
        widest = max(
            (metrics.horizontalAdvance(t.text()) for t in titles if t is not None), default=0
        )
        rows.setMinimumWidth(widest + 2 * metrics.averageCharWidth() + 8)
        self.resizeRowsToContents()
        height = self.horizontalHeader().height() + rows.length() + 2 * self.frameWidth()
        self.setFixedHeight(height + 2)

    def _put(
        self, row: int, column: int, text: str, *, bold: bool = False, muted: bool = False
    ) -> QTableWidgetItem:
        item = QTableWidgetItem(text)
        item.setTextAlignment(RIGHT)
        if bold:
            font = QFont(self.font())
            font.setBold(True)
            item.setFont(font)
        if muted:
            item.setForeground(QBrush(QColor(MUTED)))
        self.setItem(row, column, item)
        return item

    def _spread(
        self, row: int, column: int, value: Decimal | None, over: bool, *, bold: bool = False
    ) -> None:
        text = DASH if value is None else format_points(value)
        item = self._put(row, column, text, bold=bold or over)
        if over:
            item.setBackground(QBrush(QColor(ALERT_BACKGROUND)))
            item.setForeground(QBrush(QColor(ALERT)))
            item.setToolTip(self.tr("极差超过提示线，建议合议时讨论。"))


def _absent(member: MemberScore) -> str:
    """What a cell without a score says: the member's standing, or a dash mid-sheet."""
    if member.state is MemberState.INCOMPLETE:
        return DASH
    return state_label(member.state)


def _total(member: MemberScore) -> str:
    if member.total is not None:
        return format_points(member.total)
    return state_label(member.state)


__all__ = ["AspectGrid"]
