"""What the end-to-end test checks the product against, written without the product's code.

Two things a reader of a signed file can redo on their own:

* the arithmetic of SPEC §5 — each member's total, the group score (mean of the
  non-conflicted totals, one highest and one lowest dropped from five scorers on, two
  decimals half-up), the spread, the disagreement flags, the rank (group score, then the
  显效性和发展性 subtotal averaged the same way, then the median total; equal on all three
  share a rank) and the top K with ties at K all in;
* the signature, with pyHanko's own validator trusting the round CA and nothing else, and
  the embedded JSON, read with PyMuPDF.

Nothing here imports ``app``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

import pymupdf
from asn1crypto import pem
from asn1crypto import x509 as asn1_x509
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext

# The default scheme (resources/schemes/default.toml), copied by hand on purpose.
POINTS = {
    "science": Decimal(15),
    "innovation": Decimal(15),
    "system": Decimal(15),
    "demonstration": Decimal(15),
    "effect": Decimal(25),
    "development": Decimal(15),
}
ASPECTS = tuple(POINTS)
TIE_BREAK_ASPECTS = ("effect", "development")  # 显效性和发展性
TRIM_AT = 5  # 去掉一个最高分和一个最低分 from five scorers on
TOTAL_SPREAD = Decimal(15)
ASPECT_SPREAD_SHARE = Decimal("0.5")
CENT = Decimal("0.01")

Scores = Mapping[str, Decimal]


def total(scores: Scores) -> Decimal:
    """A member's total: the six aspect scores added up."""
    assert set(scores) == set(ASPECTS), scores
    return sum((scores[a] for a in ASPECTS), Decimal(0))


def tie_break_subtotal(scores: Scores) -> Decimal:
    return sum((scores[a] for a in TIE_BREAK_ASPECTS), Decimal(0))


def rule_mean(values: Sequence[Decimal]) -> Decimal:
    """The round's mean: trimmed from five values on, rounded to cents half-up."""
    ordered = sorted(values)
    if len(ordered) >= TRIM_AT:
        ordered = ordered[1:-1]
    return (sum(ordered, Decimal(0)) / len(ordered)).quantize(CENT, rounding=ROUND_HALF_UP)


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


@dataclass(frozen=True)
class Figures:
    """One dossier's group figures as the test computes them."""

    seq: int
    totals: Mapping[str, Decimal]  # member → total, conflicted members left out
    group_score: Decimal
    tie_break: Decimal
    median: Decimal
    spread: Decimal
    flagged: bool
    rank: int = 0
    computed: bool = False
    boundary_tie: bool = False


def consolidate(sheets: Mapping[str, Mapping[int, Scores | None]], k: int) -> dict[int, Figures]:
    """Every dossier's figures from each member's scores (``None``: the member's conflict)."""
    seqs = sorted({seq for by_seq in sheets.values() for seq in by_seq})
    figures: dict[int, Figures] = {}
    for seq in seqs:
        scored = {m: s for m, by_seq in sheets.items() if (s := by_seq.get(seq)) is not None}
        totals = {m: total(s) for m, s in scored.items()}
        values = list(totals.values())
        spread = max(values) - min(values)
        aspect_spread = any(
            max(s[a] for s in scored.values()) - min(s[a] for s in scored.values())
            > POINTS[a] * ASPECT_SPREAD_SHARE
            for a in ASPECTS
        )
        figures[seq] = Figures(
            seq=seq,
            totals=totals,
            group_score=rule_mean(values),
            tie_break=rule_mean([tie_break_subtotal(s) for s in scored.values()]),
            median=median(values),
            spread=spread,
            flagged=spread > TOTAL_SPREAD or aspect_spread,
        )
    return _ranked(figures, k)


def _ranked(figures: dict[int, Figures], k: int) -> dict[int, Figures]:
    """Competition ranks (1, 2, 2, 4) and the top K, every dossier tied at K taken in."""

    def key(f: Figures) -> tuple[Decimal, Decimal, Decimal]:
        return (f.group_score, f.tie_break, f.median)

    ranks = {
        seq: 1 + sum(1 for other in figures.values() if key(other) > key(f))
        for seq, f in figures.items()
    }
    chosen = {seq for seq, r in ranks.items() if r <= k}
    last = max(ranks[seq] for seq in chosen)
    tied = {seq for seq in chosen if ranks[seq] == last} if len(chosen) > k else set()
    return {
        seq: replace(f, rank=ranks[seq], computed=seq in chosen, boundary_tie=seq in tied)
        for seq, f in figures.items()
    }


def in_list_order(figures: Mapping[int, Figures], on_list: set[int]) -> list[int]:
    """A group's dossiers on the list, in rank order (序号 among equals)."""
    return [seq for seq in sorted(figures, key=lambda s: (figures[s].rank, s)) if seq in on_list]


def plain(value: Decimal) -> str:
    """A member's figure as a signed file writes it: no trailing zeros."""
    return format(value.normalize(), "f")


# -- signatures and embedded data ---------------------------------------------------------


def trust_only(ca_pem: bytes) -> ValidationContext:
    """A validation context whose only trust root is the round CA; nothing fetched."""
    _kind, _headers, der = pem.unarmor(ca_pem)
    return ValidationContext(trust_roots=[asn1_x509.Certificate.load(der)], allow_fetching=False)


@dataclass(frozen=True)
class Signed:
    """What pyHanko says about a signed file, and who signed it."""

    intact: bool
    valid: bool
    trusted: bool
    entire_file: bool
    signer: str  # the certificate subject's common name
    signer_id: str  # its user id (the person's id in the round)


def validate(data: bytes, ca_pem: bytes) -> Signed:
    """pyHanko's own validation of the one signature in ``data``."""
    signatures = PdfFileReader(io.BytesIO(data)).embedded_signatures
    assert len(signatures) == 1, f"{len(signatures)} signatures"
    status = validate_pdf_signature(signatures[0], trust_only(ca_pem))
    subject = status.signing_cert.subject.native
    return Signed(
        intact=status.intact,
        valid=status.valid,
        trusted=status.trusted,
        entire_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=str(subject["common_name"]),
        signer_id=str(subject.get("user_id", "")),
    )


def embedded_json(data: bytes, name: str) -> Any:
    """The named embedded file of a PDF, parsed as JSON (read with PyMuPDF)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert name in doc.embfile_names(), doc.embfile_names()
        return json.loads(doc.embfile_get(name))


def pdf_text(data: bytes) -> str:
    """All the text of a PDF, whitespace removed (CJK lines wrap anywhere)."""
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        return "".join("".join(page.get_text().split()) for page in doc)
