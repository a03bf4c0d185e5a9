"""Opening the defense stage (答辩评审) from the chair's signed list.

The chair's list is the only thing that may narrow the round: after the material stage
it names the dossiers going to the defense (入围答辩名单), and the secretariat's app takes
it in only once it has checked the signature against the round CA and every line
against its own round — the chair it knows, the groups and assignments it made. Then,
in one unit of work, the signed file is kept, the dossiers not on the list leave their
groups (their files, records and conflicts stay), and the round moves to the defense
stage. After the defense stage the same check records the preliminary list (初评名单),
which goes to publicity (公示); no stage follows it here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.chair.shortlist import SHORTLIST_KIND, Shortlist, list_title
from app.chair.shortlist_verify import ShortlistRejected, VerifiedShortlist, verify_shortlist
from app.errors import Text
from app.models.round import Role, Stage
from app.secretariat.roster import SECRETARIAT, round_row
from app.sheets.received import APPLIED, SUPERSEDED
from app.signing.pki import load_certificate
from app.store import audit
from app.store.schema import (
    AssignmentRow,
    DossierRow,
    GroupRow,
    PersonRow,
    RoundRow,
    SignedRevisionRow,
)
from app.store.store import Store, StoreKind

FILE_LIMIT = 64 << 20
"""Larger files are refused unread: a list of a whole round is well under 1 MB."""


class StageRefused(ShortlistRejected):
    """The chair's list is sound on its own but does not fit this round; ``code`` says why."""


def _refuse(code: str, zh: str, en: str) -> StageRefused:
    return StageRefused(code, Text(zh, en))


@dataclass(frozen=True)
class StageDossier:
    """A dossier the list names, as the secretariat reports it."""

    dossier_id: str
    seq: int
    enterprise: str
    group_id: str

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class StageAdvance:
    """What taking in the chair's list did."""

    file: Path
    changed: bool
    list_stage: str  # the stage the list closes
    stage: str  # the round's stage afterwards
    shortlist_id: str
    revision: int
    content_hash: str
    file_sha256: str
    shortlist_size: int  # the round's K afterwards
    listed: tuple[StageDossier, ...]
    dropped: tuple[StageDossier, ...]  # considered, not on the list
    replaced: int | None = None  # the revision of the preliminary list this one supersedes

    def to_json(self) -> dict[str, Any]:
        return {
            "file": str(self.file),
            "changed": self.changed,
            "list_stage": self.list_stage,
            "stage": self.stage,
            "shortlist_id": self.shortlist_id,
            "revision": self.revision,
            "content_hash": self.content_hash,
            "file_sha256": self.file_sha256,
            "shortlist_size": self.shortlist_size,
            "listed": [d.to_json() for d in self.listed],
            "dropped": [d.to_json() for d in self.dropped],
            "replaced": self.replaced,
        }

    @property
    def message(self) -> Text:
        title = list_title(self.list_stage)
        rev, listed, dropped = self.revision, len(self.listed), len(self.dropped)
        if not self.changed:
            return Text(
                f"{title.zh}第 {rev} 版已经核验并记录过，未做任何修改。",
                f"Revision {rev} of the {title.en} was already verified and recorded; "
                "nothing changed.",
            )
        if self.list_stage == Stage.MATERIAL.value:
            return Text(
                f"已核验主任委员签署的入围答辩名单第 {rev} 版（{listed} 项）；"
                "评审轮次已进入答辩评审阶段。"
                f"未入围的 {dropped} 项已移出各专业组（材料和评审记录均保留）。"
                "请重新生成任务包（qbr round packages）发给各位评审人员。",
                f"Verified revision {rev} of the defense shortlist signed by the chair "
                f"({listed} dossiers); the round is now at the defense stage. The {dropped} "
                "dossiers not on the list were taken off their groups (their files and records "
                "are kept). Issue new packages (qbr round packages) to everyone who reviews.",
            )
        before = (
            (f"（取代第 {self.replaced} 版）", f" (replacing revision {self.replaced})")
            if self.replaced is not None
            else ("", "")
        )
        return Text(
            f"已核验并记录主任委员签署的初评名单第 {rev} 版{before[0]}（{listed} 项入选，"
            f"{dropped} 项未入选）。资料评审和答辩评审均已完成，名单进入公示。",
            f"Verified and recorded revision {rev} of the preliminary list signed by the "
            f"chair{before[1]} ({listed} dossiers on it, {dropped} not). Both scored stages "
            "are complete; the list goes to publicity (公示).",
        )


def advance_stage(
    store: Store, shortlist_file: Path, *, shortlist_size: int | None = None
) -> StageAdvance:
    """Take in the chair's signed list; at the material stage, open the defense stage.

    ``shortlist_size`` sets the round's K for the defense stage. The same list again
    changes nothing; every refusal is a :class:`ShortlistRejected` with a stable code.
    """
    if store.kind is not StoreKind.WORKSPACE:
        raise _refuse(
            "not_a_workspace",
            "只能在办公室工作区中开启下一评审阶段，这是个人评审存储。",
            "The next stage is opened in the secretariat's workspace; this is a personal store.",
        )
    if shortlist_size is not None and shortlist_size < 1:
        raise _refuse(
            "size_invalid",
            "答辩名单人数（K）至少为 1。",
            "The shortlist size K must be at least 1.",
        )
    data = _read(shortlist_file)
    with store.session() as session:
        ca = round_row(session).ca_certificate
    verified = verify_shortlist(data, ca_certificate_pem=ca)
    shortlist = verified.shortlist
    with store.session() as session:
        rnd = round_row(session)
        if shortlist.round_id != rnd.id:
            raise _refuse(
                "other_round",
                f"此名单属于评审轮次“{shortlist.round_name}”，不是本工作区的“{rnd.name}”，未做任何修改。",
                f"This list is of the round “{shortlist.round_name}”, not this workspace's "
                f"“{rnd.name}”; nothing changed.",
            )
        if rnd.stage != Stage.MATERIAL.value and shortlist_size not in (None, rnd.shortlist_size):
            raise _refuse(
                "size_not_applicable",
                "答辩评审阶段已经开启，答辩名单人数（K）只能在开启该阶段时设定，未做任何修改。",
                "The defense stage is already open; the shortlist size K is set only when "
                "opening it; nothing changed.",
            )
        held = list(
            session.scalars(
                select(SignedRevisionRow).where(
                    SignedRevisionRow.kind == SHORTLIST_KIND,
                    SignedRevisionRow.document_id == shortlist.shortlist_id,
                )
            )
        )
        same = next((r for r in held if r.content_hash == shortlist.content_hash), None)
        dossiers = _stage_dossiers(session, shortlist)
        if same is not None:
            return _result(shortlist_file, shortlist, same.file_sha256, rnd, dossiers, False)
        _check_stage(session, rnd, shortlist)
        _check_signer(session, verified)
        applied = next((r for r in held if r.state == APPLIED), None)
        _check_revision(applied, shortlist)
        _check_dossiers(session, shortlist)
        file_sha256 = _keep(session, store, verified, data, applied)
        detail: dict[str, Any] = {
            "shortlist_id": shortlist.shortlist_id,
            "revision": shortlist.revision,
            "content_hash": shortlist.content_hash,
            "file_sha256": file_sha256,
            "signer_id": verified.signer_id,
            "listed": [d.dossier_id for d in dossiers[0]],
            "not_listed": [d.dossier_id for d in dossiers[1]],
        }
        if shortlist.stage == Stage.MATERIAL.value:
            detail |= _open_defense(session, rnd, shortlist, shortlist_size)
            action = "round.next_stage"
        else:
            detail["replaced_revision"] = applied.revision if applied is not None else None
            action = "round.preliminary_list"
        audit.record(session, actor=SECRETARIAT, action=action, subject=rnd.id, detail=detail)
        return _result(
            shortlist_file,
            shortlist,
            file_sha256,
            rnd,
            dossiers,
            True,
            applied.revision if applied is not None else None,
        )


def _read(path: Path) -> bytes:
    try:
        if path.stat().st_size > FILE_LIMIT:
            raise _refuse(
                "too_large",
                f"文件 {path.name} 超过 {FILE_LIMIT >> 20} MB，不是主任委员的名单，未读取。",
                f"The file {path.name} is over {FILE_LIMIT >> 20} MB, too large for a chair's "
                "list; not read.",
            )
        return path.read_bytes()
    except OSError as exc:
        raise _refuse(
            "unreadable",
            f"无法读取名单文件 {path}（{exc.strerror or exc}）。",
            f"Cannot read the list file {path} ({exc.strerror or exc}).",
        ) from exc


def _stage_dossiers(
    session: Session, shortlist: Shortlist
) -> tuple[tuple[StageDossier, ...], tuple[StageDossier, ...]]:
    """The list's dossiers on it and off it, named as this workspace knows them."""
    known = {d.id: d for d in session.scalars(select(DossierRow))}

    def named(listed: bool) -> tuple[StageDossier, ...]:
        return tuple(
            StageDossier(
                d.dossier_id,
                known[d.dossier_id].seq if d.dossier_id in known else d.seq,
                known[d.dossier_id].enterprise if d.dossier_id in known else d.enterprise,
                d.group_id,
            )
            for d in shortlist.dossiers
            if d.included == listed
        )

    return named(True), named(False)


def _result(
    path: Path,
    shortlist: Shortlist,
    file_sha256: str,
    rnd: RoundRow,
    dossiers: tuple[tuple[StageDossier, ...], tuple[StageDossier, ...]],
    changed: bool,
    replaced: int | None = None,
) -> StageAdvance:
    return StageAdvance(
        path,
        changed,
        shortlist.stage,
        rnd.stage,
        shortlist.shortlist_id,
        shortlist.revision,
        shortlist.content_hash,
        file_sha256,
        rnd.shortlist_size,
        dossiers[0],
        dossiers[1],
        replaced,
    )


def _check_stage(session: Session, rnd: RoundRow, shortlist: Shortlist) -> None:
    if shortlist.stage == rnd.stage:
        return
    title, current = list_title(shortlist.stage), Stage(rnd.stage)
    if shortlist.stage == Stage.DEFENSE.value:
        raise _refuse(
            "other_stage",
            f"这是答辩评审阶段的{title.zh}，而本轮次仍在{current.label}阶段，未做任何修改。",
            f"This is the {title.en} of the defense stage, but the round is still at the "
            f"{current.value} stage; nothing changed.",
        )
    opened = session.scalars(
        select(SignedRevisionRow).where(
            SignedRevisionRow.kind == SHORTLIST_KIND,
            SignedRevisionRow.stage == Stage.MATERIAL.value,
            SignedRevisionRow.state == APPLIED,
        )
    ).first()
    if opened is not None:
        raise _refuse(
            "already_advanced",
            f"答辩评审阶段已根据入围答辩名单第 {opened.revision} 版开启，"
            f"不能再采用此名单（第 {shortlist.revision} 版），未做任何修改。",
            f"The defense stage was already opened from revision {opened.revision} of the "
            f"defense shortlist; this list (revision {shortlist.revision}) cannot be taken "
            "in; nothing changed.",
        )
    raise _refuse(
        "other_stage",
        f"此{title.zh}属于资料评审阶段，而本轮次已在{current.label}阶段，未做任何修改。",
        f"This {title.en} is of the material stage, but the round is already at the "
        f"{current.value} stage; nothing changed.",
    )


def _check_signer(session: Session, verified: VerifiedShortlist) -> None:
    shortlist = verified.shortlist
    chair = session.get(PersonRow, verified.signer_id)
    if chair is None or chair.role != Role.CHAIR.value:
        raise _refuse(
            "not_the_chair",
            f"名单的签名人 {shortlist.chair_name} 不是本轮次的主任委员，未做任何修改。",
            f"The list's signer, {shortlist.chair_name}, is not this round's chair; "
            "nothing changed.",
        )
    if chair.certificate is None or load_certificate(chair.certificate) != load_certificate(
        verified.signer_certificate_pem
    ):
        raise _refuse(
            "unknown_certificate",
            f"签名所用的证书不是主任委员 {chair.name} 当前的证书（可能来自已作废的任务包），"
            "未做任何修改。请主任委员用最新任务包中的证书重新签署。",
            f"The list was not signed with the current certificate of the chair, {chair.name} "
            "(perhaps one from a superseded package); nothing changed. Ask the chair to sign "
            "again with the certificate of the latest package.",
        )


def _check_revision(applied: SignedRevisionRow | None, shortlist: Shortlist) -> None:
    """A later revision of the preliminary list replaces the one held; nothing else does."""
    if applied is None or shortlist.revision > applied.revision:
        return
    rev, title = shortlist.revision, list_title(shortlist.stage)
    if rev == applied.revision:
        raise _refuse(
            "conflicting",
            f"已记录{title.zh}第 {rev} 版，而此文件的第 {rev} 版内容不同。"
            "同一版本不能有两种内容，未做任何修改。请与主任委员核实。",
            f"Revision {rev} of the {title.en} was already recorded with other content. One "
            "revision cannot say two things; nothing changed. Check with the chair.",
        )
    raise _refuse(
        "older_revision",
        f"此文件是{title.zh}第 {rev} 版，比已记录的第 {applied.revision} 版旧，未做任何修改。",
        f"This is revision {rev} of the {title.en}, older than the recorded revision "
        f"{applied.revision}; nothing changed.",
    )


def _check_dossiers(session: Session, shortlist: Shortlist) -> None:
    assigned = {a.dossier_id: a.group_id for a in session.scalars(select(AssignmentRow))}
    names = {g.id: g.name for g in shortlist.groups}
    left_out = set(assigned.values()) - set(names)
    if left_out:
        groups = session.scalars(select(GroupRow).where(GroupRow.id.in_(left_out)))
        which = "、".join(sorted(f"“{g.name}”" for g in groups))
        raise _refuse(
            "group_missing",
            f"名单没有包含专业组{which}；每个分到申报材料的专业组都须在名单中，未做任何修改。",
            f"The list leaves out the group {which}; every group with assigned dossiers must "
            "be on it; nothing changed.",
        )
    for d in shortlist.dossiers:
        if assigned.get(d.dossier_id) != d.group_id:
            raise _refuse(
                "not_assigned",
                f"名单中序号 {d.seq}“{d.enterprise}”不是分配给“{names[d.group_id]}”的申报材料，"
                "未做任何修改。",
                f"No. {d.seq} “{d.enterprise}” on the list is not assigned to "
                f"“{names[d.group_id]}”; nothing changed.",
            )
    considered = {d.dossier_id for d in shortlist.dossiers}
    missing = [dossier_id for dossier_id in assigned if dossier_id not in considered]
    if missing:
        rows = session.scalars(
            select(DossierRow).where(DossierRow.id.in_(missing)).order_by(DossierRow.seq)
        )
        which = "、".join(f"{r.seq}“{r.enterprise}”" for r in rows)
        raise _refuse(
            "dossier_missing",
            f"名单没有考虑已分组的申报材料：{which}，未做任何修改。",
            f"The list does not consider these assigned dossiers: {which}; nothing changed.",
        )
    if not shortlist.listed:
        raise _refuse(
            "empty_list",
            "名单中没有任何入选的申报材料，未做任何修改。",
            "The list names no dossier; nothing changed.",
        )


def _keep(
    session: Session,
    store: Store,
    verified: VerifiedShortlist,
    data: bytes,
    applied: SignedRevisionRow | None,
) -> str:
    """Keep the signed file and its revision, superseding ``applied``; the file's SHA-256."""
    shortlist = verified.shortlist
    file_sha256 = store.documents.put(data)
    session.add(
        SignedRevisionRow(
            kind=SHORTLIST_KIND,
            document_id=shortlist.shortlist_id,
            signer_id=verified.signer_id,
            round_id=shortlist.round_id,
            stage=shortlist.stage,
            group_id=None,
            revision=shortlist.revision,
            prev_hash=shortlist.prev_hash,
            content_hash=shortlist.content_hash,
            file_sha256=file_sha256,
            payload=verified.payload.decode("utf-8"),
            state=APPLIED,
            created_at=datetime.now(UTC),
        )
    )
    if applied is not None:
        applied.state = SUPERSEDED
    return file_sha256


def _open_defense(
    session: Session, rnd: RoundRow, shortlist: Shortlist, shortlist_size: int | None
) -> dict[str, Any]:
    """Narrow the groups to the list and move the round on; returns what the audit keeps."""
    listed = {d.dossier_id for d in shortlist.listed}
    rows = list(session.scalars(select(AssignmentRow)))
    previous = {a.dossier_id: a.group_id for a in rows}
    for row in rows:
        if row.dossier_id not in listed:
            session.delete(row)
    before = {"stage": rnd.stage, "shortlist_size": rnd.shortlist_size}
    rnd.stage = Stage.DEFENSE.value
    if shortlist_size is not None:
        rnd.shortlist_size = shortlist_size
    session.flush()
    return {
        "stage": {"from": before["stage"], "to": rnd.stage},
        "shortlist_size": {"from": before["shortlist_size"], "to": rnd.shortlist_size},
        "dropped": sorted(set(previous) - listed),
        "previous_assignments": previous,
    }


__all__ = [
    "FILE_LIMIT",
    "StageAdvance",
    "StageDossier",
    "StageRefused",
    "advance_stage",
]
