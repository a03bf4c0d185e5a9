"""The panel under the group table for the dossier chosen in it (申报材料合议).

What the group needs while discussing one dossier, in one place: every member's score per
aspect with the spreads, the group's figures, the consensus comment and the shortlist
decision. It shows plain ``DossierLine`` values and writes only through the callables the
window hands in (the group service), so it never holds the store itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QStackedWidget, QVBoxLayout, QWidget

from app.consolidation.table import DossierLine, GroupTable
from app.ui.group.aspect_grid import AspectGrid
from app.ui.group.consensus_editor import ConsensusEditor, SaveConsensus
from app.ui.group.figures import DASH, format_points, group_score_text
from app.ui.group.shortlist_box import ChangeShortlist, ShortlistBox
from app.ui.looks import embolden

EMPTY, SHOWN = 0, 1


class DossierPanel(QStackedWidget):
    """A hint while nothing is chosen; else heading, figures, grid, comment and decision.

    ``consensus_saved`` (dossier id, text) and ``shortlist_changed`` (dossier id) tell the
    window what reached the store.
    """

    consensus_saved = Signal(str, str)
    shortlist_changed = Signal(str)

    def __init__(
        self, save: SaveConsensus, change: ChangeShortlist, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._table: GroupTable | None = None
        self._line: DossierLine | None = None
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        embolden(self.heading, 1.1)
        self.figures = QLabel()
        self.figures.setWordWrap(True)
        self.grid = AspectGrid()
        self.consensus = ConsensusEditor(save)
        self.consensus.saved.connect(self.consensus_saved)
        self.shortlist = ShortlistBox(change)
        self.shortlist.changed.connect(self.shortlist_changed)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        scores = QVBoxLayout()
        scores.addWidget(self.grid)
        scores.addWidget(rule)
        scores.addWidget(self.shortlist)
        scores.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addLayout(scores, 3)
        columns.addWidget(self.consensus, 2)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.figures)
        layout.addLayout(columns, 1)
        self.addWidget(self.hint)
        self.addWidget(page)
        self.retranslate()

    def retranslate(self) -> None:
        """Apply the current language to the panel's own texts."""
        self.hint.setText(self.tr("在上表中选择一份申报材料，查看各成员的分项评分并填写合议意见。"))
        self._describe()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def show_line(self, table: GroupTable | None, line: DossierLine | None) -> None:
        """Show ``line`` of ``table``; ``None`` shows the hint (the comment is saved first)."""
        self._table, self._line = table, line
        shown = table is not None and line is not None
        self.consensus.show_dossier(line.dossier.id if line is not None else None, _text(line))
        stage = table.round.stage if table is not None else None
        if table is not None and stage is not None:
            self.shortlist.show_line(line, stage, table.round.shortlist_size)
        self.grid.show_line(table, line)
        self._describe()
        self.setCurrentIndex(SHOWN if shown else EMPTY)

    def flush(self) -> None:
        """Save the consensus comment being typed."""
        self.consensus.flush()

    def _describe(self) -> None:
        line = self._line
        if line is None:
            self.heading.setText("")
            self.figures.setText("")
            return
        dossier = line.dossier
        self.heading.setText(f"{dossier.seq}. {dossier.enterprise} — {dossier.title}")
        parts = [
            self.tr("组评分 {score}").format(score=group_score_text(line.group_score)),
            self.tr("排名 {rank}").format(rank=DASH if line.rank is None else line.rank),
            self.tr("中位数 {median}").format(
                median=DASH if line.median is None else format_points(line.median)
            ),
        ]
        if line.dropped is not None:
            high, low = line.dropped
            parts.append(
                self.tr("已去掉最高分 {high} 和最低分 {low}").format(
                    high=format_points(high), low=format_points(low)
                )
            )
        if line.flags:
            parts.append(self.tr("分歧提示 {n} 项").format(n=len(line.flags)))
        self.figures.setText(" · ".join(parts))


def _text(line: DossierLine | None) -> str:
    return line.consensus if line is not None else ""
