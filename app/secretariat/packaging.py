"""Issuing assignment packages (评审任务包) and the round CA certificate."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.exchange.envelope import Record, generate_passphrase, write_envelope
from app.exchange.package import PACKAGE_KIND, PACKAGE_SUFFIX, PackageManifest
from app.models.round import Role
from app.secretariat.roster import SECRETARIAT, new_id, round_row
from app.signing.pki import RoundAuthority, issue_person_certificate
from app.store import audit
from app.store.files import write_atomically
from app.store.schema import (
    AssignmentRow,
    ConflictRow,
    DocumentRow,
    DossierRow,
    GroupRow,
    PackageRow,
    PageTextRow,
    PersonRow,
    RoundRow,
)
from app.store.store import Store

ProgressFn = Callable[[int, int, str], None]
PASSPHRASE_LIST = "passphrases.txt"


@dataclass(frozen=True)
class IssuedPackage:
    """One package written, and the one-time passphrase that opens it."""

    person: str
    role: str
    group: str | None
    file: Path
    passphrase: str
    dossiers: int


@dataclass(frozen=True)
class IssuedPackages:
    """Everything ``qbr round packages`` wrote."""

    packages: tuple[IssuedPackage, ...]
    passphrase_list: Path

    def to_json(self) -> dict[str, Any]:
        return {
            "passphrase_list": str(self.passphrase_list),
            "packages": [
                {
                    "person": p.person,
                    "role": p.role,
                    "group": p.group,
                    "file": str(p.file),
                    "passphrase": p.passphrase,
                    "dossiers": p.dossiers,
                }
                for p in self.packages
            ],
        }

    @property
    def message(self) -> Text:
        return Text(
            f"已生成 {len(self.packages)} 个加密任务包；一次性口令清单：{self.passphrase_list}\n"
            "任务包和口令须通过不同渠道分别发送（如任务包用 U 盘，口令用电话或短信），发完后删除口令清单。",
            f"Wrote {len(self.packages)} encrypted packages; one-time passphrases in "
            f"{self.passphrase_list}\nSend each package and its passphrase by different channels "
            "(e.g. the package on a USB stick, the passphrase by phone) and delete the list after.",
        )


def _safe_file_name(text: str) -> str:
    return re.sub(r'[\\/:*?"<>|\s]+', "_", text).strip("._") or "person"


def _person_json(row: PersonRow, with_certificate: bool) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": row.id,
        "name": row.name,
        "organisation": row.organisation,
        "role": row.role,
        "group_id": row.group_id,
    }
    if with_certificate and row.certificate:
        data["certificate"] = row.certificate.decode()
    return data


def _dossier_json(row: DossierRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "seq": row.seq,
        "enterprise": row.enterprise,
        "uscc": row.uscc,
        "recommending_unit": row.recommending_unit,
        "industry": row.industry,
        "industry_code": row.industry_code,
        "focus_area": row.focus_area,
        "title": row.title,
        "profits": json.loads(row.profits),
        "folder": row.folder,
    }


def _document_json(row: DocumentRow) -> dict[str, Any]:
    return {
        "id": row.id,
        "dossier_id": row.dossier_id,
        "kind": row.kind,
        "name": row.name,
        "size": row.size,
        "sha256": row.sha256,
        "detected_type": row.detected_type,
        "status": row.status,
        "pages": row.pages,
        "inspection": json.loads(row.inspection),
    }


def _visible_dossiers(session: Session, person: PersonRow) -> list[DossierRow]:
    """The dossiers a person receives: their group's, or all of them for the chair."""
    query = select(DossierRow).order_by(DossierRow.seq)
    if person.role != Role.CHAIR.value:
        query = query.join(AssignmentRow, AssignmentRow.dossier_id == DossierRow.id).where(
            AssignmentRow.group_id == person.group_id
        )
    else:
        query = query.join(AssignmentRow, AssignmentRow.dossier_id == DossierRow.id)
    return list(session.scalars(query))


def _verifiable_people(session: Session, person: PersonRow) -> list[PersonRow]:
    """Whose certificates the person checks: a leader their members, the chair the leaders."""
    if person.role == Role.LEADER.value:
        return list(session.scalars(select(PersonRow).where(PersonRow.group_id == person.group_id)))
    if person.role == Role.CHAIR.value:
        return list(
            session.scalars(
                select(PersonRow).where(PersonRow.role.in_([Role.LEADER.value, Role.CHAIR.value]))
            )
        )
    return [person]


def _member_conflicts(session: Session, person: PersonRow) -> list[dict[str, str]]:
    """For a leader, the conflicts recorded for the group's members (checked on their sheets)."""
    if person.role != Role.LEADER.value:
        return []
    rows = session.execute(
        select(ConflictRow.person_id, ConflictRow.dossier_id)
        .join(PersonRow, PersonRow.id == ConflictRow.person_id)
        .where(PersonRow.group_id == person.group_id, PersonRow.id != person.id)
        .order_by(ConflictRow.person_id, ConflictRow.dossier_id)
    )
    return [{"person_id": p, "dossier_id": d} for p, d in rows]


def _package_records(
    store: Store,
    manifest: PackageManifest,
    identity: dict[str, str],
    texts: dict[str, list[str]],
) -> Iterator[Record]:
    yield Record(
        "manifest", "manifest", json.dumps(manifest.to_json(), ensure_ascii=False).encode()
    )
    yield Record("identity", "identity", json.dumps(identity).encode())
    yield Record("texts", "texts", json.dumps(texts, ensure_ascii=False).encode())
    seen: set[str] = set()
    for doc in manifest.documents:
        sha = str(doc["sha256"])
        if sha in seen:
            continue
        seen.add(sha)
        yield Record("document", sha, store.documents.iter_chunks(sha), {"size": doc["size"]})


def issue_packages(
    store: Store, outdir: Path, *, progress: ProgressFn | None = None
) -> IssuedPackages:
    """Issue every person a fresh key, certificate and encrypted package."""
    with store.session() as session:
        rnd: RoundRow = round_row(session)
        if rnd.ca_private_key is None:
            raise InputRefused(
                Text(
                    "此存储没有本轮 CA 私钥，不能签发任务包。",
                    "This store lacks the round CA key; it cannot issue packages.",
                )
            )
        authority = RoundAuthority(rnd.ca_certificate, rnd.ca_private_key)
        people = list(
            session.scalars(
                select(PersonRow)
                .where(PersonRow.role != Role.SECRETARIAT.value)
                .order_by(PersonRow.role, PersonRow.name)
            )
        )
        if not people:
            raise InputRefused(
                Text(
                    "还没有添加评审人员（qbr round person add）。",
                    "No people yet (qbr round person add).",
                )
            )
        unassigned = session.scalars(
            select(DossierRow.enterprise).where(
                ~DossierRow.id.in_(select(AssignmentRow.dossier_id))
            )
        ).all()
        if not session.scalars(select(AssignmentRow)).first():
            raise InputRefused(
                Text(
                    "还没有把申报材料分配给专业组（qbr round assign）。",
                    "No dossiers are assigned to a group yet (qbr round assign).",
                )
            )
        groups = {g.id: g.name for g in session.scalars(select(GroupRow))}
        identities = {}
        for person in people:
            identity = issue_person_certificate(
                authority,
                person_id=person.id,
                name=person.name,
                organisation=person.organisation or person.name,
                role=person.role,
                group=groups.get(person.group_id or ""),
            )
            person.certificate = identity.certificate_pem
            identities[person.id] = identity
        session.flush()
        plans = []
        for person in people:
            dossiers = _visible_dossiers(session, person)
            conflicts = set(
                session.scalars(
                    select(ConflictRow.dossier_id).where(ConflictRow.person_id == person.id)
                )
            )
            readable = [d for d in dossiers if d.id not in conflicts]
            documents = list(
                session.scalars(
                    select(DocumentRow)
                    .where(DocumentRow.dossier_id.in_([d.id for d in readable]))
                    .order_by(DocumentRow.dossier_id, DocumentRow.name)
                )
            )
            texts: dict[str, list[str]] = {}
            for doc in documents:
                pages = session.scalars(
                    select(PageTextRow)
                    .where(PageTextRow.document_id == doc.id)
                    .order_by(PageTextRow.page)
                )
                texts[doc.id] = [p.text for p in pages]
            assignments = session.scalars(
                select(AssignmentRow).where(AssignmentRow.dossier_id.in_([d.id for d in dossiers]))
            )
            manifest = PackageManifest(
                package_id=new_id(),
                issued_at=datetime.now(UTC).isoformat(),
                round={
                    "id": rnd.id,
                    "name": rnd.name,
                    "year": rnd.year,
                    "stage": rnd.stage,
                    "scheme": json.loads(rnd.scheme),
                    "rule": json.loads(rnd.rule),
                    "shortlist_size": rnd.shortlist_size,
                },
                groups=[{"id": gid, "name": name} for gid, name in sorted(groups.items())],
                recipient=_person_json(person, with_certificate=False),
                people=[
                    _person_json(p, with_certificate=True)
                    for p in _verifiable_people(session, person)
                ],
                ca_certificate=rnd.ca_certificate.decode(),
                dossiers=[_dossier_json(d) for d in dossiers],
                documents=[_document_json(d) for d in documents],
                assignments=[
                    {"dossier_id": a.dossier_id, "group_id": a.group_id} for a in assignments
                ],
                conflicts=sorted(conflicts),
                member_conflicts=_member_conflicts(session, person),
            )
            plans.append((person, manifest, texts))
            session.add(
                PackageRow(
                    id=manifest.package_id,
                    round_id=rnd.id,
                    person_id=person.id,
                    stage=rnd.stage,
                    direction="issued",
                    at=datetime.now(UTC),
                )
            )
        audit.record(
            session,
            actor=SECRETARIAT,
            action="packages.issue",
            subject=rnd.id,
            detail={"people": [p.name for p, _, _ in plans], "unassigned": list(unassigned)},
        )
        round_name, stage = rnd.name, rnd.stage

    outdir.mkdir(parents=True, exist_ok=True)
    issued: list[IssuedPackage] = []
    for index, (person, manifest, texts) in enumerate(plans, start=1):
        group = groups.get(person.group_id or "")
        role = Role(person.role)
        name = f"{index:02d}-{role.label}-{_safe_file_name(person.name)}{PACKAGE_SUFFIX}"
        passphrase = generate_passphrase()
        identity = identities[person.id]
        write_envelope(
            outdir / name,
            passphrase,
            kind=PACKAGE_KIND,
            label={
                "round": round_name,
                "stage": stage,
                "recipient": person.name,
                "role": role.label,
                "group": group or "",
            },
            records=_package_records(
                store,
                manifest,
                {
                    "certificate": identity.certificate_pem.decode(),
                    "private_key": identity.private_key_pem.decode(),
                },
                texts,
            ),
        )
        issued.append(
            IssuedPackage(
                person.name, person.role, group, outdir / name, passphrase, len(manifest.dossiers)
            )
        )
        if progress:
            progress(index, len(plans), person.name)
    listing = outdir / PASSPHRASE_LIST
    lines = [
        f"# {round_name} — 评审任务包一次性口令 / one-time package passphrases",
        "# 机密：口令与任务包须分渠道发送，分发后删除本文件。",
        "# Confidential: send passphrases apart from the packages; delete this file after.",
        "",
    ] + [f"{p.file.name}\t{p.person}\t{p.passphrase}" for p in issued]
    write_atomically(listing, ("\n".join(lines) + "\n").encode())
    listing.chmod(0o600)
    return IssuedPackages(tuple(issued), listing)


def export_ca(store: Store, target: Path) -> None:
    """Write the round CA certificate (public) for anyone who verifies signatures."""
    with store.session() as session:
        pem = round_row(session).ca_certificate
    write_atomically(target, pem)
