"""Assembling a score sheet (评分表) from an expert's own store.

The sheet is made from the same records the scoring form edits, through the review
service, so what the expert saw is what gets signed. Private notes never enter it:
only scores, comments, the recommendation and conflict declarations do.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.scheme import Scheme
from app.scoring.citations import citations_in
from app.scoring.record import ReviewRecord, pair_subtotals, total
from app.scoring.service import ReviewService
from app.sheets.payload import GENESIS, ScoreSheet, SheetCitation, SheetEntry, sheet_id_for
from app.store import audit
from app.store.schema import SignedRevisionRow
from app.store.store import Store

SCORE_SHEET = "score_sheet"
"""``SignedRevisionRow.kind`` of score sheets."""

OWN = "own"
"""``SignedRevisionRow.state`` of the revisions this store's owner signed."""


def last_own_revision(
    session: Session, document_id: str, kind: str = SCORE_SHEET
) -> SignedRevisionRow | None:
    """The owner's newest signed revision of a document (a sheet by default), if any."""
    return session.scalars(
        select(SignedRevisionRow)
        .where(
            SignedRevisionRow.kind == kind,
            SignedRevisionRow.document_id == document_id,
            SignedRevisionRow.state == OWN,
        )
        .order_by(SignedRevisionRow.revision.desc())
        .limit(1)
    ).one_or_none()


def revision_row(
    sheet: ScoreSheet, *, state: str, file_sha256: str, payload: str
) -> SignedRevisionRow:
    """The row that keeps one signed revision of a sheet, own or received."""
    return SignedRevisionRow(
        kind=SCORE_SHEET,
        document_id=sheet.sheet_id,
        signer_id=sheet.expert_id,
        round_id=sheet.round_id,
        stage=sheet.stage,
        group_id=sheet.group_id,
        revision=sheet.revision,
        prev_hash=sheet.prev_hash,
        content_hash=sheet.content_hash,
        file_sha256=file_sha256,
        payload=payload,
        state=state,
        created_at=datetime.now(UTC),
    )


def build_sheet(store: Store, *, draft: bool = False, now: datetime | None = None) -> ScoreSheet:
    """The owner's score sheet as it stands: the next revision, or revision 0 for a draft.

    Every dossier assigned to the owner appears, in 序号 order; a conflict (回避) is an
    entry that says so and nothing else.
    """
    service = ReviewService(store)
    owner, rnd = service.owner(), service.round()
    if owner.group_id is None:
        raise InputRefused(
            Text(
                "只有专业组的评审专家和组长提交评分表；此存储的主人不属于任何专业组。",
                "Score sheets are submitted by the members and leaders of a specialty "
                "group; this store's owner belongs to none.",
            )
        )
    sheet_id = sheet_id_for(rnd.id, rnd.stage.value, owner.id)
    entries = tuple(
        entry_for(
            summary.seq, summary.enterprise, summary.title, service.record(summary.id), rnd.scheme
        )
        for summary in service.dossiers()
    )
    if not entries:
        raise InputRefused(
            Text(
                "您的评审任务中没有申报材料，没有可导出的评分表。",
                "Your assignment holds no dossiers, so there is no score sheet to export.",
            )
        )
    with store.session() as session:
        last = last_own_revision(session, sheet_id)
        head = audit.head(session)
    moment = (now or datetime.now(UTC)).astimezone(UTC)
    return ScoreSheet(
        sheet_id=sheet_id,
        revision=0 if draft else (last.revision + 1 if last else 1),
        prev_hash=last.content_hash if last else GENESIS,
        round_id=rnd.id,
        round_name=rnd.name,
        year=rnd.year,
        stage=rnd.stage.value,
        group_id=owner.group_id,
        group_name=service.group_name() or "",
        expert_id=owner.id,
        expert_name=owner.name,
        organisation=owner.organisation,
        scheme=rnd.scheme.to_dict(),
        exported_at=moment.isoformat(timespec="seconds"),
        audit_head=head,
        entries=entries,
        draft=draft,
    )


def entry_for(
    seq: int, enterprise: str, title: str, record: ReviewRecord, scheme: Scheme
) -> SheetEntry:
    """One dossier's line on the sheet, with the subtotals and total worked out."""
    if record.conflict:
        return SheetEntry(record.dossier_id, seq, enterprise, title, conflict=True)
    scored = bool(record.scores)
    comments = [record.pair_comments.get(p.key, "") for p in scheme.pairs]
    comments.append(record.overall_comment)
    cited: list[SheetCitation] = []
    for text in comments:
        for found in citations_in(text):
            citation = SheetCitation(found.document_name, found.page, found.quote)
            if citation not in cited:
                cited.append(citation)
    return SheetEntry(
        dossier_id=record.dossier_id,
        seq=seq,
        enterprise=enterprise,
        title=title,
        conflict=False,
        scores=dict(record.scores),
        subtotals=pair_subtotals(record, scheme) if scored else {},
        total=total(record, scheme) if scored else None,
        recommendation=record.recommendation,
        overall_comment=record.overall_comment,
        pair_comments=dict(record.pair_comments),
        citations=tuple(cited),
    )


def same_content(a: ScoreSheet, b: ScoreSheet) -> bool:
    """Whether two sheets say the same thing, apart from when and as which revision."""
    return (
        a.entries == b.entries
        and a.group_id == b.group_id
        and a.group_name == b.group_name
        and a.expert_name == b.expert_name
        and a.organisation == b.organisation
        and a.round_name == b.round_name
        and dict(a.scheme) == dict(b.scheme)
    )


__all__ = ["OWN", "SCORE_SHEET", "build_sheet", "entry_for", "last_own_revision", "same_content"]
