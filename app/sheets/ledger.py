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

from collections.abc import Iterable, Sequence
from pathlib import Path

from app.errors import InputRefused, Text
from app.sheets.build import SCORE_SHEET, revision_row
from app.sheets.intake import (
    FILE_LIMIT,
    ImportResult,
    Intake,
    Revision,
    Words,
)
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
from app.store.schema import PersonRow, RoundRow, SignedRevisionRow
from app.store.store import Store


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
    intake = Intake(store, SCORE_SHEET, leader, "sheet.receive", _words(roster))
    return [_import_one(intake, roster, ca, path) for path in paths]


def _import_one(intake: Intake, roster: Roster, ca: bytes, path: Path) -> ImportResult:
    offered = intake.receive(path)
    if isinstance(offered, ImportResult):
        return offered
    try:
        verified = verify_sheet(offered.data, ca_certificate_pem=ca, roster=roster)
    except SheetRejected as exc:
        return intake.record(path, offered.sha256, _refused(path, exc, roster))
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
        return intake.record(path, offered.sha256, result)
    return intake.place(offered, _revision(verified))


def _revision(verified: VerifiedSheet) -> Revision:
    """The sheet as the ledger places it, kept in the same row as the member's own."""
    sheet = verified.sheet
    payload = verified.payload.decode("utf-8")

    def keep(state: str, file_sha256: str) -> SignedRevisionRow:
        return revision_row(sheet, state=state, file_sha256=file_sha256, payload=payload)

    return Revision(
        sheet.sheet_id,
        sheet.revision,
        sheet.content_hash,
        sheet.prev_hash,
        sheet.expert_id,
        sheet.expert_name,
        keep,
    )


def _words(roster: Roster) -> Words:
    """How the leader's verdicts name a member's score sheet."""

    def name_of(held: SignedRevisionRow) -> str:
        member = roster.members.get(held.signer_id)
        return member.name if member is not None else ""

    return Words(
        name_of=name_of,
        too_large=Text(
            "文件过大（超过 {limit} MB），不是评分表，未读取。",
            "The file is too large (over {limit} MB) to be a score sheet; not read.",
        ),
        file_duplicate=Text(
            "重复文件：{name} 的评分表第 {revision} 版已经收到过，未做任何改动。",
            "Duplicate: {name}'s score sheet revision {revision} was already received; "
            "nothing changed.",
        ),
        duplicate=Text(
            "重复：{name} 的评分表第 {revision} 版（内容相同）已经收到过，未做任何改动。",
            "Duplicate: {name}'s score sheet revision {revision} (same content) was already "
            "received; nothing changed.",
        ),
        conflicting=Text(
            "冲突：已收到 {name} 的评分表第 {revision} 版，而此文件的第 {revision} 版内容不同。"
            "同一版本不能有两种内容，未采用。请与该专家核实。",
            "Conflicting: {name}'s score sheet revision {revision} was already received with "
            "other content. One revision cannot say two things; not applied. Check with "
            "the expert.",
        ),
        kept=Text(
            "已保存但未采用：{name} 的评分表第 {revision} 版比已采用的第 {applied} 版旧。",
            "Kept, not applied: {name}'s score sheet revision {revision} is older than the "
            "applied revision {applied}.",
        ),
        applied=Text(
            "已采用：{name} 的评分表第 {revision} 版{replacing}。",
            "Applied: {name}'s score sheet revision {revision}{replacing}.",
        ),
        note=_chain_note,
    )


def _chain_note(offered: Revision, held: Sequence[SignedRevisionRow]) -> tuple[str, Text] | None:
    """A note when the chain of revisions cannot be followed (see the module's docstring)."""
    rev = offered.revision
    before = next((r for r in held if r.revision == rev - 1), None)
    if before is not None and before.content_hash != offered.prev_hash:
        return "applied_fork", Text(
            f"注意：此版本所接续的第 {rev - 1} 版与本机收到的第 {rev - 1} 版不同"
            "（该专家可能从备份恢复后重新导出），请与其核实。",
            f" Note: it follows a revision {rev - 1} other than the one received here "
            "(the expert may have restored a backup and exported again); check with them.",
        )
    if before is None and held and rev > 1:
        return "applied_gap", Text(
            f"注意：第 {rev - 1} 版未收到，无法核对前后版本的衔接。",
            f" Note: revision {rev - 1} was not received, so the chain of revisions "
            "cannot be checked.",
        )
    return None


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


__all__ = [
    "APPLIED",
    "CONFLICTING",
    "DUPLICATE",
    "FILE_LIMIT",
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
