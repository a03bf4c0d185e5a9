"""The group table (专业组汇总表) as a Qt table model, and the proxy that sorts it.

One row per dossier of the plain :class:`~app.consolidation.table.GroupTable` (never store
rows): rank, 序号, enterprise, each member's total, the official group score, the spread,
disagreement flags, the computed and the effective shortlist, and the normalised mean —
the last one an aid, labelled as such. Sorting uses typed keys (``SORT_ROLE``) so ranks
sort as numbers and unranked dossiers come last.
"""

from __future__ import annotations

from dataclasses import replace
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

from app.consolidation.table import DossierLine, GroupTable, MemberState, TableMember
from app.ui.group.figures import (
    ALERT,
    CHANGED,
    DASH,
    INK,
    MUTED,
    ON_LIST,
    ON_LIST_BACKGROUND,
    flags_text,
    flags_tooltip,
    format_points,
    group_score_text,
    member_text,
    z_text,
)

ModelIndex = QModelIndex | QPersistentModelIndex
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
ID_ROLE = Qt.ItemDataRole.UserRole + 2
RANK, SEQ, ENTERPRISE = range(3)
"""The leading columns; the members' columns follow, then ``TRAILING``."""
GROUP_SCORE, SPREAD, FLAGS, COMPUTED, SHORTLIST, NORMALISED = range(6)
"""The trailing columns, counted from the first one after the members."""
UNRANKED = 1_000_000
RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
CENTRE = int(Qt.AlignmentFlag.AlignCenter)


class GroupTableModel(QAbstractTableModel):
    """Rows of ``DossierLine``; one column per member between the dossier and the figures."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._table: GroupTable | None = None
        self._lines: tuple[DossierLine, ...] = ()
        self._members: tuple[TableMember, ...] = ()

    # -- contents --------------------------------------------------------------------

    def set_table(self, table: GroupTable | None) -> None:
        """Show ``table`` (``None``: nothing, as when the store locks)."""
        self.beginResetModel()
        self._table = table
        self._lines = table.lines if table is not None else ()
        self._members = table.members if table is not None else ()
        self.endResetModel()

    def replace_line(self, line: DossierLine) -> GroupTable | None:
        """Show ``line`` in place of the same dossier's (a comment saved); the table now."""
        row = self.row_of(line.dossier.id)
        if row is None or self._table is None:
            return self._table
        self._lines = (*self._lines[:row], line, *self._lines[row + 1 :])
        self._table = replace(self._table, lines=self._lines)
        self.dataChanged.emit(self.index(row, 0), self.index(row, self.columnCount() - 1))
        return self._table

    def line(self, row: int) -> DossierLine:
        """The dossier shown in ``row``."""
        return self._lines[row]

    def row_of(self, dossier_id: str) -> int | None:
        """The row showing ``dossier_id``, if any."""
        for row, line in enumerate(self._lines):
            if line.dossier.id == dossier_id:
                return row
        return None

    def member_columns(self) -> range:
        """The columns holding the members' totals."""
        return range(ENTERPRISE + 1, ENTERPRISE + 1 + len(self._members))

    def trailing(self, which: int) -> int:
        """The column of one of the figures after the members (``GROUP_SCORE`` …)."""
        return ENTERPRISE + 1 + len(self._members) + which

    def relabel(self) -> None:
        """Redraw headers and cells in the interface language now in force."""
        columns = self.columnCount()
        if columns:
            self.headerDataChanged.emit(Qt.Orientation.Horizontal, 0, columns - 1)
        if self._lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._lines) - 1, columns - 1))

    # -- the model -------------------------------------------------------------------

    def rowCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """One row per dossier assigned to the group (a table: no children)."""
        return 0 if parent.isValid() else len(self._lines)

    def columnCount(self, parent: ModelIndex = QModelIndex()) -> int:  # noqa: B008
        """Three dossier columns, one per member, six figures."""
        return 0 if parent.isValid() else ENTERPRISE + 1 + len(self._members) + NORMALISED + 1

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles, and a tooltip saying what each figure means."""
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < self.columnCount():
            return None
        if section in self.member_columns():
            return self._member_header(self._members[section - ENTERPRISE - 1], role)
        titles, tips = self._headers()
        if role == Qt.ItemDataRole.DisplayRole:
            return titles.get(section)
        if role == Qt.ItemDataRole.ToolTipRole:
            return tips.get(section)
        return None

    def _headers(self) -> tuple[dict[int, str], dict[int, str]]:
        t = self.trailing
        titles = {
            RANK: self.tr("排名"),
            SEQ: self.tr("序号"),
            ENTERPRISE: self.tr("企业"),
            t(GROUP_SCORE): self.tr("组评分"),
            t(SPREAD): self.tr("极差"),
            t(FLAGS): self.tr("分歧提示"),
            t(COMPUTED): self.tr("按规则入围"),
            t(SHORTLIST): self.tr("入围名单"),
            t(NORMALISED): self.tr("标准化均值（参考）"),
        }
        tips = {
            RANK: self.tr("按组评分排名；相同时依次比较显效性和发展性小计、总分中位数。"),
            t(GROUP_SCORE): self.tr(
                "正式分数：未回避成员总分的平均；五人及以上评分时去掉一个最高分和一个最低分。"
            ),
            t(SPREAD): self.tr("成员总分中最高分与最低分之差。"),
            t(FLAGS): self.tr("总分或某一评分项的极差超过规定时提示，需在合议中讨论。"),
            t(COMPUTED): self.tr("按组评分排名计算的入围名单（前 K 名）。"),
            t(SHORTLIST): self.tr("本组报送的名单：组长可写明理由调入或调出。"),
            t(NORMALISED): self.tr(
                "各成员总分按本人评分的均值和标准差换算为 z 分数后的平均，"
                "用于观察评委宽严差异；仅供参考，不影响组评分和排名。"
            ),
        }
        return titles, tips

    def _member_header(self, member: TableMember, role: int) -> Any:
        person = member.person
        if role == Qt.ItemDataRole.DisplayRole:
            return person.name
        if role != Qt.ItemDataRole.ToolTipRole:
            return None
        if member.sheet is None:
            sheet = self.tr("尚未收到评分表")
        else:
            sheet = self.tr("评分表第 {revision} 版").format(revision=member.sheet.revision)
        return f"{person.name} · {person.organisation}\n{sheet}"

    def data(self, index: ModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Display text, tooltips, sort keys, the dossier id, alignment and emphasis."""
        if not index.isValid() or not 0 <= index.row() < len(self._lines):
            return None
        line = self._lines[index.row()]
        column = index.column()
        if role == ID_ROLE:
            return line.dossier.id
        if column in self.member_columns():
            return self._member_data(line, column - ENTERPRISE - 1, role)
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(line, column)
        if role == SORT_ROLE:
            return self._sort_key(line, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(line, column)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return None if column == ENTERPRISE else (CENTRE if column >= COMPUTED else RIGHT)
        return self._emphasis(line, column, role)

    def flags(self, index: ModelIndex) -> Qt.ItemFlag:
        """Rows can be selected, not edited (decisions are made in the panel below)."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    # -- cells -----------------------------------------------------------------------

    def _member_data(self, line: DossierLine, number: int, role: int) -> Any:
        member = line.members[number]
        if role == Qt.ItemDataRole.DisplayRole:
            return member_text(member)
        if role == SORT_ROLE:
            return -1.0 if member.total is None else float(member.total)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return RIGHT
        if role == Qt.ItemDataRole.ToolTipRole and member.z is not None:
            return self.tr("标准化分数 z = {z}（参考）").format(z=z_text(member.z))
        if role == Qt.ItemDataRole.ForegroundRole and member.total is None:
            return QBrush(QColor(CHANGED if member.state is MemberState.CONFLICT else MUTED))
        return None

    def _text(self, line: DossierLine, column: int) -> str | None:
        t = self.trailing
        if column == RANK:
            return DASH if line.rank is None else str(line.rank)
        if column == SEQ:
            return str(line.dossier.seq)
        if column == ENTERPRISE:
            return line.dossier.enterprise
        if column == t(GROUP_SCORE):
            return group_score_text(line.group_score)
        if column == t(SPREAD):
            return DASH if line.spread is None else format_points(line.spread)
        if column == t(FLAGS):
            return flags_text(line.flags)
        if column == t(COMPUTED):
            if not line.computed:
                return ""
            return "✓ " + self.tr("并列") if line.boundary_tie else "✓"
        if column == t(SHORTLIST):
            return self._shortlist_text(line)
        if column == t(NORMALISED):
            return z_text(line.normalised)
        return None

    def _shortlist_text(self, line: DossierLine) -> str:
        if line.changed:
            return "✓ " + self.tr("组长调入") if line.effective else "✗ " + self.tr("组长调出")
        return "✓" if line.effective else ""

    def _sort_key(self, line: DossierLine, column: int) -> Any:
        t = self.trailing
        keys: dict[int, Any] = {
            RANK: UNRANKED if line.rank is None else line.rank,
            SEQ: line.dossier.seq,
            ENTERPRISE: line.dossier.enterprise,
            t(GROUP_SCORE): -1.0 if line.group_score is None else float(line.group_score),
            t(SPREAD): -1.0 if line.spread is None else float(line.spread),
            t(FLAGS): len(line.flags),
            t(COMPUTED): int(line.computed),
            t(SHORTLIST): int(line.effective),
            t(NORMALISED): -99.0 if line.normalised is None else line.normalised,
        }
        return keys.get(column)

    def _tooltip(self, line: DossierLine, column: int) -> str | None:
        t = self.trailing
        if column == ENTERPRISE:
            return f"{line.dossier.enterprise}\n{line.dossier.title}"
        if column == t(FLAGS) and line.flags:
            return flags_tooltip(line.flags)
        if column == t(GROUP_SCORE) and line.dropped is not None:
            high, low = line.dropped
            return self.tr("已去掉最高分 {high} 和最低分 {low}").format(
                high=format_points(high), low=format_points(low)
            )
        if column == t(SHORTLIST) and line.changed and line.decision is not None:
            return self.tr("组长调整理由：{reason}").format(reason=line.decision.reason)
        if column == t(COMPUTED) and line.boundary_tie:
            return self.tr("与其他申报材料并列在第 K 名，按规则一并入围；请组长写明理由调整。")
        return None

    def _emphasis(self, line: DossierLine, column: int, role: int) -> Any:
        t = self.trailing
        if role == Qt.ItemDataRole.FontRole and column == t(GROUP_SCORE):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == t(FLAGS):
                return QBrush(QColor(ALERT))
            if column == t(SHORTLIST):
                return QBrush(QColor(CHANGED if line.changed else ON_LIST))
            if line.effective and column <= ENTERPRISE:
                return QBrush(QColor(INK))
        if role == Qt.ItemDataRole.BackgroundRole and line.effective and column <= ENTERPRISE:
            return QBrush(QColor(ON_LIST_BACKGROUND))
        return None


class GroupTableProxy(QSortFilterProxyModel):
    """Sorts the group table by typed keys (rank first, unranked last)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)

    def lessThan(self, left: ModelIndex, right: ModelIndex) -> bool:
        """Compare typed keys; equal keys fall back to 序号 so the order is stable."""
        a, b = left.data(SORT_ROLE), right.data(SORT_ROLE)
        if a != b and a is not None and b is not None:
            return bool(a < b)
        model = self.sourceModel()
        seq_a = model.index(left.row(), SEQ).data(SORT_ROLE)
        seq_b = model.index(right.row(), SEQ).data(SORT_ROLE)
        return bool(seq_a < seq_b)
