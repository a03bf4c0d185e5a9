"""Search all assigned dossiers (搜索全部申报材料, Ctrl+Shift+F).

Results follow the typing (a short debounce keeps each keystroke from running a query),
each naming the enterprise, the document and the page with the hit highlighted in its
snippet. Choosing a result opens that dossier, document and page.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.scoring.search import SearchHit
from app.ui.i18n import render

log = logging.getLogger(__name__)

DEBOUNCE_MS = 150
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
MARK = '<span style="background-color:#ffe066; color:#000000;">{}</span>'


def snippet_html(hit: SearchHit) -> str:
    """The hit's surroundings as HTML, the hit itself highlighted."""
    return html.escape(hit.before) + MARK.format(html.escape(hit.hit)) + html.escape(hit.after)


class SearchDialog(QDialog):
    """A query box and live results; ``hit_chosen`` carries dossier, document, page, query."""

    hit_chosen = Signal(str, str, int, str)

    def __init__(
        self, search: Callable[[str], Sequence[SearchHit]], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._search = search
        self._hits: list[SearchHit] = []
        self.query = QLineEdit()
        self.query.setClearButtonEnabled(True)
        self.query.textChanged.connect(self._typed)
        self.query.returnPressed.connect(self._open_current)
        self.query.installEventFilter(self)
        self.summary = QLabel()
        self.results = QListWidget()
        self.results.setAlternatingRowColors(True)
        self.results.setSpacing(2)
        self.results.itemActivated.connect(self._open_item)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.run_query)
        layout = QVBoxLayout(self)
        layout.addWidget(self.query)
        layout.addWidget(self.summary)
        layout.addWidget(self.results, 1)
        self.resize(720, 520)
        self.retranslate()

    def retranslate(self) -> None:
        """Apply the current language."""
        self.setWindowTitle(self.tr("搜索全部申报材料"))
        self.query.setPlaceholderText(self.tr("输入要查找的文字，例如：六西格玛（至少 2 个字）"))
        self._show_summary()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def focus_query(self) -> None:
        """Put the cursor in the query, its text selected for a new search."""
        self.query.setFocus()
        self.query.selectAll()

    def hits(self) -> list[SearchHit]:
        """The results shown now."""
        return list(self._hits)

    def run_query(self) -> None:
        """Search now for the text in the query box and show the results."""
        self.timer.stop()
        query = self.query.text().strip()
        try:
            hits = list(self._search(query)) if query else []
        except UserError as exc:
            self._hits = []
            self.results.clear()
            self.summary.setText(render(exc.text))
            return
        self._hits = hits
        self.results.clear()
        for hit in hits:
            item = QListWidgetItem()
            item.setData(HIT_ROLE, hit)
            label = QLabel(
                "<b>{enterprise}</b> · {document} · {page}<br>{snippet}".format(
                    enterprise=html.escape(hit.enterprise),
                    document=html.escape(hit.document_name),
                    page=html.escape(self.tr("第 {page} 页").format(page=hit.page)),
                    snippet=snippet_html(hit),
                )
            )
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setWordWrap(True)
            label.setContentsMargins(6, 4, 6, 4)
            self.results.addItem(item)
            width = self.results.viewport().width()
            item.setSizeHint(QSize(width, label.heightForWidth(width)))
            self.results.setItemWidget(item, label)
        if hits:
            self.results.setCurrentRow(0)
        self._show_summary()

    def _show_summary(self) -> None:
        if not self.query.text().strip():
            self.summary.setText(self.tr("结果会随输入即时显示；按回车或双击打开所在页。"))
        elif not self._hits:
            self.summary.setText(self.tr("没有找到。"))
        else:
            self.summary.setText(self.tr("找到 {n} 处").format(n=len(self._hits)))

    def _typed(self, _text: str) -> None:
        self.timer.start()

    def _open_current(self) -> None:
        if self.timer.isActive():
            self.run_query()
        item = self.results.currentItem()
        if item is not None:
            self._open_item(item)

    def _open_item(self, item: QListWidgetItem) -> None:
        hit = item.data(HIT_ROLE)
        if isinstance(hit, SearchHit):
            self.hit_chosen.emit(
                hit.dossier_id, hit.document_id, hit.page, self.query.text().strip()
            )

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Up and Down in the query box move through the results."""
        if watched is self.query and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.results.count():
                step = 1 if event.key() == Qt.Key.Key_Down else -1
                row = min(max(self.results.currentRow() + step, 0), self.results.count() - 1)
                self.results.setCurrentRow(row)
                return True
        return super().eventFilter(watched, event)
