"""The documents of one dossier, one tab each (申报书, 典型经验材料, 证明材料 …).

A document's bytes are read from the store only when its tab is first shown, so opening
a dossier costs the first document, not all of them. What the bytes really are decides
the viewer (the file name is only a claim): PDFs and scans page by page, Word files as
text with their outline, anything else as an explanation of why it is not shown.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtWidgets import QLabel, QStackedWidget, QStyle, QTabWidget, QVBoxLayout, QWidget

from app.documents.sniff import detect_type
from app.errors import UserError
from app.models.dossier import Document, DocumentKind
from app.ui.documents.docx_view import DocxPane
from app.ui.documents.pdf_pane import PdfPane
from app.ui.documents.problem_view import ProblemView
from app.ui.documents.problems import DocumentProblem, ProblemKind
from app.ui.documents.renderer import PageRenderer

log = logging.getLogger(__name__)

PAGED_TYPES = frozenset({"pdf", "jpeg", "png", "tiff"})
_REFUSED_TYPES = {
    "ole-encrypted": ProblemKind.ENCRYPTED,
    "doc": ProblemKind.LEGACY,
    "empty": ProblemKind.EMPTY,
}
Pane = PdfPane | DocxPane
Loader = Callable[[str], bytes | bytearray]  # document id -> its bytes (the store gives bytearrays)


@dataclass
class _Entry:
    """A tab: its document, the key its pages go by, and what it shows once loaded."""

    document: Document
    key: str
    holder: QWidget
    content: QWidget | None = None


class DocumentTabs(QWidget):
    """One tab per document of a dossier (PDF, Word, image), each showing why it cannot be shown if it can't."""

    citation_requested = Signal(str, int, str)  # document id, page (1-based), quoted text
    location_changed = Signal(str, int)  # document id, page (1-based)

    def __init__(self, renderer: PageRenderer, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._entries: list[_Entry] = []
        self._load: Loader | None = None
        self._generations = itertools.count(1)
        self._generation = 0
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.setElideMode(Qt.TextElideMode.ElideMiddle)
        self.tabs.setUsesScrollButtons(True)
        self.tabs.currentChanged.connect(self._activate)
        self.empty_label = QLabel()
        self.empty_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty_label.setStyleSheet("color: palette(placeholder-text);")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty_label)
        self.stack.addWidget(self.tabs)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self._retranslate()

    @property
    def renderer(self) -> PageRenderer:
        """The page renderer these tabs draw with (shared with other document views)."""
        return self._renderer

    def show_dossier(self, documents: Sequence[Document], load: Loader) -> None:
        """Show a dossier's documents; ``load(document_id)`` reads one document's bytes."""
        self.clear()
        self._load = load
        self._generation = next(self._generations)
        self.tabs.blockSignals(True)
        for document in documents:
            holder = QWidget()
            QVBoxLayout(holder).setContentsMargins(0, 0, 0, 0)
            key = f"{id(self):x}.{self._generation}:{document.id}"
            self._entries.append(_Entry(document, key, holder))
            index = self.tabs.addTab(holder, document.name)
            self.tabs.setTabToolTip(index, f"{document.kind.label}：{document.name}")
        self.tabs.blockSignals(False)
        self.stack.setCurrentWidget(self.tabs if documents else self.empty_label)
        if documents:
            self.tabs.setCurrentIndex(0)
            self._activate(0)

    def open_page(self, document_id: str, page: int, highlight: str | None = None) -> None:
        """Bring a document's tab forward at a page (1-based), marking ``highlight`` if given."""
        index = self._index_of(document_id)
        if index is None:
            return
        self.tabs.setCurrentIndex(index)
        self._activate(index)
        pane = self._pane(index)
        if pane is not None:
            pane.show_page(max(page, 1) - 1, highlight)

    def current_location(self) -> tuple[str, int] | None:
        """The document shown and the page being read (1-based), or None."""
        index = self.tabs.currentIndex()
        if not 0 <= index < len(self._entries):
            return None
        pane = self._pane(index)
        page = pane.current_page() + 1 if isinstance(pane, PdfPane) else 1
        return self._entries[index].document.id, page

    def start_find(self) -> None:
        """Open the find bar of the document shown (Ctrl+F)."""
        pane = self._pane(self.tabs.currentIndex())
        if pane is not None:
            pane.start_find()

    def select_kind(self, kind: DocumentKind) -> bool:
        """Show the first document of a kind (the compare view keeps both sides alike)."""
        for index, entry in enumerate(self._entries):
            if entry.document.kind == kind:
                self.tabs.setCurrentIndex(index)
                return True
        return False

    def current_document(self) -> Document | None:
        """The document of the tab shown."""
        index = self.tabs.currentIndex()
        return self._entries[index].document if 0 <= index < len(self._entries) else None

    def content(self, document_id: str) -> QWidget | None:
        """What a document's tab shows: a pane, a problem view, or None before loading."""
        index = self._index_of(document_id)
        return self._entries[index].content if index is not None else None

    def clear(self) -> None:
        """Close every document (in the worker too) and show nothing."""
        for entry in self._entries:
            if isinstance(entry.content, PdfPane | DocxPane):
                entry.content.close_document()
        self._entries = []
        self._load = None
        while self.tabs.count():
            holder = self.tabs.widget(0)
            self.tabs.removeTab(0)
            if holder is not None:
                holder.deleteLater()
        self.stack.setCurrentWidget(self.empty_label)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.empty_label.setText(self.tr("请在左侧选择一份申报材料"))

    def _index_of(self, document_id: str) -> int | None:
        return next(
            (i for i, entry in enumerate(self._entries) if entry.document.id == document_id),
            None,
        )

    def _pane(self, index: int) -> Pane | None:
        if not 0 <= index < len(self._entries):
            return None
        content = self._entries[index].content
        return content if isinstance(content, PdfPane | DocxPane) else None

    def _activate(self, index: int) -> None:
        if not 0 <= index < len(self._entries):
            return
        entry = self._entries[index]
        if entry.content is None:
            self._load_entry(entry)
        location = self.current_location()
        if location is not None and self.tabs.currentIndex() == index:
            self.location_changed.emit(*location)

    def _load_entry(self, entry: _Entry) -> None:
        """Read a document's bytes and put the viewer its content calls for into its tab."""
        assert self._load is not None
        document = entry.document
        try:
            data = self._load(document.id)
        except UserError as exc:
            self._show_problem(entry, DocumentProblem(ProblemKind.NOT_LOADED, exc.text.en))
            return
        except Exception as exc:  # a bug, but one document must not take the screen down
            log.exception("reading document %s failed", document.id)
            self._show_problem(entry, DocumentProblem(ProblemKind.NOT_LOADED, type(exc).__name__))
            return
        data = bytes(data)  # the store hands out bytearrays; the worker wants bytes
        kind = detect_type(data)
        pane: Pane
        if kind in PAGED_TYPES:
            pane = PdfPane(self._renderer, entry.key, data, kind)
            pane.location_changed.connect(self._page_changed)
        elif kind == "docx":
            pane = DocxPane(self._renderer, entry.key, data)
        else:
            problem_kind = _REFUSED_TYPES.get(kind, ProblemKind.UNSUPPORTED)
            self._show_problem(entry, DocumentProblem(problem_kind, f"detected type: {kind}"))
            return
        # Bound methods that find their tab through sender(): a lambda holding self would
        # make a reference cycle, and the garbage collector could then delete this widget
        # in the middle of deleting one of its panes.
        pane.failed.connect(self._pane_failed)
        pane.citation_requested.connect(self._pane_cited)
        self._set_content(entry, pane)

    def _show_problem(self, entry: _Entry, problem: DocumentProblem) -> None:
        if entry not in self._entries:
            return
        if isinstance(entry.content, PdfPane | DocxPane):
            entry.content.close_document()
        self._set_content(entry, ProblemView(entry.document.name, problem))
        index = self._entries.index(entry)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self.tabs.setTabIcon(index, icon)

    def _set_content(self, entry: _Entry, widget: QWidget) -> None:
        layout = entry.holder.layout()
        assert layout is not None
        if entry.content is not None:
            layout.removeWidget(entry.content)
            entry.content.deleteLater()
        entry.content = widget
        layout.addWidget(widget)

    def _entry_of_sender(self) -> _Entry | None:
        sender = self.sender()
        return next((entry for entry in self._entries if entry.content is sender), None)

    def _pane_failed(self, problem: DocumentProblem) -> None:
        entry = self._entry_of_sender()
        if entry is not None:
            self._show_problem(entry, problem)

    def _pane_cited(self, page: int, text: str) -> None:
        entry = self._entry_of_sender()
        if entry is not None:
            self.citation_requested.emit(entry.document.id, page + 1, text)

    def _page_changed(self, page: int) -> None:
        entry = self._entry_of_sender()
        if entry is not None and self.tabs.currentIndex() == self._entries.index(entry):
            self.location_changed.emit(entry.document.id, page + 1)
