"""Cold start: process start → the unlock dialog on screen, through ``qbr gui`` itself.

Run as its own process by ``bench.run``. The only instrument is a hook on the unlock
dialog's show event (installed before ``qbr``'s entry point runs): it reports the
modules loaded by then and quits, so the figure covers interpreter start, imports, Qt,
the bundled font, the translations and the dialog, exactly as a user gets them.
"""

from __future__ import annotations

import json
import os
import sys
import time

HEAVY = ("fitz", "pymupdf", "pyhanko", "reportlab", "sqlalchemy", "openpyxl", "docx", "alembic")


def main() -> None:
    store = sys.argv[1]
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from app.ui import unlock_dialog

    original = unlock_dialog.UnlockDialog.showEvent

    def shown(self: unlock_dialog.UnlockDialog, event: object) -> None:
        original(self, event)  # type: ignore[arg-type]
        report = {
            "shown_ns": time.time_ns(),
            "heavy_loaded": sorted(m for m in HEAVY if m in sys.modules),
            "modules": len(sys.modules),
        }
        print(json.dumps(report), flush=True)
        QTimer.singleShot(0, QApplication.quit)

    unlock_dialog.UnlockDialog.showEvent = shown  # type: ignore[method-assign]
    from app.cli.main import main as qbr

    os._exit(qbr(["gui", store]))


if __name__ == "__main__":
    main()
