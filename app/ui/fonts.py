"""The bundled CJK font, registered at start-up so every machine shows the same glyphs.

Experts' laptops range from fresh Windows installs to Linux machines without any Chinese
font; bundling WenQuanYi Micro Hei (see :mod:`app.resources`) keeps the interface and the
exported PDFs identical everywhere.
"""

from __future__ import annotations

import logging

from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication

from app.resources import CJK_FONT, CJK_FONT_FACE

log = logging.getLogger(__name__)

_INSTALLED = "qbr_bundled_font"  # dynamic property on the application: the family installed


def install_bundled_font(app: QGuiApplication) -> str:
    """Register the bundled font and make it the application font; returns its family.

    Calling it again returns the family registered the first time (the 5 MB collection
    is loaded once per application). When the file is missing or unreadable the system
    font stays and its family is returned, so the app still starts.
    """
    installed = app.property(_INSTALLED)
    if isinstance(installed, str) and installed:
        return installed
    font_id = QFontDatabase.addApplicationFont(str(CJK_FONT))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("the bundled font %s could not be loaded", CJK_FONT)
        return app.font().family()
    family = families[CJK_FONT_FACE] if len(families) > CJK_FONT_FACE else families[0]
    font = QFont(app.font())
    font.setFamilies([family])
    app.setFont(font)
    app.setProperty(_INSTALLED, family)
    return family
