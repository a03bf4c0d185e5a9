"""The panel beside the chair's table for the dossier chosen in it (申报材料详情).

What the chair weighs before changing the list, in one place: the enterprise and title,
the group's figures and each member's total, the disagreement flags in words, the
group's consensus comment (read-only: it is the group's, signed by its leader), the
leader's reason for a change, and the chair's own decision with its reason. It shows
plain ``ChairLine`` values and writes only through the callable the window hands in.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QPlainTextEdit,
    QScrollArea,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.chair.table import ChairLine, GroupPart
from app.ui.chair.chair_model import chair_z_text
from app.ui.chair.decision_box import ChairDecisionBox, ChangeList
from app.ui.group.figures import (
    ALERT,
    CHANGED,
    DASH,
    format_points,
    group_score_text,
    in_language,
    member_text,
)
from app.ui.i18n import render
from app.ui.looks import embolden

EMPTY, SHOWN = 0, 1


class ChairDossierPanel(QStackedWidget):
    """A hint while nothing is chosen; else heading, figures, flags, comment and decision.

    ``list_changed`` (dossier id) tells the window the chair's list changed.
    """

    list_changed = Signal(str)

    def __init__(self, change: ChangeList, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._part: GroupPart | None = None
        self._line: ChairLine | None = None
        self.hint = QLabel()
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(placeholder-text);")
        self.heading = _label()
        embolden(self.heading, 1.1)
        self.dossier_title = _label()
        self.figures = _label()
        self.members = _label()
        self.flags = _label()
        self.flags.setStyleSheet(f"color: {ALERT};")
        self.consensus_caption = _label()
        self.consensus = QPlainTextEdit()
        self.consensus.setReadOnly(True)
        self.consensus.setAcceptDrops(False)
        self.consensus.setFixedHeight(self.consensus.fontMetrics().lineSpacing() * 5 + 12)
        self.leader_reason = _label()
        self.leader_reason.setStyleSheet(f"color: {CHANGED};")
        self.decision = ChairDecisionBox(change)
        self.decision.changed.connect(self.list_changed)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setFrameShadow(QFrame.Shadow.Sunken)
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(8, 4, 8, 4)
        for widget in (
            self.heading,
            self.dossier_title,
            self.figures,
            self.members,
            self.flags,
            self.consensus_caption,
            self.consensus,
            self.leader_reason,
            rule,
            self.decision,
        ):
            layout.addWidget(widget)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(page)
        self.addWidget(self.hint)
        self.addWidget(scroll)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        """Apply the current language to the panel's own texts."""
        self.hint.setText(self.tr("在左侧表格中选择一份申报材料，查看各组评分并决定是否列入名单。"))
        self.consensus_caption.setText(self.tr("专业组合议意见（只读）"))
        self.consensus.setPlaceholderText(self.tr("该组未填写合议意见。"))
        self._describe()

    def show_line(self, part: GroupPart | None, line: ChairLine | None) -> None:
        """Show ``line`` of ``part`` (``None``: the hint)."""
        self._part, self._line = part, line
        self.decision.show_line(line)
        self.consensus.setPlainText(line.line.consensus if line is not None else "")
        self._describe()
        self.setCurrentIndex(SHOWN if line is not None else EMPTY)

    def _describe(self) -> None:
        line, part = self._line, self._part
        if line is None:
            for label in (self.heading, self.dossier_title, self.figures, self.members):
                label.setText("")
            self.flags.hide()
            self.leader_reason.hide()
            return
        group_line = line.line
        dossier = group_line.dossier
        self.heading.setText(f"{dossier.seq}. {dossier.enterprise}")
        self.dossier_title.setText(dossier.title)
        figures = [
            line.group.name,
            self.tr("组内排名 {rank}").format(
                rank=DASH if group_line.rank is None else group_line.rank
            ),
            self.tr("组评分 {score}").format(score=group_score_text(group_line.group_score)),
            self.tr("极差 {spread}").format(
                spread=DASH if group_line.spread is None else format_points(group_line.spread)
            ),
            self.tr("中位数 {median}").format(
                median=DASH if group_line.median is None else format_points(group_line.median)
            ),
            self.tr("组内标准分 {z}（参考）").format(z=chair_z_text(line.z)),
        ]
        if group_line.dropped is not None:
            high, low = group_line.dropped
            figures.append(
                self.tr("已去掉最高分 {high} 和最低分 {low}").format(
                    high=format_points(high), low=format_points(low)
                )
            )
        self.figures.setText(" · ".join(figures))
        members = part.table.members if part is not None and part.table is not None else ()
        self.members.setText(
            self.tr("成员总分：{totals}").format(
                totals=in_language("；", "; ").join(
                    f"{m.person.name} {member_text(s)}"
                    for m, s in zip(members, group_line.members, strict=False)
                )
            )
        )
        self.flags.setVisible(bool(group_line.flags))
        self.flags.setText("\n".join("⚠ " + render(flag.text) for flag in group_line.flags))
        decision = group_line.decision
        shown = group_line.changed and decision is not None
        self.leader_reason.setVisible(shown)
        if decision is not None and shown:
            text = (
                self.tr("组长调入（按规则不在名单上）：{reason}")
                if decision.included
                else self.tr("组长调出（按规则在名单上）：{reason}")
            )
            self.leader_reason.setText(text.format(reason=decision.reason))


def _label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label
