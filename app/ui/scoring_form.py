"""The scoring form (评分表): one dossier's scores, comments, recommendation and notes.

The form shows one ``ReviewRecord`` (a plain value from the review service). Every change
makes a new record through an undoable ``RecordEdit``; a debounce timer hands the latest
record to ``ReviewService.save`` within 600 ms of the last edit, and ``flush`` saves at
once (on switching dossiers, locking and closing), so nothing typed waits for a save
action.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime
from decimal import Decimal
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import (
    QButtonGroup,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.models.round import Stage
from app.models.scheme import Scheme
from app.scoring.record import ReviewRecord, missing, pair_subtotals, total
from app.scoring.service import DossierDetail, ReviewService
from app.ui.aspect_row import AspectRow
from app.ui.comment_box import CommentBox
from app.ui.conflict_box import ConflictBox
from app.ui.i18n import current_lang, render
from app.ui.pair_box import PairBox
from app.ui.record_edit import NO_MERGE, RecordEdit
from app.ui.score_entry import format_score

log = logging.getLogger(__name__)

SAVE_DELAY_MS = 600
OVERALL, NOTES, PAIR_BASE = 1, 2, 10


class ScoringForm(QWidget):
    """Right-hand pane: the six aspects in three pairs, comments, recommendation, notes.

    ``saved`` carries the dossier id and the time whenever a record reached the store;
    ``citation_opened`` the document id and page (1-based) of a citation clicked.
    """

    saved = Signal(str, object)
    citation_opened = Signal(str, int)

    def __init__(self, scheme: Scheme, stage: Stage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.stage = stage
        self.service: ReviewService | None = None
        self._record: ReviewRecord | None = None
        self._withdrawable = True
        self._document_names: dict[str, str] = {}
        self._dirty = False
        self.undo_stack = QUndoStack(self)
        self.save_timer = QTimer(self)
        self.save_timer.setSingleShot(True)
        self.save_timer.setInterval(SAVE_DELAY_MS)
        self.save_timer.timeout.connect(self.flush)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        heading_font = self.heading.font()
        heading_font.setBold(True)
        self.heading.setFont(heading_font)
        self.total_label = QLabel()
        total_font = self.total_label.font()
        total_font.setPointSizeF(total_font.pointSizeF() * 1.25)
        total_font.setBold(True)
        self.total_label.setFont(total_font)
        self.missing_summary = QLabel()
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #b3261e;")
        self.message.hide()
        self.rows: dict[str, AspectRow] = {}
        self.pair_boxes: dict[str, PairBox] = {}
        self.pair_comments: dict[str, CommentBox] = {}
        self.conflict_box = ConflictBox()
        self.conflict_box.declare_requested.connect(self._declare_conflict)
        self.conflict_box.withdraw_requested.connect(self._withdraw_conflict)
        body = QWidget()
        body_layout = QVBoxLayout(body)
        for number, pair in enumerate(scheme.pairs):
            box = PairBox(scheme, pair)
            for key, row in box.rows.items():
                row.score_chosen.connect(self._score_chosen)
                self.rows[key] = row
            box.comment.textChanged.connect(
                lambda key=pair.key, n=number: self._text_edited(PAIR_BASE + n, key)
            )
            self._watch(box.comment)
            self.pair_comments[pair.key] = box.comment
            self.pair_boxes[pair.key] = box
            body_layout.addWidget(box)
        self.overall_box = QGroupBox()
        self.overall = CommentBox(110)
        self.overall.textChanged.connect(lambda: self._text_edited(OVERALL, None))
        self._watch(self.overall)
        self._cite_into = self.overall
        QVBoxLayout(self.overall_box).addWidget(self.overall)
        body_layout.addWidget(self.overall_box)
        self.recommendation_box = QGroupBox()
        self.recommend_yes = QRadioButton()
        self.recommend_no = QRadioButton()
        self.recommendation = QButtonGroup(self)
        self.recommendation.addButton(self.recommend_yes, 1)
        self.recommendation.addButton(self.recommend_no, 0)
        self.recommendation.idClicked.connect(self._recommendation_chosen)
        choice = QHBoxLayout(self.recommendation_box)
        choice.addWidget(self.recommend_yes)
        choice.addWidget(self.recommend_no)
        choice.addStretch(1)
        body_layout.addWidget(self.recommendation_box)
        body_layout.addWidget(self.conflict_box)
        self.notes_box = QGroupBox()
        self.notes = CommentBox(70)
        self.notes.textChanged.connect(lambda: self._text_edited(NOTES, None))
        QVBoxLayout(self.notes_box).addWidget(self.notes)
        body_layout.addWidget(self.notes_box)
        self.missing_box = QGroupBox()
        self.missing_list = QLabel()
        self.missing_list.setWordWrap(True)
        QVBoxLayout(self.missing_box).addWidget(self.missing_list)
        body_layout.addWidget(self.missing_box)
        body_layout.addStretch(1)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setWidget(body)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        top = QHBoxLayout()
        top.addWidget(self.total_label)
        top.addStretch(1)
        top.addWidget(self.missing_summary)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(self.heading)
        layout.addLayout(top)
        layout.addWidget(self.message)
        layout.addWidget(self.scroll_area, 1)
        self.retranslate()
        self.clear()

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Apply the current language to every label (aspect rows relabel themselves)."""
        self.overall_box.setTitle(self.tr("总体评语（必填）"))
        self.overall.setPlaceholderText(self.tr("对该典型经验的总体评价，提交前必须填写"))
        question = {
            Stage.MATERIAL: self.tr("是否推荐进入答辩"),
            Stage.DEFENSE: self.tr("是否推荐为质量标杆"),
        }
        self.recommendation_box.setTitle(question[self.stage])
        self.recommend_yes.setText(self.tr("是"))
        self.recommend_no.setText(self.tr("否"))
        self.notes_box.setTitle(self.tr("个人笔记（只保存在本机，永不导出）"))
        self.notes.setPlaceholderText(self.tr("只有您自己能看到，不会出现在评分表中"))
        self.missing_box.setTitle(self.tr("提交前尚缺"))
        for box in self.pair_boxes.values():
            box.retranslate()
        self.conflict_box.retranslate()
        self._refresh_figures()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    # -- the dossier shown -----------------------------------------------------------

    def attach(self, service: ReviewService) -> None:
        """Use ``service`` to load and save records (after each unlock)."""
        self.service = service

    def detach(self) -> None:
        """Save what is pending, then forget the service and everything shown (locking)."""
        self.flush()
        self.clear()
        self.service = None

    def load(self, detail: DossierDetail) -> None:
        """Show the record of the dossier in ``detail``; pending edits are saved first."""
        assert self.service is not None
        self.flush()
        self.undo_stack.clear()
        dossier = detail.dossier
        self._record = self.service.record(dossier.id)
        self._document_names = {d.id: d.name for d in detail.documents}
        self._withdrawable = detail.conflict is None or detail.conflict.withdrawable
        self.heading.setText(f"{dossier.seq}. {dossier.enterprise}\n{dossier.title}")
        self.message.hide()
        self.scroll_area.setEnabled(True)
        self._show(self._record)
        self.scroll_area.verticalScrollBar().setValue(0)

    def clear(self) -> None:
        """Show no dossier (nothing confidential stays in the widgets)."""
        self.save_timer.stop()
        self.undo_stack.clear()
        self._record = None
        self._document_names = {}
        self._dirty = False
        self.heading.setText(self.tr("请在左侧列表中选择一份申报材料。"))
        self._show(None)
        self.scroll_area.setEnabled(False)

    def record(self) -> ReviewRecord | None:
        """The record as shown now (saved or about to be)."""
        return self._record

    def dossier_id(self) -> str | None:
        """The dossier shown, if any."""
        return None if self._record is None else self._record.dossier_id

    def focus_aspect(self, number: int) -> None:
        """Jump to the score field of the ``number``-th aspect (0-based, Ctrl+1…6)."""
        rows = list(self.rows.values())
        if 0 <= number < len(rows) and self._record is not None and not self._record.conflict:
            self.scroll_area.ensureWidgetVisible(rows[number])
            rows[number].focus_entry()

    # -- citations -------------------------------------------------------------------

    def cite(self, document_id: str, page: int, quote: str) -> None:
        """Insert a citation of ``page`` (1-based) into the comment box used last."""
        name = self._document_names.get(document_id)
        if name is None or self._record is None or self._record.conflict:
            return
        self._cite_into.setFocus()
        self._cite_into.insert_citation(name, page, quote)

    def _watch(self, box: CommentBox) -> None:
        box.focused.connect(partial(self._use_for_citations, box))
        box.citation_clicked.connect(self._citation_clicked)

    def _use_for_citations(self, box: CommentBox) -> None:
        self._cite_into = box

    def _citation_clicked(self, document_name: str, page: int) -> None:
        for document_id, name in self._document_names.items():
            if name == document_name:
                self.citation_opened.emit(document_id, page)
                return

    # -- saving ----------------------------------------------------------------------

    def flush(self) -> None:
        """Save the shown record now if it has unsaved changes."""
        self.save_timer.stop()
        if not self._dirty or self._record is None or self.service is None:
            return
        try:
            saved = self.service.save(self._record)
        except UserError as exc:
            self._say(render(exc.text))
            return
        self._dirty = False
        self._record = replace(self._record, updated_at=saved.updated_at)
        self.saved.emit(saved.dossier_id, datetime.now())

    def _say(self, message: str) -> None:
        self.message.setText(message)
        self.message.setVisible(bool(message))

    # -- edits -----------------------------------------------------------------------

    def _edit(self, after: ReviewRecord, text: str, merge_id: int = NO_MERGE) -> None:
        before = self._record
        if before is None or after == before:
            return
        self.undo_stack.push(RecordEdit(self._apply, before, after, text, merge_id))

    def _apply(self, record: ReviewRecord) -> None:
        """Make ``record`` the one shown, and have it saved shortly."""
        self._record = record
        self._dirty = True
        self._show(record)
        self.save_timer.start()

    def _score_chosen(self, aspect_key: str, value: object) -> None:
        if self._record is None:
            return
        scores = dict(self._record.scores)
        if isinstance(value, Decimal):
            scores[aspect_key] = value
        else:
            scores.pop(aspect_key, None)
        aspect = self.scheme.aspect(aspect_key)
        name = aspect.name_en if current_lang() == "en" else aspect.name
        self._edit(replace(self._record, scores=scores), self.tr("评分：{name}").format(name=name))

    def _text_edited(self, merge_id: int, pair_key: str | None) -> None:
        record = self._record
        if record is None:
            return
        if merge_id == OVERALL:
            after = replace(record, overall_comment=self.overall.toPlainText())
            text = self.tr("总体评语")
        elif merge_id == NOTES:
            after = replace(record, private_notes=self.notes.toPlainText())
            text = self.tr("个人笔记")
        else:
            assert pair_key is not None
            comments = dict(record.pair_comments)
            comments[pair_key] = self.pair_comments[pair_key].toPlainText()
            after = replace(record, pair_comments=comments)
            text = self.tr("准则评语")
        self._edit(after, text, merge_id)

    def _recommendation_chosen(self, button_id: int) -> None:
        if self._record is not None:
            after = replace(self._record, recommendation=button_id == 1)
            self._edit(after, self.tr("推荐意见"))

    def _declare_conflict(self, reason: str) -> None:
        if self._record is None or self.service is None:
            return
        self.flush()
        dossier_id = self._record.dossier_id
        try:
            record = self.service.declare_conflict(dossier_id, reason)
        except UserError as exc:
            self._say(render(exc.text))
            return
        self._reload_after_conflict_change(record)

    def _withdraw_conflict(self) -> None:
        if self._record is None or self.service is None:
            return
        dossier_id = self._record.dossier_id
        try:
            record = self.service.withdraw_conflict(dossier_id)
        except UserError as exc:
            self._say(render(exc.text))
            return
        self._reload_after_conflict_change(record)

    def _reload_after_conflict_change(self, record: ReviewRecord) -> None:
        self.undo_stack.clear()
        self._record = record
        self._withdrawable = True
        self._dirty = False
        self._show(record)
        self.saved.emit(record.dossier_id, datetime.now())

    # -- showing a record ------------------------------------------------------------

    def _show(self, record: ReviewRecord | None) -> None:
        """Put ``record`` into the widgets without turning that into new edits."""
        conflict = record is not None and record.conflict
        for key, row in self.rows.items():
            row.set_score(None if record is None else record.scores.get(key))
            row.setEnabled(not conflict)
        for key, box in self.pair_comments.items():
            box.set_text_quietly("" if record is None else record.pair_comments.get(key, ""))
            box.setEnabled(not conflict)
        self.overall.set_text_quietly("" if record is None else record.overall_comment)
        self.notes.set_text_quietly("" if record is None else record.private_notes)
        self.overall.setEnabled(not conflict)
        self.recommendation_box.setEnabled(not conflict)
        self.recommendation.setExclusive(False)
        self.recommend_yes.setChecked(record is not None and record.recommendation is True)
        self.recommend_no.setChecked(record is not None and record.recommendation is False)
        self.recommendation.setExclusive(True)
        self.conflict_box.show_state(
            declared=conflict,
            reason="" if record is None else record.conflict_reason,
            withdrawable=self._withdrawable,
        )
        self._refresh_figures()

    def _refresh_figures(self) -> None:
        record = self._record
        scores = record.scores if record is not None else {}
        subtotals = pair_subtotals(record, self.scheme) if record is not None else {}
        for pair in self.scheme.pairs:
            scored = any(a.key in scores for a in pair.aspects)
            self.pair_boxes[pair.key].show_subtotal(subtotals[pair.key] if scored else None)
        shown_total = total(record, self.scheme) if record is not None and scores else None
        self.total_label.setText(
            self.tr("总分 {score} / {points}").format(
                score=format_score(shown_total) or "—", points=format_score(self.scheme.total)
            )
        )
        gaps = missing(record, self.scheme, self.stage) if record is not None else []
        if record is not None and record.conflict:
            self.missing_summary.setText(self.tr("已声明回避"))
            self.missing_summary.setStyleSheet("color: #8a3ab9; font-weight: bold;")
            self.missing_list.setText(self.tr("已声明回避，该申报材料无需评分。"))
        elif record is None:
            self.missing_summary.setText("")
            self.missing_list.setText("")
        elif gaps:
            self.missing_summary.setText(self.tr("尚缺 {n} 项").format(n=len(gaps)))
            self.missing_summary.setStyleSheet("color: #a15c00;")
            self.missing_list.setText("\n".join(f"• {render(gap)}" for gap in gaps))
        else:
            self.missing_summary.setText(self.tr("✓ 已填写完整"))
            self.missing_summary.setStyleSheet("color: #1f7a3a;")
            self.missing_list.setText(self.tr("没有缺项，可以提交。"))
