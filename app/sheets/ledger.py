"""The group leader's ledger of received score sheets (评分表台账).

Every file offered is verified against the leader's roster and gets a line in the
verification table with its verdict and reason, plus one audit entry. The ledger holds,
per member's sheet, each signed revision received:

- the same file again is a *duplicate*: nothing changes;
- a newer revision is *applied*, and the one applied before is *superseded*;
- an older revision than the one applied is *kept*, never applied (a replay or a
  late arrival cannot roll a member's scores back);
- the same revision number with other content is *conflicting* and refused.

A newer revision names the hash of the revision before it. When the ledger holds that
revision and the hashes differ, the member's history has forked (typically a store
restored from a backup and exported again). The newer revision is still applied, with a
note in the table: the signature proves the member signed it, the revision number
already stops rollbacks, and refusing would leave the leader without the member's
latest scores with nothing either of them could do about it. The note tells the leader
to ask. A missing predecessor is noted the same way.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.sheets.build import OWN, SCORE_SHEET, revision_row
from app.sheets.received import (
    APPLIED,
    CONFLICTING,
    DUPLICATE,
    KEPT,
    REJECTED,
    SUPERSEDED,
    ReceivedSheet,
    VerificationRow,
    applied_sheets,
    received_sheets,
    verification_table,
)
from app.sheets.roster import Roster, roster_of
from app.sheets.verify import SheetRejected, VerifiedSheet, verify_sheet
from app.store import audit
from app.store.schema import PersonRow, ReceivedFileRow, RoundRow, SignedRevisionRow
from app.store.store import Store

FILE_LIMIT = 64 << 20
"""Larger files are refused unread: a score sheet of a whole group is well under 1 MB."""


@dataclass(frozen=True)
class ImportResult:
    """The verdict on one offered file."""

    file: Path
    verdict: str  # applied | kept | duplicate | conflicting | rejected
    code: str
    reason: Text
    signer_id: str | None = None
    signer_name: str | None = None
    sheet_id: str | None = None
    revision: int | None = None

    @property
    def accepted(self) -> bool:
        return self.verdict in (APPLIED, KEPT, DUPLICATE)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "verdict": self.verdict,
            "code": self.code,
            "reason_zh": self.reason.zh,
            "reason_en": self.reason.en,
            "signer_id": self.signer_id,
            "signer_name": self.signer_name,
            "sheet_id": self.sheet_id,
            "revision": self.revision,
        }


def sheet_files(paths: Iterable[Path]) -> list[Path]:
    """The files to import: files as given, and each folder's PDF files by name."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() == ".pdf")
            if not found:
                raise InputRefused(
                    Text(
                        f"文件夹 {path} 中没有 PDF 文件。", f"The folder {path} holds no PDF files."
                    )
                )
            out += found
        elif path.is_file():
            out.append(path)
        else:
            raise InputRefused(
                Text(
                    f"找不到文件 {path}，未导入任何文件。",
                    f"No such file: {path}; nothing imported.",
                )
            )
    return out


def import_sheets(store: Store, files: Iterable[Path]) -> list[ImportResult]:
    """Verify and take in members' score sheets; refused outside a leader's store."""
    roster = roster_of(store)
    paths = sheet_files(files)
    with store.session() as session:
        ca = session.get(RoundRow, roster.round_id).ca_certificate  # type: ignore[union-attr]
        leader = session.get(PersonRow, roster.leader_id).name  # type: ignore[union-attr]
    return [_import_one(store, roster, ca, leader, path) for path in paths]


def _import_one(store: Store, roster: Roster, ca: bytes, leader: str, path: Path) -> ImportResult:
    try:
        if path.stat().st_size > FILE_LIMIT:
            with path.open("rb") as handle:
                digest = hashlib.file_digest(handle, "sha256").hexdigest()
            return _record(store, leader, path, digest, _too_large(path))
        data = path.read_bytes()
    except OSError as exc:  # the others in the batch still go through
        unreadable = Text(
            f"无法读取此文件（{exc.strerror or exc}），未导入。",
            f"The file cannot be read ({exc.strerror or exc}); not imported.",
        )
        return _record(
            store, leader, path, "", ImportResult(path, REJECTED, "unreadable", unreadable)
        )
    digest = hashlib.sha256(data).hexdigest()
    with store.session() as session:
        held = session.scalars(
            select(SignedRevisionRow).where(
                SignedRevisionRow.kind == SCORE_SHEET,
                SignedRevisionRow.file_sha256 == digest,
                SignedRevisionRow.state != OWN,
            )
        ).first()
        if held is not None:
            name = roster.members[held.signer_id].name if held.signer_id in roster.members else ""
            text = Text(
                f"重复文件：{name} 的评分表第 {held.revision} 版已经收到过，未做任何改动。",
                f"Duplicate: {name}'s score sheet revision {held.revision} was already "
                "received; nothing changed.",
            )
            result = ImportResult(
                path,
                DUPLICATE,
                "duplicate",
                text,
                held.signer_id,
                name,
                held.document_id,
                held.revision,
            )
            return _record(store, leader, path, digest, result, session)
    try:
        verified = verify_sheet(data, ca_certificate_pem=ca, roster=roster)
    except SheetRejected as exc:
        return _record(store, leader, path, digest, _refused(path, exc, roster))
    sheet = verified.sheet
    if sheet.expert_id == roster.leader_id:
        text = Text(
            "这是您本人的评分表，无需导入：组内汇总直接采用您在本机签署的最新版本。",
            "This is your own score sheet; there is no need to import it: the group uses the "
            "latest revision you signed on this computer.",
        )
        result = ImportResult(  # nothing to take in, and nothing wrong: a folder may hold it
            path,
            DUPLICATE,
            "own_sheet",
            text,
            sheet.expert_id,
            sheet.expert_name,
            sheet.sheet_id,
            sheet.revision,
        )
        return _record(store, leader, path, digest, result)
    return _take_in(store, leader, path, verified, data)


def _take_in(
    store: Store, leader: str, path: Path, verified: VerifiedSheet, data: bytes
) -> ImportResult:
    """Place a verified sheet in the ledger: applied, kept, duplicate or conflicting."""
    sheet = verified.sheet
    name, rev = sheet.expert_name, sheet.revision

    def result(verdict: str, code: str, zh: str, en: str) -> ImportResult:
        return ImportResult(
            path, verdict, code, Text(zh, en), sheet.expert_id, name, sheet.sheet_id, rev
        )

    with store.session() as session:
        rows = list(
            session.scalars(
                select(SignedRevisionRow).where(
                    SignedRevisionRow.kind == SCORE_SHEET,
                    SignedRevisionRow.document_id == sheet.sheet_id,
                    SignedRevisionRow.state != OWN,
                )
            )
        )
        same = [r for r in rows if r.revision == rev]
        if any(r.content_hash == sheet.content_hash for r in same):
            outcome = result(
                DUPLICATE,
                "duplicate",
                f"重复：{name} 的评分表第 {rev} 版（内容相同）已经收到过，未做任何改动。",
                f"Duplicate: {name}'s score sheet revision {rev} (same content) was already "
                "received; nothing changed.",
            )
            return _record(store, leader, path, verified.file_sha256, outcome, session)
        if same:
            outcome = result(
                CONFLICTING,
                "conflicting",
                f"冲突：已收到 {name} 的评分表第 {rev} 版，而此文件的第 {rev} 版内容不同。"
                "同一版本不能有两种内容，未采用。请与该专家核实。",
                f"Conflicting: {name}'s score sheet revision {rev} was already received with "
                "other content. One revision cannot say two things; not applied. Check with "
                "the expert.",
            )
            return _record(store, leader, path, verified.file_sha256, outcome, session)
        applied = next((r for r in rows if r.state == APPLIED), None)
        if applied is not None and rev < applied.revision:
            state = KEPT
            outcome = result(
                KEPT,
                "kept_older",
                f"已保存但未采用：{name} 的评分表第 {rev} 版比已采用的第 {applied.revision} 版旧。",
                f"Kept, not applied: {name}'s score sheet revision {rev} is older than the "
                f"applied revision {applied.revision}.",
            )
        else:
            state = APPLIED
            outcome = result(APPLIED, *_applied(name, rev, sheet.prev_hash, rows, applied))
            if applied is not None:
                applied.state = SUPERSEDED
        session.add(
            revision_row(
                sheet,
                state=state,
                file_sha256=store.documents.put(data),
                payload=verified.payload.decode("utf-8"),
            )
        )
        return _record(store, leader, path, verified.file_sha256, outcome, session)


def _applied(
    name: str,
    rev: int,
    prev_hash: str,
    rows: list[SignedRevisionRow],
    applied: SignedRevisionRow | None,
) -> tuple[str, str, str]:
    """Code and words for a newly applied revision, noting a chain that cannot be followed."""
    replaced = (
        (f"（取代第 {applied.revision} 版）", f" (replacing revision {applied.revision})")
        if applied is not None
        else ("", "")
    )
    zh = f"已采用：{name} 的评分表第 {rev} 版{replaced[0]}。"
    en = f"Applied: {name}'s score sheet revision {rev}{replaced[1]}."
    before = next((r for r in rows if r.revision == rev - 1), None)
    if before is not None and before.content_hash != prev_hash:
        return (
            "applied_fork",
            zh + f"注意：此版本所接续的第 {rev - 1} 版与本机收到的第 {rev - 1} 版不同"
            "（该专家可能从备份恢复后重新导出），请与其核实。",
            en + f" Note: it follows a revision {rev - 1} other than the one received here "
            "(the expert may have restored a backup and exported again); check with them.",
        )
    if before is None and rows and rev > 1:
        return (
            "applied_gap",
            zh + f"注意：第 {rev - 1} 版未收到，无法核对前后版本的衔接。",
            en + f" Note: revision {rev - 1} was not received, so the chain of revisions "
            "cannot be checked.",
        )
    return "applied", zh, en


def _record(
    store: Store,
    leader: str,
    path: Path,
    digest: str,
    outcome: ImportResult,
    session: Session | None = None,
) -> ImportResult:
    """The verification table's line and the audit entry for one offered file."""
    if session is None:
        with store.session() as own:
            return _record(store, leader, path, digest, outcome, own)
    session.add(
        ReceivedFileRow(
            kind=SCORE_SHEET,
            file_name=path.name,
            file_sha256=digest,
            signer_id=outcome.signer_id,
            document_id=outcome.sheet_id,
            revision=outcome.revision,
            verdict=outcome.verdict,
            reason_code=outcome.code,
            reason_zh=outcome.reason.zh,
            reason_en=outcome.reason.en,
            received_at=datetime.now(UTC),
        )
    )
    audit.record(
        session,
        actor=leader,
        action="sheet.receive",
        subject=path.name,
        detail={
            "verdict": outcome.verdict,
            "code": outcome.code,
            "file_sha256": digest,
            "signer": outcome.signer_id,
            "revision": outcome.revision,
        },
    )
    return outcome


def _refused(path: Path, exc: SheetRejected, roster: Roster) -> ImportResult:
    """A rejection, naming the signer and the sheet when the signature held."""
    sheet, signer = exc.sheet, exc.signer_id
    name = None
    if signer is not None and signer in roster.members:
        name = roster.members[signer].name
    elif sheet is not None and sheet.expert_id == signer:
        name = sheet.expert_name
    return ImportResult(
        path,
        REJECTED,
        exc.code,
        exc.text,
        signer,
        name,
        sheet.sheet_id if sheet is not None else None,
        sheet.revision if sheet is not None else None,
    )


def _too_large(path: Path) -> ImportResult:
    return ImportResult(
        path,
        REJECTED,
        "too_large",
        Text(
            f"文件过大（超过 {FILE_LIMIT >> 20} MB），不是评分表，未读取。",
            f"The file is too large (over {FILE_LIMIT >> 20} MB) to be a score sheet; not read.",
        ),
    )


__all__ = [
    "APPLIED",
    "CONFLICTING",
    "DUPLICATE",
    "KEPT",
    "REJECTED",
    "SUPERSEDED",
    "ImportResult",
    "ReceivedSheet",
    "VerificationRow",
    "applied_sheets",
    "import_sheets",
    "received_sheets",
    "sheet_files",
    "verification_table",
]
