"""The interface preferences kept in ``QSettings``: one typed table of keys with defaults.

Only how the interface looks and behaves lives here (window geometry, splitter sizes,
language, idle-lock minutes, the last store folder) — never anything from inside the
store: no names of enterprises, no scores, no passphrases.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from app.errors import Lang

ORGANISATION = "qbr-workstation"
APPLICATION = "workstation"
DEFAULT_IDLE_MINUTES = 10
IDLE_MINUTES_RANGE = (1, 240)


class Preferences:
    """Typed access to the interface preferences; tests hand in a settings file of their own."""

    GEOMETRY = "window/geometry"
    SPLITTER = "window/splitter"
    LANGUAGE = "ui/language"
    IDLE_MINUTES = "lock/idle_minutes"
    LAST_STORE = "store/last_path"

    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @classmethod
    def for_user(cls) -> Preferences:
        """The signed-in user's own preferences (the platform's usual place)."""
        return cls(QSettings(ORGANISATION, APPLICATION))

    def _bytes(self, key: str) -> QByteArray | None:
        value = self._settings.value(key)
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def geometry(self) -> QByteArray | None:
        """The main window's saved geometry, if any."""
        return self._bytes(self.GEOMETRY)

    def set_geometry(self, value: QByteArray) -> None:
        """Remember the main window's geometry."""
        self._settings.setValue(self.GEOMETRY, value)

    def splitter(self) -> QByteArray | None:
        """The saved sizes of the list / documents / form splitter, if any."""
        return self._bytes(self.SPLITTER)

    def set_splitter(self, value: QByteArray) -> None:
        """Remember the splitter sizes."""
        self._settings.setValue(self.SPLITTER, value)

    def language(self) -> Lang | None:
        """The language chosen last in the interface (``None``: never chosen)."""
        value = self._settings.value(self.LANGUAGE)
        if value == "en":
            return "en"
        return "zh" if value == "zh" else None

    def set_language(self, lang: Lang) -> None:
        """Remember the interface language for the next start."""
        self._settings.setValue(self.LANGUAGE, lang)

    def idle_minutes(self) -> int:
        """Minutes without input before the workstation locks itself (default 10)."""
        try:
            minutes = int(str(self._settings.value(self.IDLE_MINUTES, DEFAULT_IDLE_MINUTES)))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        low, high = IDLE_MINUTES_RANGE
        return minutes if low <= minutes <= high else DEFAULT_IDLE_MINUTES

    def set_idle_minutes(self, minutes: int) -> None:
        """Remember the idle-lock time."""
        self._settings.setValue(self.IDLE_MINUTES, minutes)

    def last_store(self) -> Path | None:
        """The store folder opened last (only its path)."""
        value = self._settings.value(self.LAST_STORE)
        return Path(value) if isinstance(value, str) and value else None

    def set_last_store(self, path: Path) -> None:
        """Remember which store folder to offer next time."""
        self._settings.setValue(self.LAST_STORE, str(path))

    def sync(self) -> None:
        """Write pending changes to disk now."""
        self._settings.sync()
