"""Languages of the interface: Qt translators, the current language, and the .ts/.qm build.

Chinese is the source language (every ``tr("…")`` literal is Chinese); English comes from
``resources/translations/qbr_en.ts`` compiled to ``qbr_en.qm`` by ``compile_translations``
(run by ``./dev``). The current language is mirrored in ``QLocale``'s default so that any
widget can render the core's bilingual :class:`~app.errors.Text` without a global object.

``python -m app.ui.i18n --update`` refreshes the .ts from the sources (lupdate);
``python -m app.ui.i18n --compile`` builds the .qm files (lrelease).
"""

from __future__ import annotations

import argparse
import logging
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QObject, QTranslator, Signal

from app.errors import Lang, Text
from app.resources import RESOURCES

log = logging.getLogger(__name__)

TRANSLATIONS = RESOURCES / "translations"
TS_FILES: dict[Lang, Path] = {"en": TRANSLATIONS / "qbr_en.ts"}
UI_SOURCES = Path(__file__).resolve().parent
LANGUAGES: tuple[Lang, ...] = ("zh", "en")


def current_lang() -> Lang:
    """The interface language now in force (follows :meth:`LanguageSwitcher.set_language`)."""
    return "en" if QLocale().language() == QLocale.Language.English else "zh"


def render(text: Text) -> str:
    """A core message in the interface language."""
    return text.render(current_lang())


def qm_path(lang: Lang) -> Path:
    """Where the compiled catalogue of ``lang`` lives (build output, not committed)."""
    return TRANSLATIONS / f"qbr_{lang}.qm"


class LanguageSwitcher(QObject):
    """Installs the translators of one language and swaps them at run time.

    Installing a translator sends every widget a ``LanguageChange`` event, on which each
    re-applies its texts; ``language_changed`` tells the owners of anything else.
    """

    language_changed = Signal(str)

    def __init__(self, app: QCoreApplication) -> None:
        super().__init__(app)
        self._app = app
        self._installed: list[QTranslator] = []
        self._lang: Lang = "zh"

    @property
    def lang(self) -> Lang:
        """The language installed last."""
        return self._lang

    def set_language(self, lang: Lang) -> None:
        """Switch the whole interface to ``lang`` (missing catalogues fall back to Chinese)."""
        for translator in self._installed:
            self._app.removeTranslator(translator)
        self._installed = []
        self._lang = lang
        QLocale.setDefault(QLocale("en_US" if lang == "en" else "zh_CN"))
        qt_catalogues = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
        if lang == "zh":
            self._install("qtbase_zh_CN", qt_catalogues)
        else:
            self._install(qm_path(lang).stem, str(TRANSLATIONS))
        self.language_changed.emit(lang)

    def _install(self, name: str, folder: str) -> None:
        translator = QTranslator(self)
        if translator.load(name, folder):
            self._app.installTranslator(translator)
            self._installed.append(translator)
        else:
            log.warning("no translation catalogue %s in %s", name, folder)


def _qt_tool(name: str) -> list[str]:
    """The command running Qt's ``lrelease``/``lupdate`` shipped inside PySide6."""
    import PySide6

    bundled = Path(PySide6.__file__).resolve().parent / name
    if bundled.exists():
        return [str(bundled)]
    wrapper = shutil.which(f"pyside6-{name}") or str(
        Path(sys.executable).parent / f"pyside6-{name}"
    )
    if Path(wrapper).exists():
        return [wrapper]
    raise FileNotFoundError(f"Qt's {name} was not found in the PySide6 installation")


def compile_translations() -> list[Path]:
    """Build every ``.qm`` from its ``.ts`` (lrelease); returns the files written."""
    written = []
    for lang, ts in TS_FILES.items():
        target = qm_path(lang)
        subprocess.run(
            [*_qt_tool("lrelease"), "-silent", str(ts), "-qm", str(target)],
            check=True,
        )
        written.append(target)
    return written


def update_translations() -> list[Path]:
    """Refresh every ``.ts`` from the ``tr()`` calls under app/ui (lupdate)."""
    sources = sorted(str(p) for p in UI_SOURCES.rglob("*.py"))
    for ts in TS_FILES.values():
        subprocess.run(
            [
                *_qt_tool("lupdate"),
                "-no-obsolete",
                "-locations",
                "none",
                "-source-language",
                "zh_CN",
                "-target-language",
                "en",
                *sources,
                "-ts",
                str(ts),
            ],
            check=True,
        )
    return list(TS_FILES.values())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m app.ui.i18n --update | --compile``."""
    parser = argparse.ArgumentParser(prog="python -m app.ui.i18n", description=__doc__)
    parser.add_argument("--update", action="store_true", help="refresh the .ts files (lupdate)")
    parser.add_argument("--compile", action="store_true", help="build the .qm files (lrelease)")
    args = parser.parse_args(argv)
    if not (args.update or args.compile):
        parser.error("say --update, --compile or both")
    if args.update:
        for path in update_translations():
            print(f"updated {path}")
    if args.compile:
        for path in compile_translations():
            print(f"compiled {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
