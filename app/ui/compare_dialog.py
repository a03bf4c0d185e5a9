"""Compare two dossiers' documents side by side (对比), for calibrating between them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from app.scoring.service import ReviewService
from app.ui.documents import CompareView, PageRenderer
from app.ui.documents.compare import CompareSide


class CompareDialog(QDialog):
    """The current dossier on the left, any other assigned dossier on the right."""

    def __init__(
        self,
        renderer: PageRenderer,
        service: ReviewService,
        current_id: str,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._service = service
        self._current_id = current_id
        self.view = CompareView(renderer, self)
        self.other = QComboBox()
        self.label = QLabel()
        for summary in service.dossiers():
            if summary.id != current_id:
                self.other.addItem(f"{summary.seq}. {summary.enterprise}", summary.id)
        self.other.currentIndexChanged.connect(self._show)
        top = QHBoxLayout()
        top.addWidget(self.label)
        top.addWidget(self.other, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        self.setWindowTitle(self.tr("对比申报材料"))
        self.label.setText(self.tr("与之对比："))
        self.resize(1400, 860)
        self._show()

    def _side(self, dossier_id: str) -> CompareSide:
        detail = self._service.dossier(dossier_id)
        title = f"{detail.dossier.seq}. {detail.dossier.enterprise}"
        return CompareSide(title, detail.documents, self._service.document_bytes)

    def _show(self) -> None:
        other_id = self.other.currentData()
        if isinstance(other_id, str):
            self.view.show_pair(self._side(self._current_id), self._side(other_id))

    def done(self, result: int) -> None:
        """Release both sides' documents when the dialog closes."""
        self.view.clear()
        super().done(result)
