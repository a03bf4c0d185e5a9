"""One criterion pair (评价准则) of the scoring form: its two aspects, subtotal and comment."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QGroupBox, QVBoxLayout, QWidget

from app.models.scheme import CriterionPair, Scheme
from app.ui.aspect_row import AspectRow
from app.ui.comment_box import CommentBox
from app.ui.i18n import current_lang
from app.ui.score_entry import format_score


class PairBox(QGroupBox):
    """A titled box per pair, e.g. “科学性和创新性 · 小计 25 / 30”, holding its aspects."""

    def __init__(self, scheme: Scheme, pair: CriterionPair, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pair = pair
        self._subtotal: Decimal | None = None
        self.rows = {aspect.key: AspectRow(scheme, aspect) for aspect in pair.aspects}
        self.comment = CommentBox(58)
        layout = QVBoxLayout(self)
        for row in self.rows.values():
            layout.addWidget(row)
        layout.addWidget(self.comment)
        self.retranslate()

    def retranslate(self) -> None:
        """Apply the current language to the title, the rows and the comment's hint."""
        name = self.pair.name_en if current_lang() == "en" else self.pair.name
        self.setTitle(
            self.tr("{pair} · 小计 {score} / {points}").format(
                pair=name,
                score=format_score(self._subtotal) or "—",
                points=format_score(self.pair.points),
            )
        )
        self.comment.setPlaceholderText(
            self.tr("关于“{pair}”的评语（选填），可引用文档页码").format(pair=name)
        )
        for row in self.rows.values():
            row.retranslate()

    def show_subtotal(self, subtotal: Decimal | None) -> None:
        """Show the pair's subtotal (``None``: nothing in the pair is scored yet)."""
        self._subtotal = subtotal
        self.retranslate()
