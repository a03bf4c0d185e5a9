"""The README's screenshots, taken by the app itself: ``./dev screenshots [FOLDER]``.

Builds the demo round in a scratch folder, takes each role through its step with the
real windows on the offscreen platform, and saves what each shows, plus the first page
of each signed file that travels between people. Run it after changing a screen; the
pictures in ``docs/screenshots/`` are its output.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from app.demo.round import PERSONAL_PASSPHRASE, DemoRound, build_demo_round
from app.store.keyring import cheap_kdf_params
from app.store.store import Store
from app.ui.application import make_session
from app.ui.documents import DocumentTabs
from app.ui.documents.renderer import PageRenderer
from app.ui.fonts import install_bundled_font
from app.ui.i18n import LanguageSwitcher, compile_translations
from app.ui.main_window import MainWindow
from app.ui.preferences import Preferences

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
SIZE = (1440, 900)


def settle(milliseconds: int = 600) -> None:
    """Let queued rendering and layout finish, as a person waits before looking."""
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def save(widget: QWidget, target: Path) -> Path:
    widget.grab().save(str(target))
    print(target, file=sys.stderr)
    return target


def pdf_page(pdf: Path, target: Path, page: int = 0, zoom: float = 1.4) -> Path:
    """The page of a signed file as an image (what the person receiving it reads)."""
    import pymupdf

    mupdf: Any = pymupdf  # PyMuPDF ships without type information
    with mupdf.open(pdf) as document:
        index = page if page >= 0 else document.page_count + page
        document[index].get_pixmap(matrix=mupdf.Matrix(zoom, zoom)).save(str(target))
    print(target, file=sys.stderr)
    return target


class Shooter:
    """Opens main windows over the demo's stores and keeps what must be closed."""

    def __init__(self, app: QApplication, scratch: Path) -> None:
        self.app = app
        self.languages = LanguageSwitcher(app)
        self.languages.set_language("zh")
        self.preferences = Preferences(
            QSettings(str(scratch / "preferences.ini"), QSettings.Format.IniFormat)
        )
        self._open: list[tuple[MainWindow, PageRenderer]] = []

    def main_window(self, store_path: Path) -> MainWindow:
        renderer = PageRenderer()
        window = MainWindow(DocumentTabs(renderer), self.preferences, self.languages)
        window.resize(*SIZE)
        window.open_session(make_session(Store.open(store_path, PERSONAL_PASSPHRASE)))
        window.show()
        self._open.append((window, renderer))
        settle()
        return window

    def close(self) -> None:
        for window, renderer in self._open:
            window.close_session()
            window.close()
            renderer.shutdown()


def expert(shooter: Shooter, demo: DemoRound, out: Path) -> None:
    """张伟 reading a dossier beside the scoring form, his scores in."""
    from app.demo.scoring import score_all

    with Store.open(demo.stores["expert"], PERSONAL_PASSPHRASE) as store:
        score_all(store, "张伟")
    window = shooter.main_window(demo.stores["expert"])
    settle(8000)  # the document worker starts and renders the first page
    save(window, out / "expert-main-window.png")


def leader(shooter: Shooter, demo: DemoRound, out: Path) -> None:
    """李明华 exports his sheet, takes in the members' sheets and looks at the group."""
    from app.sheets.export import export_sheet
    from app.sheets.ledger import import_sheets

    with Store.open(demo.stores["leader"], PERSONAL_PASSPHRASE) as store:
        export_sheet(store, demo.root / "评分表-李明华.pdf")
        import_sheets(store, [demo.sheets])
    window = shooter.main_window(demo.stores["leader"])
    window.menus.group_review.trigger()
    group = window.group.window
    assert group is not None
    group.resize(*SIZE)
    settle()
    save(group, out / "leader-group-summary.png")
    group.tabs.setCurrentIndex(1)
    settle()
    save(group, out / "leader-group-verification.png")


def chair(shooter: Shooter, demo: DemoRound, out: Path) -> None:
    """王建国 takes in both groups' reports and compares the groups."""
    from app.chair.export import export_shortlist
    from app.chair.ledger import import_reports

    with Store.open(demo.stores["chair"], PERSONAL_PASSPHRASE) as store:
        misplaced = next(p for p in sorted(demo.sheets.glob("*.pdf")) if "被改动" not in p.name)
        import_reports(store, [demo.reports, misplaced])  # a sheet sent to the chair by mistake
        export_shortlist(store, demo.root / "入围答辩名单.pdf")
    window = shooter.main_window(demo.stores["chair"])
    window.menus.chair_review.trigger()
    review = window.chair.window
    assert review is not None
    review.resize(*SIZE)
    settle()
    for index, name in enumerate(review.tab_names()):
        review.tabs.setCurrentIndex(index)
        settle()
        save(review, out / f"chair-{name}.png")


def printed(demo: DemoRound, out: Path) -> None:
    """The first page of each signed file that travels: sheet, report, list."""
    sheet = next(p for p in sorted(demo.sheets.glob("*.pdf")) if "被改动" not in p.name)
    pdf_page(sheet, out / "file-score-sheet.png")
    report = sorted(demo.reports.glob("*.pdf"))[0]
    pdf_page(report, out / "file-group-report.png")
    pdf_page(demo.root / "入围答辩名单.pdf", out / "file-shortlist.png")


STEPS: tuple[Callable[[Shooter, DemoRound, Path], None], ...] = (expert, leader, chair)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    out = Path(args[0]) if args else DEFAULT_FOLDER
    out.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication(["qbr-screenshots"])
    assert isinstance(app, QApplication)
    install_bundled_font(app)
    compile_translations()
    with tempfile.TemporaryDirectory(prefix="qbr-shots-") as scratch:
        demo = build_demo_round(Path(scratch) / "demo", kdf=cheap_kdf_params())
        shooter = Shooter(app, Path(scratch))
        try:
            for step in STEPS:
                step(shooter, demo, out)
            printed(demo, out)
        finally:
            shooter.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
