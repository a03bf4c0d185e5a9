"""Loading an assignment package into a person's own store.

The package's records are read in order; document bytes go to the document store as
they are verified, and every row is written in one transaction only after the
envelope's authenticated end was reached, so a truncated or tampered package changes
nothing that matters (at most unreferenced document bytes remain).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.exchange.envelope import open_envelope
from app.exchange.package import PACKAGE_KIND, PackageManifest, damaged_package
from app.models.round import Stage
from app.models.scheme import scheme_from_dict
from app.signing.pki import verify_chain
from app.store import audit
from app.store.schema import (
    AssignmentRow,
    ConflictRow,
    DocumentRow,
    DossierRow,
    GroupRow,
    IdentityRow,
    Meta,
    PackageRow,
    PageTextRow,
    PersonRow,
    RoundRow,
)
from app.store.store import Store, StoreKind

STAGE_ORDER = {Stage.MATERIAL.value: 0, Stage.DEFENSE.value: 1}


@dataclass(frozen=True)
class PackageImport:
    """What importing a package did."""

    changed: bool
    person: str
    role: str
    round_name: str
    stage: str
    dossiers: int
    documents: int

    def to_json(self) -> dict[str, Any]:
        return dict(self.__dict__)

    @property
    def message(self) -> Text:
        if not self.changed:
            return Text(
                "此任务包已导入过，未做任何修改。",
                "This package was already imported; nothing changed.",
            )
        return Text(
            f"已导入 {self.person} 的任务包：{self.round_name}（{Stage(self.stage).label}），"
            f"{self.dossiers} 份申报材料，{self.documents} 个文档。",
            f"Imported {self.person}'s package: {self.round_name} ({self.stage}), "
            f"{self.dossiers} dossiers, {self.documents} documents.",
        )


def _meta(session: Session, key: str) -> Any:
    row = session.get(Meta, key)
    return None if row is None else json.loads(row.value)


def _set_meta(session: Session, key: str, value: Any) -> None:
    session.merge(Meta(key=key, value=json.dumps(value, ensure_ascii=False)))


def _check_fits(session: Session, manifest: PackageManifest) -> bool:
    """Refuse a package for another round or person; ``False`` when already imported."""
    owner = _meta(session, "owner_person_id")
    round_id = _meta(session, "round_id")
    recipient = manifest.recipient
    if round_id is not None and round_id != manifest.round["id"]:
        held = session.get(RoundRow, round_id)
        held_name = held.name if held else round_id
        raise InputRefused(
            Text(
                f"此存储已载入评审轮次“{held_name}”，不能再载入另一轮次“{manifest.round['name']}”的任务包。"
                "请为新轮次另建一个存储（qbr store init）。",
                f"This store already holds the round “{held_name}”; a package of another round "
                f"(“{manifest.round['name']}”) cannot be loaded into it. Create a new store for it.",
            )
        )
    if owner is not None and owner != recipient["id"]:
        owner_row = session.get(PersonRow, owner)
        owner_name = owner_row.name if owner_row else owner
        raise InputRefused(
            Text(
                f"此任务包是发给 {recipient['name']} 的，而此存储属于 {owner_name}，未做任何修改。",
                f"This package is for {recipient['name']}, but this store belongs to {owner_name}; "
                "nothing was changed.",
            )
        )
    if session.get(PackageRow, manifest.package_id) is not None:
        return False
    held_stage = _meta(session, "stage")
    if (
        held_stage is not None
        and STAGE_ORDER[str(manifest.round["stage"])] < STAGE_ORDER[held_stage]
    ):
        raise InputRefused(
            Text(
                "此任务包属于已结束的评审阶段，比存储中的更旧，未做任何修改。",
                "This package is for an earlier stage than the one in the store; nothing changed.",
            )
        )
    return True


def _validate(manifest: PackageManifest, identity: dict[str, Any]) -> None:
    scheme_from_dict(manifest.round["scheme"])
    if str(manifest.round["stage"]) not in STAGE_ORDER:
        raise damaged_package("unknown stage")
    try:
        cert = str(identity["certificate"]).encode()
        str(identity["private_key"])
    except KeyError as exc:
        raise damaged_package("identity incomplete") from exc
    verify_chain(cert, manifest.ca_certificate.encode())


def _apply(
    session: Session,
    manifest: PackageManifest,
    identity: dict[str, Any],
    texts: dict[str, list[str]],
) -> None:
    rnd = manifest.round
    now = datetime.now(UTC)
    row = session.get(RoundRow, rnd["id"])
    if row is None:
        row = RoundRow(id=rnd["id"], created_at=now, ca_private_key=None)
        session.add(row)
    row.name, row.year, row.stage = rnd["name"], int(rnd["year"]), str(rnd["stage"])
    row.scheme = json.dumps(rnd["scheme"], ensure_ascii=False)
    row.rule = json.dumps(rnd["rule"])
    row.shortlist_size = int(rnd["shortlist_size"])
    row.ca_certificate = manifest.ca_certificate.encode()
    for g in manifest.groups:
        session.merge(GroupRow(id=g["id"], round_id=rnd["id"], name=g["name"]))
    recipient = manifest.recipient
    people = {p["id"]: p for p in manifest.people}
    people.setdefault(recipient["id"], recipient)
    for p in people.values():
        cert = p.get("certificate")
        session.merge(
            PersonRow(
                id=p["id"],
                round_id=rnd["id"],
                name=p["name"],
                organisation=p["organisation"],
                role=p["role"],
                group_id=p.get("group_id"),
                certificate=str(cert).encode() if cert else None,
            )
        )
    own_cert = str(identity["certificate"]).encode()
    session.get(PersonRow, recipient["id"]).certificate = own_cert  # type: ignore[union-attr]
    session.merge(
        IdentityRow(
            person_id=recipient["id"],
            private_key=str(identity["private_key"]).encode(),
            certificate=own_cert,
        )
    )
    for d in manifest.dossiers:
        session.merge(
            DossierRow(
                id=d["id"],
                round_id=rnd["id"],
                seq=int(d["seq"]),
                enterprise=d["enterprise"],
                uscc=d["uscc"],
                recommending_unit=d["recommending_unit"],
                industry=d["industry"],
                industry_code=d["industry_code"],
                focus_area=d["focus_area"],
                title=d["title"],
                profits=json.dumps(d["profits"]),
                folder=d.get("folder"),
                contact="",
                content_hash="",
                created_at=now,
            )
        )
    for doc in manifest.documents:
        session.merge(
            DocumentRow(
                id=doc["id"],
                dossier_id=doc["dossier_id"],
                kind=doc["kind"],
                name=doc["name"],
                size=int(doc["size"]),
                sha256=doc["sha256"],
                detected_type=doc["detected_type"],
                status=doc["status"],
                pages=doc.get("pages"),
                inspection=json.dumps(doc["inspection"], ensure_ascii=False),
            )
        )
        session.execute(delete(PageTextRow).where(PageTextRow.document_id == doc["id"]))
        for page, text in enumerate(texts.get(doc["id"], []), start=1):
            session.add(PageTextRow(document_id=doc["id"], page=page, text=text))
    # The package's assignments are the whole truth: a dossier the chair's list left out
    # of the defense stage leaves the person's list. Its rows, documents and the records
    # of the earlier stage (keyed by stage) stay.
    assigned = {str(a["dossier_id"]): str(a["group_id"]) for a in manifest.assignments}
    session.execute(delete(AssignmentRow).where(AssignmentRow.dossier_id.not_in(assigned)))
    for dossier_id, group_id in assigned.items():
        session.merge(AssignmentRow(dossier_id=dossier_id, group_id=group_id))
    for dossier_id in manifest.conflicts:
        if session.get(ConflictRow, (recipient["id"], dossier_id)) is None:
            session.add(
                ConflictRow(
                    person_id=recipient["id"],
                    dossier_id=dossier_id,
                    declared_by="secretariat",
                    reason="",
                    created_at=now,
                )
            )
    dossier_ids = {d["id"] for d in manifest.dossiers}
    for c in manifest.member_conflicts:
        person_id, dossier_id = c["person_id"], c["dossier_id"]
        known = person_id in people and person_id != recipient["id"] and dossier_id in dossier_ids
        if known and session.get(ConflictRow, (person_id, dossier_id)) is None:
            session.add(
                ConflictRow(
                    person_id=person_id,
                    dossier_id=dossier_id,
                    declared_by="secretariat",
                    reason="",
                    created_at=now,
                )
            )
    session.add(
        PackageRow(
            id=manifest.package_id,
            round_id=rnd["id"],
            person_id=recipient["id"],
            stage=str(rnd["stage"]),
            direction="imported",
            at=now,
        )
    )
    _set_meta(session, "owner_person_id", recipient["id"])
    _set_meta(session, "round_id", rnd["id"])
    _set_meta(session, "stage", str(rnd["stage"]))
    audit.record(
        session,
        actor=recipient["name"],
        action="package.import",
        subject=manifest.package_id,
        detail={"round": rnd["name"], "stage": rnd["stage"], "dossiers": len(manifest.dossiers)},
    )


def import_package(store: Store, path: Path, passphrase: str) -> PackageImport:
    """Verify and load ``path`` into ``store``; importing the same package again is a no-op."""
    if store.kind is not StoreKind.PERSONAL:
        raise InputRefused(
            Text(
                "任务包只能导入个人评审存储，不能导入办公室工作区。",
                "Packages go into a personal store, not a secretariat workspace.",
            )
        )
    if not path.is_file():
        raise InputRefused(Text(f"找不到文件 {path}。", f"No such file: {path}."))
    with open_envelope(path, passphrase, kind=PACKAGE_KIND) as reader:
        records = reader.records()
        manifest_record = next(records, None)
        if manifest_record is None or manifest_record.kind != "manifest":
            raise damaged_package("no manifest")
        try:
            manifest = PackageManifest.from_json(json.loads(manifest_record.read_bytes()))
        except ValueError as exc:
            raise damaged_package("manifest is not JSON") from exc
        with store.session() as session:
            fresh = _check_fits(session, manifest)
        result = PackageImport(
            changed=fresh,
            person=manifest.recipient["name"],
            role=manifest.recipient["role"],
            round_name=manifest.round["name"],
            stage=str(manifest.round["stage"]),
            dossiers=len(manifest.dossiers),
            documents=len(manifest.documents),
        )
        if not fresh:
            return result
        identity: dict[str, Any] = {}
        texts: dict[str, list[str]] = {}
        expected = {str(d["sha256"]) for d in manifest.documents}
        received: set[str] = set()
        for record in records:
            if record.kind == "identity":
                identity = json.loads(record.read_bytes())
            elif record.kind == "texts":
                texts = json.loads(record.read_bytes(limit=512 << 20))
            elif record.kind == "document":
                if record.name not in expected:
                    raise damaged_package(f"unexpected document {record.name[:12]}")
                try:
                    store.documents.put_stream(record.chunks(), expected_sha256=record.name)
                except ValueError as exc:
                    raise damaged_package("document bytes do not match") from exc
                received.add(record.name)
            else:
                raise damaged_package(f"unknown record {record.kind}")
        if not reader.complete:
            raise damaged_package("no end")
    missing = expected - received
    if missing:
        raise damaged_package(f"{len(missing)} documents missing")
    _validate(manifest, identity)
    with store.session() as session:
        if not _check_fits(session, manifest):
            return result
        _apply(session, manifest, identity, texts)
    return result


__all__ = ["PackageImport", "import_package"]
