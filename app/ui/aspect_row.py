"""One aspect (评分要素) of the scoring form: name, guidance, score entry and band quick-picks."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QMenu,
    QToolButton,
    QWidget,
)

from app.models.scheme import Aspect, Band, Scheme
from app.scoring.record import band_range
from app.ui.i18n import current_lang
from app.ui.score_entry import ScoreEntry, format_score


def band_values(scheme: Scheme, aspect: Aspect, band: Band) -> list[Decimal]:
    """Every score of ``band`` for ``aspect`` in the scheme's step, highest first."""
    low, high = band_range(scheme, aspect.key, band.key)
    values = []
    value = high
    while value >= low:
        values.append(value)
        value -= scheme.step
    return values


class AspectRow(QWidget):
    """Scores one aspect by typing or by a band quick-pick (优/良/中/差).

    A band button sets the band's top score; its menu offers every score in the band.
    ``score_chosen`` carries the aspect key and the new score; ``refused`` the reason a
    typed entry was not taken (shown under the row until the next valid entry).
    """

    score_chosen = Signal(str, object)
    refused = Signal(str, str)

    def __init__(self, scheme: Scheme, aspect: Aspect, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.scheme = scheme
        self.aspect = aspect
        self.name = QLabel()
        font = self.name.font()
        font.setBold(True)
        self.name.setFont(font)
        self.guidance = QLabel()
        self.guidance.setWordWrap(True)
        self.guidance.setStyleSheet("color: palette(placeholder-text);")
        self.entry = ScoreEntry(scheme, aspect.key)
        self.entry.committed.connect(self._typed)
        self.entry.refused.connect(self._refused)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #b3261e;")
        self.error.hide()
        self.band_buttons: dict[str, QToolButton] = {}
        layout = QGridLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setHorizontalSpacing(6)
        layout.setVerticalSpacing(2)
        layout.addWidget(self.name, 0, 0, 1, len(scheme.bands) + 1)
        layout.addWidget(self.guidance, 1, 0, 1, len(scheme.bands) + 2)
        layout.addWidget(self.entry, 0, len(scheme.bands) + 1, Qt.AlignmentFlag.AlignRight)
        for column, band in enumerate(scheme.bands):
            button = QToolButton()
            button.setObjectName(f"band_{aspect.key}_{band.key}")
            button.setPopupMode(QToolButton.ToolButtonPopupMode.MenuButtonPopup)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            button.clicked.connect(lambda _checked=False, b=band: self._band_top(b))
            menu = QMenu(button)
            for value in band_values(scheme, aspect, band):
                action = menu.addAction(format_score(value))
                action.triggered.connect(lambda _checked=False, v=value: self._choose(v))
            button.setMenu(menu)
            self.band_buttons[band.key] = button
            layout.addWidget(button, 2, column)
        layout.addWidget(self.error, 3, 0, 1, len(scheme.bands) + 2)
        layout.setColumnStretch(len(scheme.bands), 1)
        self.retranslate()

    def retranslate(self) -> None:
        """Apply the current language to the aspect's name, guidance and bands."""
        english = current_lang() == "en"
        name = self.aspect.name_en if english else self.aspect.name
        self.name.setText(
            self.tr("{name}（满分 {points}）").format(
                name=name, points=format_score(self.aspect.points)
            )
        )
        self.guidance.setText(self.aspect.guidance_en if english else self.aspect.guidance)
        self.entry.setToolTip(
            self.tr("输入 0 到 {points} 之间、以 {step} 为单位的分数；上下方向键逐档调整。").format(
                points=format_score(self.aspect.points), step=format_score(self.scheme.step)
            )
        )
        for band in self.scheme.bands:
            low, high = band_range(self.scheme, self.aspect.key, band.key)
            button = self.band_buttons[band.key]
            label = band.label_en if english else band.label
            button.setText(label)
            button.setToolTip(
                self.tr("{band}：{low}–{high} 分。点击取 {high} 分，箭头可选择其他分值。").format(
                    band=label, low=format_score(low), high=format_score(high)
                )
            )

    def set_score(self, value: Decimal | None) -> None:
        """Show the record's score without announcing it."""
        self.entry.set_score(value)
        for key, button in self.band_buttons.items():
            low, high = band_range(self.scheme, self.aspect.key, key)
            inside = value is not None and low <= value <= high
            button.setStyleSheet("font-weight: bold;" if inside else "")

    def focus_entry(self) -> None:
        """Put the cursor in the score field, its text selected for overtyping."""
        self.entry.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.entry.selectAll()

    def _band_top(self, band: Band) -> None:
        _low, high = band_range(self.scheme, self.aspect.key, band.key)
        self._choose(high)

    def _choose(self, value: Decimal) -> None:
        self.error.hide()
        self.entry.set_score(value)
        self.score_chosen.emit(self.aspect.key, value)

    def _typed(self, value: object) -> None:
        self.error.hide()
        self.score_chosen.emit(self.aspect.key, value)

    def _refused(self, reason: str) -> None:
        self.error.setText(reason)
        self.error.show()
        self.refused.emit(self.aspect.key, reason)
