"""The document side of the expert's main window: PDF, Word and image viewing in tabs.

Pages are rendered by the document worker process through :class:`PageRenderer` (a
hostile PDF must not take the app down, and PyMuPDF is not thread-safe); the widgets here
only lay out, paint and ask. :class:`DocumentTabs` is the public face, :class:`CompareView`
shows two dossiers side by side.
"""

from app.ui.documents.compare import CompareView
from app.ui.documents.document_tabs import DocumentTabs
from app.ui.documents.renderer import PageRenderer

__all__ = ["CompareView", "DocumentTabs", "PageRenderer"]
