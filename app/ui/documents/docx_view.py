"""A Word file (典型经验材料) rendered for reading, with its outline and section lengths.

The layout is built off the UI thread after the package safety check (see
:mod:`app.ui.documents.docx_html`); pictures are decoded by the document worker and
slotted in as they arrive. The outline lists each heading with its character count,
and the four required parts with their limits (摘要 500, 企业概况 500, 推进和应用情况
8000, 实施效果 2000), in red when over — the same counts the formal review used.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, QUrl, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QTextCursor,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QTextBrowser,
    QTextEdit,
    QToolBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.ui.documents.docx_html import DocxLayout, DocxRefused, OutlineEntry
from app.ui.documents.find_bar import FindBar
from app.ui.documents.problems import from_status
from app.ui.documents.renderer import PageRenderer

STYLE = (
    "h1 { font-size: 15pt; margin-top: 14px; } h2 { font-size: 13pt; margin-top: 10px; }"
    " h3, h4 { font-size: 12pt; } p { line-height: 160%; margin: 4px 0; }"
    " td { padding: 3px; }"
)
IMAGE_WIDTH = 1200
MAX_HITS = 5000
OVER = QColor(200, 30, 30)


class DocxPane(QWidget):
    """The 典型经验材料 as readable text beside its outline."""

    failed = Signal(object)  # DocumentProblem
    citation_requested = Signal(int, str)  # page (always 0: a Word file has no fixed pages), text
    opened = Signal()

    def __init__(
        self, renderer: PageRenderer, key: str, data: bytes, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._renderer = renderer
        self._key = key
        self._layout: DocxLayout | None = None
        self._pending: str | None = None
        self._hits: list[QTextCursor] = []
        self._current = -1
        self.browser = QTextBrowser()
        self.browser.setOpenLinks(False)
        self.browser.document().setDefaultStyleSheet(STYLE)
        self.browser.document().setDocumentMargin(24)
        self.browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.browser.customContextMenuRequested.connect(self._context_menu)
        self.outline_tree = QTreeWidget()
        self.outline_tree.setColumnCount(2)
        self.outline_tree.setMinimumWidth(300)
        header = self.outline_tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.outline_tree.itemClicked.connect(self._outline_clicked)
        self.find_bar = FindBar()
        self.find_bar.hide()
        self.toolbar = QToolBar()
        self.toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.outline_action = QAction(self, checkable=True, checked=True)
        self.outline_action.toggled.connect(self.outline_tree.setVisible)
        self.find_action = QAction(self)
        self.find_action.triggered.connect(self.start_find)
        self.cite_action = QAction(self, enabled=False)
        self.cite_action.triggered.connect(self.cite_selection)
        for action in (self.outline_action, self.find_action, self.cite_action):
            self.toolbar.addAction(action)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(self.outline_tree)
        splitter.addWidget(self.browser)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        splitter.setSizes([300, 800])
        content = QWidget()
        inner = QVBoxLayout(content)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.setSpacing(0)
        inner.addWidget(self.toolbar)
        inner.addWidget(splitter, 1)
        inner.addWidget(self.find_bar)
        self.loading_label = QLabel()
        self.loading_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.loading_label)
        self.stack.addWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)
        self.browser.selectionChanged.connect(self._selection_changed)
        self.find_bar.query_changed.connect(self._search)
        self.find_bar.next_requested.connect(self._next_hit)
        self.find_bar.previous_requested.connect(self._previous_hit)
        self.find_bar.closed.connect(self._end_search)
        renderer.docx_ready.connect(self._on_built)
        renderer.image_ready.connect(self._on_image)
        self._retranslate()
        renderer.layout_docx(key, data)

    def is_open(self) -> bool:
        """Whether the text is laid out and shown."""
        return self._layout is not None

    def outline(self) -> tuple[OutlineEntry, ...]:
        """The headings with their lengths and limits."""
        return self._layout.outline if self._layout is not None else ()

    def selected_text(self) -> str:
        """The selection as plain text (paragraph breaks as new lines, pictures dropped)."""
        text = self.browser.textCursor().selectedText()
        return text.replace("\u2029", "\n").replace("\u2028", "\n").replace("\ufffc", "").strip()

    def cite_selection(self) -> None:
        """Cite the selected text (引用到评语)."""
        text = self.selected_text()
        if text:
            self.citation_requested.emit(0, text)

    def show_page(self, page: int, highlight: str | None = None) -> None:
        """A Word file has one flowing page; a highlight is found and selected."""
        if self._layout is None:
            self._pending = highlight or ""
        elif highlight:
            self.find_bar.open_bar(highlight)

    def start_find(self) -> None:
        """Show the find bar (Ctrl+F), seeded with the selection when it is short."""
        if self._layout is not None:
            selected = self.selected_text()
            self.find_bar.open_bar(selected if selected and "\n" not in selected else None)

    def hit_count(self) -> int:
        """How many hits the current search found."""
        return len(self._hits)

    def current_hit(self) -> int:
        """Index of the current hit (-1 for none)."""
        return self._current

    def close_document(self) -> None:
        """Drop pending work for this file."""
        self._renderer.close_document(self._key)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Ctrl+F and F3 when no window-wide shortcut took them first."""
        if event.matches(QKeySequence.StandardKey.Find):
            self.start_find()
        elif event.matches(QKeySequence.StandardKey.FindNext):
            self._step(1)
        elif event.matches(QKeySequence.StandardKey.FindPrevious):
            self._step(-1)
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.loading_label.setText(self.tr("正在打开文件…"))
        self.outline_action.setText(self.tr("大纲"))
        self.find_action.setText(self.tr("查找"))
        self.find_action.setToolTip(self.tr("在本文件中查找（Ctrl+F）"))
        self.cite_action.setText(self.tr("引用到评语"))
        self.cite_action.setToolTip(self.tr("把选中的文字作为证据引用到评语中"))
        self.outline_tree.setHeaderLabels([self.tr("章节"), self.tr("字数 / 限制")])
        self._fill_outline()

    def _on_built(self, key: str, result: object) -> None:
        if key != self._key:
            return
        if isinstance(result, DocxRefused):
            self.failed.emit(from_status(result.status, result.reason))
            return
        assert isinstance(result, DocxLayout)
        self._layout = result
        document = self.browser.document()
        for image in result.images:
            document.addResource(
                QTextDocument.ResourceType.ImageResource,
                QUrl(image.name),
                self._placeholder(bool(image.filetype)),
            )
            if image.filetype:
                self._renderer.decode_image(
                    f"{self._key}/{image.name}", image.data, image.filetype, IMAGE_WIDTH
                )
        self.browser.setHtml(result.html)
        self._fill_outline()
        self.stack.setCurrentIndex(1)
        self.opened.emit()
        if self._pending:
            self.find_bar.open_bar(self._pending)
        self._pending = None

    def _on_image(self, key: str, image: object) -> None:
        prefix = f"{self._key}/"
        if not key.startswith(prefix) or not isinstance(image, QImage):
            return
        document = self.browser.document()
        url = QUrl(key[len(prefix) :])
        document.addResource(QTextDocument.ResourceType.ImageResource, url, image)
        document.markContentsDirty(0, document.characterCount())

    def _placeholder(self, decodable: bool) -> QImage:
        """A grey box standing in for a picture until (or instead of) its decoding."""
        image = QImage(320, 180, QImage.Format.Format_RGB32)
        image.fill(QColor(238, 238, 238))
        painter = QPainter(image)
        painter.setPen(QColor(120, 120, 120))
        text = self.tr("图片加载中…") if decodable else self.tr("（无法显示的图片格式）")
        painter.drawText(image.rect(), Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        return image

    def _fill_outline(self) -> None:
        self.outline_tree.clear()
        parents: list[tuple[int, QTreeWidgetItem]] = []
        for entry in self.outline():
            while parents and parents[-1][0] >= entry.level:
                parents.pop()
            count = (
                f"{entry.chars} / {entry.limit}" if entry.limit is not None else str(entry.chars)
            )
            item = QTreeWidgetItem([entry.title, count])
            item.setToolTip(0, entry.title)
            item.setData(0, Qt.ItemDataRole.UserRole, entry.anchor)
            item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            if entry.over_limit:
                for column in (0, 1):
                    item.setForeground(column, OVER)
                tip = self.tr("超过 {limit} 字的限制").format(limit=entry.limit)
                item.setToolTip(1, tip)
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.outline_tree.addTopLevelItem(item)
            parents.append((entry.level, item))
        self.outline_tree.expandAll()

    def _outline_clicked(self, item: QTreeWidgetItem) -> None:
        anchor = item.data(0, Qt.ItemDataRole.UserRole)
        if isinstance(anchor, str):
            self.browser.scrollToAnchor(anchor)

    def _context_menu(self, position: QPoint) -> None:
        menu = self.browser.createStandardContextMenu(position)
        cite = QAction(self.tr("引用到评语"), menu)
        cite.setEnabled(bool(self.selected_text()))
        cite.triggered.connect(self.cite_selection)
        actions = menu.actions()
        if actions:
            menu.insertAction(actions[0], cite)
            menu.insertSeparator(actions[0])
        else:
            menu.addAction(cite)
        menu.exec(self.browser.viewport().mapToGlobal(position))
        menu.deleteLater()

    def _search(self, query: str) -> None:
        self._hits, self._current = [], -1
        document = self.browser.document()
        if query:
            cursor = document.find(query)
            while not cursor.isNull() and len(self._hits) < MAX_HITS:
                self._hits.append(cursor)
                cursor = document.find(query, cursor)
        if self._hits:
            self._current = 0
            self._select(0)
        self._paint_hits()

    def _selection_changed(self) -> None:
        self.cite_action.setEnabled(bool(self.selected_text()))

    def _next_hit(self) -> None:
        self._step(1)

    def _previous_hit(self) -> None:
        self._step(-1)

    def _end_search(self) -> None:
        self._search("")

    def _step(self, direction: int) -> None:
        if self._hits:
            self._current = (self._current + direction) % len(self._hits)
            self._select(self._current)
            self._paint_hits()

    def _select(self, index: int) -> None:
        self.browser.setTextCursor(self._hits[index])
        self.browser.ensureCursorVisible()

    def _paint_hits(self) -> None:
        selections = []
        for index, cursor in enumerate(self._hits):
            selection = QTextEdit.ExtraSelection()
            selection.cursor = cursor
            colour = (
                QColor(255, 120, 0, 150) if index == self._current else QColor(255, 200, 0, 110)
            )
            selection.format.setBackground(colour)
            selections.append(selection)
        self.browser.setExtraSelections(selections)
        self.find_bar.set_status(self._current, len(self._hits), False)
