"""The chair's table across groups (汇总) as a Qt table model, and the proxy that sorts it.

One row per dossier of every group whose report arrived, from the plain
:class:`~app.chair.table.ChairTable` (never store rows): the group's own figures, the
z-score within the group (an aid, labelled 参考), what the group proposed and what the
leader changed, and the chair's list with the chair's changes marked. The proxy sorts by
typed keys the model hands it (group, then rank, then 序号) and filters by group.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor, QFont

from app.chair.table import ChairLine, ChairTable
from app.ui.group.figures import (
    ALERT,
    CHANGED,
    DASH,
    INK,
    ON_LIST,
    ON_LIST_BACKGROUND,
    flags_text,
    flags_tooltip,
    format_points,
    group_score_text,
    z_text,
)

ModelIndex = QModelIndex | QPersistentModelIndex
ID_ROLE = Qt.ItemDataRole.UserRole + 2
GROUP_ID_ROLE = Qt.ItemDataRole.UserRole + 3
(
    GROUP,
    RANK,
    SEQ,
    ENTERPRISE,
    GROUP_SCORE,
    SPREAD,
    FLAGS,
    Z,
    PROPOSED,
    LEADER,
    LISTED,
) = range(11)
COLUMNS = LISTED + 1
UNRANKED = 1_000_000
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)
NUMBERS = (RANK, SEQ, GROUP_SCORE, SPREAD, Z)
MARKS = (PROPOSED, LEADER, LISTED)


def chair_z_text(value: float | None) -> str:
    """A z-score with its sign, a rounded zero without one (0.00, not −0.00)."""
    if value is not None and abs(value) < 0.005:
        return "0.00"
    return z_text(value)


class ChairTableModel(QAbstractTableModel):
    """Rows of ``ChairLine``, group after group in the table's order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._lines: tuple[ChairLine, ...] = ()
        self._group_order: dict[str, int] = {}

    # -- contents --------------------------------------------------------------------

    def set_table(self, table: ChairTable | None) -> None:
        """Show ``table`` (``None``: nothing, as when the store locks)."""
        self.beginResetModel()
        self._lines = table.lines if table is not None else ()
        groups = table.groups if table is not None else ()
        self._group_order = {part.group.id: n for n, part in enumerate(groups)}
        self.endResetModel()

    def line(self, row: int) -> ChairLine:
        """The dossier shown in ``row``."""
        return self._lines[row]

    def row_of(self, dossier_id: str) -> int | None:
        """The row showing ``dossier_id``, if any."""
        for row, line in enumerate(self._lines):
            if line.dossier_id == dossier_id:
                return row
        return None

    def relabel(self) -> None:
        """Redraw headers and cells in the interface language now in force."""
        self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, COLUMNS - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, COLUMNS - 1))

    def sort_key(self, row: int, column: int) -> tuple[Any, ...]:
        """A typed key for ``column``; ties fall back to group, rank and 序号."""
        line = self._lines[row]
        group_line = line.line
        rank = UNRANKED if group_line.rank is None else group_line.rank
        order = (self._group_order.get(line.group.id, 0), rank, group_line.dossier.seq)
        score = group_line.group_score
        keys: dict[int, Any] = {
            RANK: rank,
            SEQ: group_line.dossier.seq,
            ENTERPRISE: group_line.dossier.enterprise,
            GROUP_SCORE: -1.0 if score is None else float(score),
            SPREAD: -1.0 if group_line.spread is None else float(group_line.spread),
            FLAGS: len(group_line.flags),
            Z: -99.0 if line.z is None else line.z,
            PROPOSED: int(line.proposed),
            LEADER: int(group_line.changed),
            LISTED: (int(line.included), int(line.changed)),
        }
        return (keys[column], *order) if column in keys else order

    # -- the model -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per dossier of every report received (a table: no children)."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """专业组 … 名单: eleven columns."""
        return 0 if parent.isValid() else COLUMNS

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and a tooltip saying what each figure means."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMNS:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._titles()[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._header_tips().get(section)
        return None

    def _titles(self) -> list[str]:
        return [
            self.tr("专业组"),
            self.tr("组内排名"),
            self.tr("序号"),
            self.tr("申报企业"),
            self.tr("组评分"),
            self.tr("极差"),
            self.tr("分歧"),
            self.tr("组内标准分（参考）"),
            self.tr("组报送"),
            self.tr("组长调整"),
            self.tr("名单"),
        ]

    def _header_tips(self) -> dict[int, str]:
        return {
            GROUP_SCORE: self.tr(
                "正式分数：各组按规则计算的组评分（未回避成员总分的平均，"
                "五人及以上评分时去掉一个最高分和一个最低分）。"
            ),
            SPREAD: self.tr("组内成员总分中最高分与最低分之差。"),
            FLAGS: self.tr("总分或某一评分项的极差超过规定时提示；悬停查看详情。"),
            Z: self.tr(
                "组评分在本组内换算的 z 分数，用于比较宽严不同的专业组；"
                "仅供参考，正式依据为组评分。"
            ),
            PROPOSED: self.tr("该组汇总表报送的名单（组长签署）。"),
            LEADER: self.tr("组长改变按规则计算的结果时写明的理由；悬停查看。"),
            LISTED: self.tr("主任委员名单：默认为各组报送的名单，调入或调出须写明理由。"),
        }

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltips, ids, alignment and emphasis."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return line.dossier_id
        if role == GROUP_ID_ROLE:
            return line.group.id
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            if column in NUMBERS:
                return RIGHT
            return CENTRE if column in MARKS else None
        return self._emphasis(line, column, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, not edited (the chair decides in the panel beside)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- cells -----------------------------------------------------------------------

    def _text(self, line: ChairLine, column: int) -> str | None:
        group_line = line.line
        if column == GROUP:
            return line.group.name
        if column == RANK:
            return DASH if group_line.rank is None else str(group_line.rank)
        if column == SEQ:
            return str(group_line.dossier.seq)
        if column == ENTERPRISE:
            return group_line.dossier.enterprise
        if column == GROUP_SCORE:
            return group_score_text(group_line.group_score)
        if column == SPREAD:
            return DASH if group_line.spread is None else format_points(group_line.spread)
        if column == FLAGS:
            return flags_text(group_line.flags)
        if column == Z:
            return chair_z_text(line.z)
        if column == PROPOSED:
            return self._proposed_text(line)
        if column == LEADER:
            if not group_line.changed:
                return ""
            return self.tr("调入") if group_line.effective else self.tr("调出")
        if column == LISTED:
            return self.listed_text(line)
        return None

    def _proposed_text(self, line: ChairLine) -> str:
        if not line.proposed:
            return DASH
        if line.line.boundary_tie:
            return self.tr("是（并列）")
        return self.tr("是")

    def listed_text(self, line: ChairLine) -> str:
        """是 / — on the chair's list, or 调入 / 调出 when the chair changed it."""
        if line.changed:
            return "✓ " + self.tr("调入") if line.included else "✗ " + self.tr("调出")
        return self.tr("是") if line.included else DASH

    def _tooltip(self, line: ChairLine, column: int) -> str | None:
        group_line = line.line
        if column == ENTERPRISE:
            return f"{group_line.dossier.enterprise}\n{group_line.dossier.title}"
        if column == FLAGS and group_line.flags:
            return flags_tooltip(group_line.flags)
        if column == PROPOSED and group_line.boundary_tie:
            return self.tr("与其他申报材料并列在第 K 名，按规则一并报送。")
        decision = group_line.decision
        if column == LEADER and group_line.changed and decision is not None:
            return self.tr("组长调整理由：{reason}").format(reason=decision.reason)
        if column == LISTED and line.changed and line.decision is not None:
            return self.tr("主任委员调整理由：{reason}").format(reason=line.decision.reason)
        return None

    def _emphasis(self, line: ChairLine, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.FontRole and (
            column == GROUP_SCORE or (column == LISTED and line.changed)
        ):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == FLAGS:
                return QBrush(QColor(ALERT))
            if column == LISTED and (line.changed or line.included):
                return QBrush(QColor(CHANGED if line.changed else ON_LIST))
            if column == LEADER:
                return QBrush(QColor(CHANGED))
            if line.included:
                return QBrush(QColor(INK))
        if role == Qt.ItemDataRole.BackgroundRole and line.included:
            return QBrush(QColor(ON_LIST_BACKGROUND))
        return None


class ChairTableProxy(QSortFilterProxyModel):
    """Sorts by the model's typed keys and shows one group or all of them."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._group: str | None = None

    @property
    def group(self) -> str | None:
        """The group shown (``None``: every group)."""
        return self._group

    def set_group(self, group_id: str | None) -> None:
        """Show only ``group_id``'s dossiers (``None``: all)."""
        if group_id == self._group:
            return
        self.beginFilterChange()
        self._group = group_id
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def filterAcceptsRow(self, source_row: int, source_parent: ModelIndex) -> bool:
        """A row passes when it belongs to the chosen group (or no group is chosen)."""
        if self._group is None:
            return True
        model = self.sourceModel()
        return bool(
            model.index(source_row, GROUP, source_parent).data(GROUP_ID_ROLE) == self._group
        )

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        """Compare the typed keys the chair's model gives for the column sorted."""
        model = self.sourceModel()
        if not isinstance(model, ChairTableModel):
            return super().lessThan(left, right)
        return model.sort_key(left.row(), left.column()) < model.sort_key(
            right.row(), right.column()
        )
