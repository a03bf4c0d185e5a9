"""The unlock dialog (解锁): the only screen shown before the store is open.

It shows nothing from inside the store. It unlocks an existing store (saying so when the
passphrase is wrong, and letting the user try again), and on a first run guides the
user through creating a store and importing the assignment package (任务包) that the
secretariat sent, with its one-time passphrase.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from app.errors import UserError
from app.store.keyring import KEY_FILE, MIN_PASSPHRASE_LENGTH, KdfParams, check_new_passphrase
from app.ui.i18n import render

if TYPE_CHECKING:  # the store pulls in SQLAlchemy: loaded on unlock, not before the dialog shows
    from app.store.store import Store

log = logging.getLogger(__name__)

UNLOCK, CREATE, IMPORT = range(3)
STORE_LABEL_WIDTH = 260


def _is_store(path: Path | None) -> bool:
    return path is not None and (path / KEY_FILE).is_file()


def _password_field() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


def _error_label() -> QLabel:
    label = QLabel()
    label.setObjectName("error")
    label.setWordWrap(True)
    label.setStyleSheet("color: #b3261e;")
    label.hide()
    return label


def _show_error(label: QLabel, message: str) -> None:
    label.setText(message)
    label.setVisible(bool(message))


def _row(field: QWidget, button: QPushButton) -> QHBoxLayout:
    row = QHBoxLayout()
    row.addWidget(field, 1)
    row.addWidget(button)
    return row


def _page(
    intro: QLabel,
    rows: list[tuple[QLabel, QWidget | QHBoxLayout]],
    error: QLabel,
    left: list[QPushButton],
    right: list[QPushButton],
) -> QWidget:
    """One page of the dialog: an explanation, the fields, the error line, the buttons."""
    page = QWidget()
    intro.setWordWrap(True)
    form = QFormLayout()
    for caption, field in rows:
        form.addRow(caption, field)
    buttons = QHBoxLayout()
    for button in left:
        buttons.addWidget(button)
    buttons.addStretch(1)
    for button in right:
        buttons.addWidget(button)
    layout = QVBoxLayout(page)
    layout.addWidget(intro)
    layout.addLayout(form)
    layout.addWidget(error)
    layout.addStretch(1)
    layout.addLayout(buttons)
    return page


class UnlockDialog(QDialog):
    """Unlock, or create a store and import a package; hands the opened store to its owner.

    ``locked`` is the lock screen variant: the same store only, no creation. When the
    store is open (and holds a round), ``unlocked`` carries it and the dialog accepts.
    """

    unlocked = Signal(object)

    def __init__(
        self,
        store_path: Path | None,
        *,
        locked: bool = False,
        kdf: KdfParams | None = None,
        default_folder: Path | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store_path = store_path
        self._locked = locked
        self._kdf = kdf
        self._default_folder = default_folder
        self._store: Store | None = None
        self.setModal(True)
        self.setMinimumWidth(560)
        self.pages = QStackedWidget()
        self.pages.addWidget(self._build_unlock_page())
        self.pages.addWidget(self._build_create_page())
        self.pages.addWidget(self._build_import_page())
        layout = QVBoxLayout(self)
        self.heading = QLabel()
        self.heading.setObjectName("heading")
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        font.setBold(True)
        self.heading.setFont(font)
        layout.addWidget(self.heading)
        layout.addWidget(self.pages)
        self.pages.currentChanged.connect(self._page_changed)
        self.retranslate()
        self.pages.setCurrentIndex(UNLOCK if locked or _is_store(store_path) else CREATE)
        self._page_changed(self.pages.currentIndex())

    # -- pages -----------------------------------------------------------------------

    def _build_unlock_page(self) -> QWidget:
        self.unlock_intro = QLabel()
        self.store_caption, self.store_label = QLabel(), QLabel()
        self.store_label.setMinimumWidth(STORE_LABEL_WIDTH)
        self.choose_store_button = QPushButton()
        self.choose_store_button.clicked.connect(self._choose_store)
        self.passphrase_caption, self.passphrase = QLabel(), _password_field()
        self.unlock_error = _error_label()
        self.unlock_button = QPushButton()
        self.unlock_button.clicked.connect(self.try_unlock)
        self.new_store_button = QPushButton()
        self.new_store_button.clicked.connect(lambda: self.pages.setCurrentIndex(CREATE))
        self.quit_button = QPushButton()
        self.quit_button.clicked.connect(self.reject)
        if self._locked:
            self.choose_store_button.hide()
            self.new_store_button.hide()
        return _page(
            self.unlock_intro,
            [
                (self.store_caption, _row(self.store_label, self.choose_store_button)),
                (self.passphrase_caption, self.passphrase),
            ],
            self.unlock_error,
            [self.new_store_button],
            [self.quit_button, self.unlock_button],
        )

    def _build_create_page(self) -> QWidget:
        self.create_intro = QLabel()
        self.folder_caption, self.folder = QLabel(), QLineEdit()
        self.browse_folder_button = QPushButton()
        self.browse_folder_button.clicked.connect(self._choose_new_folder)
        self.new_passphrase_caption, self.new_passphrase = QLabel(), _password_field()
        self.repeat_caption, self.repeat_passphrase = QLabel(), _password_field()
        self.create_error = _error_label()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(lambda: self.pages.setCurrentIndex(UNLOCK))
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self.try_create)
        return _page(
            self.create_intro,
            [
                (self.folder_caption, _row(self.folder, self.browse_folder_button)),
                (self.new_passphrase_caption, self.new_passphrase),
                (self.repeat_caption, self.repeat_passphrase),
            ],
            self.create_error,
            [self.back_button],
            [self.create_button],
        )

    def _build_import_page(self) -> QWidget:
        self.import_intro = QLabel()
        self.package_caption, self.package = QLabel(), QLineEdit()
        self.browse_package_button = QPushButton()
        self.browse_package_button.clicked.connect(self._choose_package)
        self.package_passphrase_caption, self.package_passphrase = QLabel(), QLineEdit()
        self.import_error = _error_label()
        self.import_button = QPushButton()
        self.import_button.clicked.connect(self.try_import)
        return _page(
            self.import_intro,
            [
                (self.package_caption, _row(self.package, self.browse_package_button)),
                (self.package_passphrase_caption, self.package_passphrase),
            ],
            self.import_error,
            [],
            [self.import_button],
        )

    # -- texts -----------------------------------------------------------------------

    def retranslate(self) -> None:
        """Apply the current language to every text of the dialog."""
        self.setWindowTitle(self.tr("质量标杆评审工作站"))
        self.unlock_intro.setText(
            self.tr("工作站已锁定。为保护评审内容，请输入口令继续。")
            if self._locked
            else self.tr("请输入口令，打开保存在本机的加密评审存储。")
        )
        self.store_caption.setText(self.tr("存储位置："))
        self.store_label.setText(
            str(self._store_path) if self._store_path else self.tr("（未选择）")
        )
        self.choose_store_button.setText(self.tr("选择其他存储…"))
        self.passphrase_caption.setText(self.tr("口令："))
        self.unlock_button.setText(self.tr("解锁"))
        self.new_store_button.setText(self.tr("新建存储…"))
        self.quit_button.setText(self.tr("退出"))
        self.create_intro.setText(
            self.tr(
                "第一次使用：请新建一个评审存储。它是本机上的一个加密文件夹，保存您的任务包、"
                "评分、评语和个人笔记。请选择一个新的空文件夹，并设置至少 {n} 个字符的口令。"
                "口令无法找回，请妥善保管。"
            ).format(n=MIN_PASSPHRASE_LENGTH)
        )
        self.folder_caption.setText(self.tr("存储文件夹："))
        self.browse_folder_button.setText(self.tr("浏览…"))
        self.new_passphrase_caption.setText(self.tr("设置口令："))
        self.repeat_caption.setText(self.tr("再次输入口令："))
        self.back_button.setText(self.tr("返回"))
        self.create_button.setText(self.tr("创建存储"))
        self.import_intro.setText(
            self.tr(
                "请导入评审任务包。办公室会分别发给您任务包文件（.qbrpkg）和一次性口令"
                "（例如通过短信）。导入后即可开始评审。"
            )
        )
        self.package_caption.setText(self.tr("任务包文件："))
        self.browse_package_button.setText(self.tr("浏览…"))
        self.package_passphrase_caption.setText(self.tr("一次性口令："))
        self.import_button.setText(self.tr("导入任务包"))
        self._page_changed(self.pages.currentIndex())

    def changeEvent(self, event: QEvent) -> None:
        """Re-apply texts when the interface language changes."""
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def _page_changed(self, index: int) -> None:
        # Return presses the page's main button, and only that one.
        primary = {
            UNLOCK: self.unlock_button,
            CREATE: self.create_button,
            IMPORT: self.import_button,
        }
        for button in self.findChildren(QPushButton):
            button.setAutoDefault(False)
            button.setDefault(button is primary.get(index))
        headings = {
            UNLOCK: self.tr("已锁定") if self._locked else self.tr("解锁评审存储"),
            CREATE: self.tr("新建评审存储"),
            IMPORT: self.tr("导入评审任务包"),
        }
        self.heading.setText(headings.get(index, ""))
        focus = {UNLOCK: self.passphrase, CREATE: self.folder, IMPORT: self.package}.get(index)
        if focus is not None:
            focus.setFocus()
        if index == CREATE and not self.folder.text() and self._default_folder is not None:
            self.folder.setText(str(self._default_folder))

    def showEvent(self, event: QShowEvent) -> None:
        """Shorten the store path with the font the dialog is finally shown in."""
        super().showEvent(event)
        self._show_store_path()

    def _show_store_path(self) -> None:
        """The store's folder on one line, shortened in the middle; the whole path on hover."""
        if self._store_path is None:
            self.store_label.setText(self.tr("（未选择）"))
            self.store_label.setToolTip("")
            return
        full = str(self._store_path)
        metrics = self.store_label.fontMetrics()
        elided = metrics.elidedText(full, Qt.TextElideMode.ElideMiddle, STORE_LABEL_WIDTH)
        self.store_label.setText(elided)
        self.store_label.setToolTip(full)

    # -- actions ---------------------------------------------------------------------

    def store(self) -> Store | None:
        """The store opened by this dialog (``None`` until it is)."""
        return self._store

    def store_path(self) -> Path | None:
        """The store the dialog unlocks or created."""
        return self._store_path

    def try_unlock(self) -> None:
        """Open the store with the typed passphrase; a wrong one says so and keeps the dialog."""
        if not _is_store(self._store_path):
            _show_error(self.unlock_error, self.tr("请先选择一个评审存储，或新建一个。"))
            return
        assert self._store_path is not None
        passphrase = self.passphrase.text()
        if not passphrase:
            _show_error(self.unlock_error, self.tr("请输入口令。"))
            return
        from app.store.store import Store

        try:
            with _busy():
                store = Store.open(self._store_path, passphrase)
        except UserError as exc:
            self.passphrase.setFocus()
            _show_error(self.unlock_error, render(exc.text))
            return
        finally:
            self.passphrase.clear()
        _show_error(self.unlock_error, "")
        self._opened(store)

    def try_create(self) -> None:
        """Create a new store in the chosen folder, then ask for the package."""
        folder_text = self.folder.text().strip()
        if not folder_text:
            _show_error(self.create_error, self.tr("请选择存储文件夹。"))
            return
        first, second = self.new_passphrase.text(), self.repeat_passphrase.text()
        if first != second:
            _show_error(self.create_error, self.tr("两次输入的口令不一致，请重新输入。"))
            self.repeat_passphrase.clear()
            self.repeat_passphrase.setFocus()
            return
        from app.store.store import Store, StoreKind

        try:
            check_new_passphrase(first)
            with _busy():
                store = Store.create(Path(folder_text), first, StoreKind.PERSONAL, kdf=self._kdf)
        except UserError as exc:
            _show_error(self.create_error, render(exc.text))
            return
        self.new_passphrase.clear()
        self.repeat_passphrase.clear()
        _show_error(self.create_error, "")
        self._store_path = Path(folder_text)
        self._opened(store)

    def try_import(self) -> None:
        """Load the package into the open store; on success the dialog is done."""
        store = self._store
        assert store is not None
        path_text = self.package.text().strip()
        if not path_text:
            _show_error(self.import_error, self.tr("请选择任务包文件。"))
            return
        from app.exchange.package_import import import_package

        try:
            with _busy():
                result = import_package(store, Path(path_text), self.package_passphrase.text())
        except UserError as exc:
            _show_error(self.import_error, render(exc.text))
            return
        log.info("package imported: %s", result.message.en)
        self.package_passphrase.clear()
        self._finish(store)

    def _opened(self, store: Store) -> None:
        if store.meta("round_id") is None:
            self._store = store
            self.pages.setCurrentIndex(IMPORT)
            return
        self._finish(store)

    def _finish(self, store: Store) -> None:
        self._store = store
        self.unlocked.emit(store)
        self.accept()

    def reject(self) -> None:
        """Closing the dialog closes a store it opened but did not hand over."""
        if self._store is not None and self.result() != QDialog.DialogCode.Accepted:
            self._store.close()
            self._store = None
        super().reject()

    # -- file dialogs ----------------------------------------------------------------

    def _choose_store(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择评审存储文件夹"))
        if chosen:
            self._store_path = Path(chosen)
            self._show_store_path()
            if not _is_store(self._store_path):
                _show_error(self.unlock_error, self.tr("该文件夹不是评审存储。"))

    def _choose_new_folder(self) -> None:
        chosen = QFileDialog.getExistingDirectory(self, self.tr("选择一个新的空文件夹"))
        if chosen:
            self.folder.setText(chosen)

    def _choose_package(self) -> None:
        chosen, _filter = QFileDialog.getOpenFileName(
            self, self.tr("选择任务包"), "", self.tr("评审任务包 (*.qbrpkg);;所有文件 (*)")
        )
        if chosen:
            self.package.setText(chosen)


@contextlib.contextmanager
def _busy() -> Iterator[None]:
    """A wait cursor around a slow step (key derivation, package import)."""
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        yield
    finally:
        QGuiApplication.restoreOverrideCursor()
