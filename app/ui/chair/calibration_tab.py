"""The 校准 tab: the groups' box plots over their figures and each reviewer's mean.

The plot and the two tables read the same plain :class:`~app.chair.table.ChairTable`;
a caption says plainly that all of it is an aid (仅供参考), since the chair's decisions
must rest on the groups' official scores. The plot sits in a splitter above the tables
so the chair can give either the room.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from app.chair.table import ChairTable
from app.ui.chair.box_plot import GroupBoxPlot
from app.ui.chair.calibration_models import GroupFiguresModel, ReviewerMeansModel
from app.ui.group.figures import MUTED


class CalibrationTab(QWidget):
    """Caption and scale switch, the box plot, and the group and reviewer tables."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.caption.setStyleSheet(f"color: {MUTED};")
        self.full_scale = QCheckBox()
        self.plot = GroupBoxPlot()
        self.full_scale.toggled.connect(self.plot.set_full_scale)
        self.groups_model = GroupFiguresModel(self)
        self.reviewers_model = ReviewerMeansModel(self)
        self.groups = _table_view(self.groups_model)
        self.reviewers = _table_view(self.reviewers_model)
        self.groups_caption = QLabel()
        self.reviewers_caption = QLabel()
        tables = QWidget()
        columns = QHBoxLayout(tables)
        columns.setContentsMargins(0, 0, 0, 0)
        for caption, view, stretch in (
            (self.groups_caption, self.groups, 3),
            (self.reviewers_caption, self.reviewers, 2),
        ):
            column = QVBoxLayout()
            column.addWidget(caption)
            column.addWidget(view, 1)
            columns.addLayout(column, stretch)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.addWidget(self.plot)
        self.splitter.addWidget(tables)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([440, 300])
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.full_scale)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.splitter, 1)
        self.retranslate()

    def show_table(self, table: ChairTable | None) -> None:
        """Draw and list ``table``'s groups (``None``: nothing)."""
        self.plot.set_table(table)
        self.groups_model.set_table(table)
        self.reviewers_model.set_table(table)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language to the tab's texts and its tables' headers."""
        self.caption.setText(
            self.tr(
                "各组组评分的分布与评审专家平均总分，用于比较各组、各专家的宽严尺度。"
                "仅供参考，正式依据为各组按规则计算的组评分。"
            )
        )
        self.full_scale.setText(self.tr("显示完整 0–100 分"))
        self.groups_caption.setText(self.tr("各组组评分"))
        self.reviewers_caption.setText(self.tr("评审专家平均总分"))
        self.groups_model.relabel()
        self.reviewers_model.relabel()


def _table_view(model: GroupFiguresModel | ReviewerMeansModel) -> QTableView:
    view = QTableView()
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    header = view.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    return view
