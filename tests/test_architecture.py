"""The core is Qt-free: only app/ui may import PySide6, and importing the core loads no Qt."""

from __future__ import annotations

import ast
import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import app

ROOT = Path(__file__).resolve().parents[1]


def _core_modules() -> list[str]:
    return [
        m.name
        for m in pkgutil.walk_packages(app.__path__, "app.")
        if not m.name.startswith(("app.ui", "app.__main__", "app.store.migrations"))
    ]


def test_no_qt_import_outside_ui() -> None:
    offenders = []
    for path in (ROOT / "app").rglob("*.py"):
        if "ui" in path.relative_to(ROOT / "app").parts[:1]:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            if any(n.split(".")[0] in {"PySide6", "shiboken6"} for n in names):
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_importing_every_core_module_loads_no_qt() -> None:
    modules = _core_modules()
    assert len(modules) > 30
    code = (
        "import importlib, sys\n"
        f"for m in {modules!r}: importlib.import_module(m)\n"
        "print(sorted(n for n in sys.modules if n.startswith(('PySide6', 'shiboken6'))))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip() == "[]"


# What the unlock dialog must not wait for: each of these costs 0.2–1 s to import, and the
# dialog is on screen in a fraction of that when none is loaded (bench: cold_start_ms).
HEAVY_LIBRARIES = ("fitz", "pymupdf", "pyhanko", "reportlab", "sqlalchemy", "openpyxl", "docx")


def test_the_way_to_the_unlock_dialog_imports_no_heavy_library() -> None:
    code = (
        "import sys\n"
        "import app.cli.main, app.ui.application, app.ui.unlock_dialog\n"
        f"print(sorted(m for m in {HEAVY_LIBRARIES!r} if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
    )
    assert out.stdout.strip() == "[]"
