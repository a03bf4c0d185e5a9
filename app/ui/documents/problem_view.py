"""What a tab shows instead of a document it cannot show: the reason, in the user's language.

An expert who meets an encrypted or broken file needs to know it is the file, not the
program, and what to do (ask the secretariat); the technical detail is kept in small
print for whoever investigates.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QStyle, QVBoxLayout, QWidget

from app.ui.documents.problems import DocumentProblem, ProblemKind


class ProblemView(QWidget):
    """A calm, centred explanation of why this document is not shown."""

    def __init__(self, name: str, problem: DocumentProblem, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.problem = problem
        self._name = name
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_MessageBoxIconSize) * 2
        icon.setPixmap(
            self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(size)
        )
        icon.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title = QLabel()
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setStyleSheet("font-size: 14pt; font-weight: bold;")
        self.title.setWordWrap(True)
        self.reason = QLabel()
        self.reason.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.reason.setWordWrap(True)
        self.reason.setStyleSheet("font-size: 11pt;")
        self.detail = QLabel()
        self.detail.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.detail.setWordWrap(True)
        self.detail.setStyleSheet("color: palette(placeholder-text); font-size: 9pt;")
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        # Wrapped labels only get their full height when the layout may size them freely,
        # so the column has a width limit instead of each label an alignment.
        column = QWidget()
        column.setMaximumWidth(560)
        inner = QVBoxLayout(column)
        inner.setSpacing(10)
        for widget in (icon, self.title, self.reason, self.detail):
            inner.addWidget(widget)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 4)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self._retranslate()

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self._retranslate()
        super().changeEvent(event)

    def _retranslate(self) -> None:
        self.title.setText(self.tr("无法显示“{name}”").format(name=self._name))
        self.reason.setText(self.explain(self.problem.kind))
        detail = self.problem.detail
        self.detail.setText(self.tr("技术信息：{detail}").format(detail=detail) if detail else "")

    def explain(self, kind: ProblemKind) -> str:
        """What a kind of problem means for the reader, in the interface language."""
        if kind is ProblemKind.ENCRYPTED:
            return self.tr("该文件设有打开密码，无法显示。请联系秘书处获取未加密的版本。")
        if kind is ProblemKind.UNREADABLE:
            return self.tr("该文件已损坏或格式无效，无法显示。")
        if kind is ProblemKind.EMPTY:
            return self.tr("该文件没有可显示的页面。")
        if kind is ProblemKind.CRASHED:
            return self.tr(
                "处理该文件时文档处理进程意外停止，为保护本程序，该文件不再显示。其他文件不受影响。"
            )
        if kind is ProblemKind.TIMED_OUT:
            return self.tr("处理该文件用时过长，已被停止，该文件无法显示。其他文件不受影响。")
        if kind is ProblemKind.TOO_LARGE:
            return self.tr("该页面尺寸过大，无法以当前缩放比例显示。")
        if kind is ProblemKind.HOSTILE:
            return self.tr("该文件的结构异常（可能是恶意构造的文件），为安全起见不予打开。")
        if kind is ProblemKind.LEGACY:
            return self.tr(
                "这是 Word 97-2003 格式（.doc）的文件，无法显示。请申报单位另存为 .docx。"
            )
        if kind is ProblemKind.NOT_LOADED:
            return self.tr("无法从评审存储中读取该文件。")
        return self.tr("本程序无法显示这种类型的文件。")
