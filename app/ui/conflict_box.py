"""The conflict-of-interest (回避) part of the scoring form.

Declaring a conflict clears the dossier's scores and stops scoring it, so the expert
confirms it in a dialog first; while declared, the box says so and offers to withdraw.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class ConflictBox(QGroupBox):
    """Declare or withdraw 回避 for the dossier shown.

    ``declare_requested`` carries the reason once the expert confirmed;
    ``withdraw_requested`` asks to score the dossier again.
    """

    declare_requested = Signal(str)
    withdraw_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._declared = False
        self._reason = ""
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.reason = QLineEdit()
        self.declare_button = QPushButton()
        self.declare_button.setObjectName("declare_conflict")
        self.declare_button.clicked.connect(self.ask_to_declare)
        self.withdraw_button = QPushButton()
        self.withdraw_button.setObjectName("withdraw_conflict")
        self.withdraw_button.clicked.connect(self.withdraw_requested)
        row = QHBoxLayout()
        row.addWidget(self.reason, 1)
        row.addWidget(self.declare_button)
        row.addWidget(self.withdraw_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addLayout(row)
        self.retranslate()
        self.show_state(declared=False, reason="")

    def retranslate(self) -> None:
        """Apply the current language."""
        self.setTitle(self.tr("回避"))
        self.reason.setPlaceholderText(self.tr("回避理由（选填），例如：曾为该企业提供咨询"))
        self.declare_button.setText(self.tr("声明回避…"))
        self.withdraw_button.setText(self.tr("撤销回避"))
        self._show_state_text()

    def show_state(self, *, declared: bool, reason: str, withdrawable: bool = True) -> None:
        """Show whether a conflict is declared (and by the expert, who may withdraw it)."""
        self._declared = declared
        self._reason = reason
        self.reason.setVisible(not declared)
        self.declare_button.setVisible(not declared)
        self.withdraw_button.setVisible(declared and withdrawable)
        if not declared:
            self.reason.clear()
        self._show_state_text()

    def _show_state_text(self) -> None:
        if self._declared:
            text = self.tr("您已对该申报材料声明回避，不再评分。")
            if self._reason:
                text += " " + self.tr("理由：{reason}").format(reason=self._reason)
            self.state.setStyleSheet("color: #8a3ab9; font-weight: bold;")
        else:
            text = self.tr("如与该企业存在利害关系，请声明回避。")
            self.state.setStyleSheet("")
        self.state.setText(text)

    def ask_to_declare(self) -> None:
        """Confirm with the expert, then ask for the declaration."""
        answer = QMessageBox.question(
            self,
            self.tr("声明回避"),
            self.tr(
                "确定对该申报材料声明回避吗？\n\n"
                "声明后，已填写的分数、评语和推荐意见将被清除，该申报材料不再评分。"
                "之后仍可撤销回避。"
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.declare_requested.emit(self.reason.text().strip())
