"""Which kind of document a file is, from its name (as submitters name them)."""

from __future__ import annotations

import unicodedata

from app.models.dossier import DocumentKind

_KEYWORDS: tuple[tuple[DocumentKind, tuple[str, ...]], ...] = (
    (DocumentKind.APPLICATION, ("申报书", "申报信息表", "申报表")),
    (DocumentKind.SUMMARY, ("典型经验", "经验材料", "经验总结")),
    (DocumentKind.EVIDENCE, ("证明", "证书", "附件", "佐证", "报告", "获奖")),
)


def document_kind(name: str) -> DocumentKind:
    """Classify by keywords in the file name (the path's last part)."""
    base = unicodedata.normalize("NFKC", name.rsplit("/", 1)[-1])
    for kind, words in _KEYWORDS:
        if any(w in base for w in words):
            return kind
    return DocumentKind.OTHER
