"""The main window's menus, actions and keyboard shortcuts.

Kept apart from the window so the list of what the expert can do — and which key does
it — reads in one place: lock (Ctrl+L), export the score sheet (Ctrl+E), find (Ctrl+F), search all (Ctrl+Shift+F),
next/previous dossier (Ctrl+PgDown/PgUp, Alt+Down/Up), score fields (Ctrl+1…6),
undo/redo (Ctrl+Z, Ctrl+Shift+Z), a group leader's consolidation (Ctrl+H, 合议; Ctrl+G
is find-next in documents), the chair's review (Ctrl+Shift+H) and the interface language.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QActionGroup, QKeySequence, QUndoStack
from PySide6.QtWidgets import QInputDialog, QMainWindow, QMenu, QMessageBox

from app.models.scheme import Scheme
from app.ui.i18n import current_lang
from app.ui.preferences import IDLE_MINUTES_RANGE

ASPECT_SHORTCUTS = 6


class MainMenus(QObject):
    """Builds the menu bar of ``window`` and exposes its actions for the window to wire."""

    aspect_chosen = Signal(int)
    language_chosen = Signal(str)
    idle_minutes_chosen = Signal(int)

    def __init__(self, window: QMainWindow, idle_minutes: int) -> None:
        super().__init__(window)
        self._window = window
        self._idle_minutes = idle_minutes
        self._undo_stack: QUndoStack | None = None
        bar = window.menuBar()
        self.file_menu = bar.addMenu("")
        self.edit_menu = bar.addMenu("")
        self.review_menu = bar.addMenu("")
        self.settings_menu = bar.addMenu("")
        self.help_menu = bar.addMenu("")
        self.import_package = self._action(self.file_menu)
        self.file_menu.addSeparator()
        self.export_sheet = self._action(self.file_menu, "Ctrl+E")
        self.export_draft = self._action(self.file_menu)
        self.file_menu.addSeparator()
        self.export_form = self._action(self.file_menu)
        self.import_form = self._action(self.file_menu)
        self.file_menu.addSeparator()
        self.lock = self._action(self.file_menu, "Ctrl+L")
        self.file_menu.addSeparator()
        self.quit = self._action(self.file_menu, QKeySequence.StandardKey.Quit)
        self.undo = self._action(self.edit_menu, "Ctrl+Z")
        self.redo = self._action(self.edit_menu, "Ctrl+Shift+Z", "Ctrl+Y")
        self.undo.triggered.connect(self._undo)
        self.redo.triggered.connect(self._redo)
        self.edit_menu.addSeparator()
        self.find = self._action(self.edit_menu, "Ctrl+F")
        self.search_all = self._action(self.edit_menu, "Ctrl+Shift+F")
        self.next_dossier = self._action(self.review_menu, "Ctrl+PgDown", "Alt+Down")
        self.previous_dossier = self._action(self.review_menu, "Ctrl+PgUp", "Alt+Up")
        self.compare = self._action(self.review_menu)
        self.group_review = self._action(self.review_menu, "Ctrl+H")
        self.chair_review = self._action(self.review_menu, "Ctrl+Shift+H")
        self.review_menu.addSeparator()
        self.aspects_menu = self.review_menu.addMenu("")
        self.aspect_actions = []
        for number in range(ASPECT_SHORTCUTS):
            action = self._action(self.aspects_menu, f"Ctrl+{number + 1}")
            action.triggered.connect(lambda _checked=False, n=number: self.aspect_chosen.emit(n))
            self.aspect_actions.append(action)
        self.language_menu = self.settings_menu.addMenu("")
        self.languages = QActionGroup(self)
        self.chinese = QAction("中文", self, checkable=True)
        self.english = QAction("English", self, checkable=True)
        for action, lang in ((self.chinese, "zh"), (self.english, "en")):
            self.languages.addAction(action)
            self.language_menu.addAction(action)
            action.triggered.connect(
                lambda _checked=False, code=lang: self.language_chosen.emit(code)
            )
        self.idle_lock = self._action(self.settings_menu)
        self.idle_lock.triggered.connect(self._ask_idle_minutes)
        self.shortcuts = self._action(self.help_menu, "F1")
        self.shortcuts.triggered.connect(self._show_shortcuts)
        self.set_session_actions_enabled(False)
        self.show_group_review(False)
        self.show_chair_review(False)

    def _action(self, menu: QMenu, *keys: str | QKeySequence.StandardKey) -> QAction:
        action = QAction(self._window)
        if keys:
            action.setShortcuts([QKeySequence(k) for k in keys])
        menu.addAction(action)
        self._window.addAction(action)
        return action

    def retranslate(self, scheme: Scheme | None) -> None:
        """Apply the current language; name the score-field shortcuts after ``scheme``."""
        self.file_menu.setTitle(self.tr("文件(&F)"))
        self.edit_menu.setTitle(self.tr("编辑(&E)"))
        self.review_menu.setTitle(self.tr("评审(&R)"))
        self.settings_menu.setTitle(self.tr("设置(&S)"))
        self.help_menu.setTitle(self.tr("帮助(&H)"))
        self.import_package.setText(self.tr("导入任务包(&I)…"))
        self.export_sheet.setText(self.tr("导出评分表（签名）(&E)…"))
        self.export_draft.setText(self.tr("导出评分表草稿（不签名）(&D)…"))
        self.export_form.setText(self.tr("导出离线评分表（Excel）(&X)…"))
        self.import_form.setText(self.tr("导入离线评分表（Excel）(&M)…"))
        self.lock.setText(self.tr("锁定工作站(&L)"))
        self.quit.setText(self.tr("退出(&Q)"))
        self.undo.setText(self.tr("撤销(&U)"))
        self.redo.setText(self.tr("重做(&R)"))
        self.find.setText(self.tr("在当前文档中查找(&F)…"))
        self.search_all.setText(self.tr("搜索全部申报材料(&S)…"))
        self.next_dossier.setText(self.tr("下一份申报材料(&N)"))
        self.previous_dossier.setText(self.tr("上一份申报材料(&P)"))
        self.compare.setText(self.tr("与另一份申报材料对比(&C)…"))
        self.group_review.setText(self.tr("专家组合议(&G)…"))
        self.chair_review.setText(self.tr("主任委员审核(&A)…"))
        self.aspects_menu.setTitle(self.tr("跳到评分项(&J)"))
        aspects = scheme.aspects if scheme is not None else ()
        english = current_lang() == "en"
        for number, action in enumerate(self.aspect_actions):
            if number < len(aspects):
                aspect = aspects[number]
                action.setText(aspect.name_en if english else aspect.name)
                action.setVisible(True)
            else:
                action.setVisible(False)
        self.language_menu.setTitle(self.tr("界面语言(&L)"))
        self.idle_lock.setText(self.tr("自动锁定时间(&A)…"))
        self.shortcuts.setText(self.tr("键盘快捷键(&K)"))

    def check_language(self, lang: str) -> None:
        """Tick the language now in force."""
        (self.english if lang == "en" else self.chinese).setChecked(True)

    def set_session_actions_enabled(self, enabled: bool) -> None:
        """Actions that need an unlocked store are off while locked."""
        for action in (
            self.import_package,
            self.export_sheet,
            self.export_draft,
            self.export_form,
            self.import_form,
            self.lock,
            self.undo,
            self.redo,
            self.find,
            self.search_all,
            self.next_dossier,
            self.previous_dossier,
            self.compare,
            self.group_review,
            self.chair_review,
            *self.aspect_actions,
        ):
            action.setEnabled(enabled)

    def show_group_review(self, leader: bool) -> None:
        """专家组合议 is there (and its shortcut works) only on a group leader's store."""
        self.group_review.setVisible(leader)
        self.group_review.setEnabled(leader)

    def show_chair_review(self, chair: bool) -> None:
        """主任委员审核 is there (and its shortcut works) only on the chair's store."""
        self.chair_review.setVisible(chair)
        self.chair_review.setEnabled(chair)

    def attach_undo(self, stack: QUndoStack | None) -> None:
        """Undo and redo act on ``stack`` (the scoring form's)."""
        self._undo_stack = stack

    def _undo(self) -> None:
        if self._undo_stack is not None:
            self._undo_stack.undo()

    def _redo(self) -> None:
        if self._undo_stack is not None:
            self._undo_stack.redo()

    def _ask_idle_minutes(self) -> None:
        low, high = IDLE_MINUTES_RANGE
        minutes, ok = QInputDialog.getInt(
            self._window,
            self.tr("自动锁定"),
            self.tr("无操作多少分钟后自动锁定工作站："),
            self._idle_minutes,
            low,
            high,
        )
        if ok:
            self._idle_minutes = minutes
            self.idle_minutes_chosen.emit(minutes)

    def _show_shortcuts(self) -> None:
        QMessageBox.information(
            self._window,
            self.tr("键盘快捷键"),
            self.tr(
                "Ctrl+L\t锁定工作站\n"
                "Ctrl+E\t导出评分表（签名）\n"
                "Ctrl+H\t专家组合议（组长）\n"
                "Ctrl+Shift+H\t主任委员审核（主任委员）\n"
                "Ctrl+F\t在当前文档中查找\n"
                "Ctrl+Shift+F\t搜索全部申报材料\n"
                "Ctrl+PgDown / Alt+↓\t下一份申报材料\n"
                "Ctrl+PgUp / Alt+↑\t上一份申报材料\n"
                "Ctrl+1 … Ctrl+6\t跳到第 1–6 个评分项\n"
                "Ctrl+Z / Ctrl+Shift+Z\t撤销 / 重做\n"
                "↑ / ↓（在分数框中）\t按步长调整分数\n"
                "Tab\t下一个输入框"
            ),
        )
