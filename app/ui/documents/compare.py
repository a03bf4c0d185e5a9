"""Two dossiers' documents side by side (对比), for calibrating scores between them.

An expert who has scored one enterprise's 实施效果 high wants to hold the next one's
against it. Each side is a full :class:`DocumentTabs` on the shared renderer; with
"同类联动" on, choosing a 典型经验材料 on one side brings up the 典型经验材料 on the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from app.models.dossier import Document
from app.ui.documents.document_tabs import DocumentTabs, Loader
from app.ui.documents.renderer import PageRenderer


@dataclass(frozen=True)
class CompareSide:
    """One dossier to show: a heading (e.g. "3. 某某公司"), its documents and their reader."""

    title: str
    documents: Sequence[Document]
    load: Loader


class CompareView(QWidget):
    """Two dossiers' documents side by side."""

    citation_requested = Signal(str, int, str)  # document id, page (1-based), quoted text

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.left = DocumentTabs(renderer)
        self.right = DocumentTabs(renderer)
        self.left_title = QLabel()
        self.right_title = QLabel()
        self.link_box = QCheckBox()
        self.link_box.setChecked(True)
        self._following = False
        top = QHBoxLayout()
        top.setContentsMargins(6, 4, 6, 0)
        top.addStretch(1)
        top.addWidget(self.link_box)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        for title, tabs in ((self.left_title, self.left), (self.right_title, self.right)):
            title.setStyleSheet("font-weight: bold; padding: 4px;")
            column = QWidget()
            layout = QVBoxLayout(column)
            layout.setContentsMargins(0, 0, 0, 0)
            layout.setSpacing(0)
            layout.addWidget(title)
            layout.addWidget(tabs, 1)
            splitter.addWidget(column)
            tabs.citation_requested.connect(self.citation_requested)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)
        # Bound methods, not lambdas: a lambda holding self would tie the view into a
        # reference cycle that the garbage collector may break at any moment.
        self.left.location_changed.connect(self._left_moved)
        self.right.location_changed.connect(self._right_moved)
        self._retranslate()

    def show_pair(self, left: CompareSide, right: CompareSide) -> None:
        """Show two dossiers, each from its first document."""
        self.left_title.setText(left.title)
        self.right_title.setText(right.title)
        self.left.show_dossier(left.documents, left.load)
        self.right.show_dossier(right.documents, right.load)

    def clear(self) -> None:
        """Close both sides' documents."""
        self.left.clear()
        self.right.clear()
        self.left_title.setText("")
        self.right_title.setText("")

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.link_box.setText(self.tr("同类文件联动"))
        self.link_box.setToolTip(self.tr("在一侧切换文件时，另一侧显示同一类文件"))

    def _left_moved(self, document_id: str, page: int) -> None:
        self._follow(self.left, self.right)

    def _right_moved(self, document_id: str, page: int) -> None:
        self._follow(self.right, self.left)

    def _follow(self, leader: DocumentTabs, follower: DocumentTabs) -> None:
        """Bring up the same kind of document on the other side (not recursively)."""
        if self._following or not self.link_box.isChecked():
            return
        shown, other = leader.current_document(), follower.current_document()
        if shown is None or (other is not None and other.kind == shown.kind):
            return
        self._following = True
        try:
            follower.select_kind(shown.kind)
        finally:
            self._following = False
