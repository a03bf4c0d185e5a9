"""Evidence citations (引用) inside comments.

A citation names the document and page, and quotes the cited text:
``〔申报书.pdf 第3页：“……”〕``. It is plain text on purpose — it travels into the score
sheet as written and reads the same on paper — and it can be found again in any
comment, so the form opens the cited page on a click and the sheet lists what each
comment cites.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CITATION = re.compile(r"〔(?P<name>[^〔〕]+?) 第(?P<page>\d+)页(?:：“(?P<quote>[^〕]*)”)?〕")
QUOTE_LIMIT = 120


@dataclass(frozen=True)
class Citation:
    """One cited page, where it sits in its comment, and the quoted text if any."""

    document_name: str
    page: int
    quote: str
    start: int
    end: int


def citation_text(document_name: str, page: int, quote: str = "") -> str:
    """The citation of ``page`` (1-based) of a document, quoting ``quote`` if given."""
    quote = " ".join(quote.split())
    if len(quote) > QUOTE_LIMIT:
        quote = quote[: QUOTE_LIMIT - 1] + "…"
    quote = quote.replace("〔", "[").replace("〕", "]")
    return (
        f"〔{document_name} 第{page}页：“{quote}”〕" if quote else f"〔{document_name} 第{page}页〕"
    )


def citations_in(text: str) -> list[Citation]:
    """Every citation in a comment, in order."""
    return [
        Citation(m.group("name"), int(m.group("page")), m.group("quote") or "", m.start(), m.end())
        for m in CITATION.finditer(text)
    ]


def citation_at(text: str, position: int) -> tuple[str, int] | None:
    """The document name and page of the citation around ``position`` in ``text``."""
    for found in citations_in(text):
        if found.start <= position <= found.end:
            return found.document_name, found.page
    return None
