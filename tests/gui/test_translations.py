"""Every interface string has an English translation, and the compiled catalogue works."""

from __future__ import annotations

import ast
import re
import xml.etree.ElementTree as ET
from pathlib import Path

from PySide6.QtCore import QTranslator

from app.ui.i18n import TS_FILES, UI_SOURCES, qm_path

PLACEHOLDER = re.compile(r"\{[a-z_]+\}|%\d")


def source_strings() -> set[tuple[str, str]]:
    """(file, text) of every literal passed to ``tr`` or ``translate`` under app/ui."""
    found: set[tuple[str, str]] = set()
    for path in UI_SOURCES.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
                continue
            position = {"tr": 0, "translate": 1}.get(node.func.attr)
            if position is None or len(node.args) <= position:
                continue
            argument = node.args[position]
            if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                found.add((path.name, argument.value))
    return found


def translations() -> dict[str, str]:
    """Source → English of every finished message in the .ts."""
    tree = ET.parse(TS_FILES["en"])
    out = {}
    for message in tree.getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        assert translation is not None
        if translation.get("type") not in ("unfinished", "obsolete", "vanished"):
            out[source] = translation.text or ""
    return out


def test_every_tr_string_has_an_english_translation() -> None:
    strings = source_strings()
    assert len(strings) > 100
    english = translations()
    untranslated = sorted((f, s) for f, s in strings if not english.get(s, "").strip())
    assert untranslated == []


def test_translations_keep_the_placeholders() -> None:
    for source, target in translations().items():
        assert sorted(PLACEHOLDER.findall(source)) == sorted(PLACEHOLDER.findall(target)), source


def test_the_compiled_catalogue_translates(compiled_translations: list[Path]) -> None:
    assert qm_path("en") in compiled_translations
    translator = QTranslator()
    assert translator.load(str(qm_path("en")))
    assert translator.translate("UnlockDialog", "解锁") == "Unlock"
    assert translator.translate("MainWindow", "已保存 {time}") == "Saved {time}"
