"""Dossiers (申报材料) and their documents."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum


class DocumentKind(StrEnum):
    """What a document is within a dossier."""

    APPLICATION = "application"  # 申报书 / 申报信息表
    SUMMARY = "summary"  # 典型经验材料
    EVIDENCE = "evidence"  # 证明材料
    OTHER = "other"

    @property
    def label(self) -> str:
        return {
            "application": "申报书",
            "summary": "典型经验材料",
            "evidence": "证明材料",
            "other": "其他",
        }[self.value]


@dataclass(frozen=True)
class Dossier:
    """One enterprise's submission (申报材料) as listed in the 汇总表."""

    id: str
    seq: int
    enterprise: str
    uscc: str
    recommending_unit: str
    industry: str
    industry_code: str
    focus_area: str
    title: str
    profits: tuple[tuple[int, Decimal | None], ...]  # (year, profit in 万元)
    folder: str | None


@dataclass(frozen=True)
class Document:
    """A file of a dossier, as stored (the bytes live in the document store)."""

    id: str
    dossier_id: str
    kind: DocumentKind
    name: str
    size: int
    sha256: str
    detected_type: str
    pages: int | None
