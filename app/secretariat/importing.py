"""Importing a province's batch (批次导入): 汇总表 rows + one folder per enterprise.

Each dossier is imported atomically (its document bytes first, content-addressed,
then its rows in one transaction) and only when its content changed, so running the
same import twice changes nothing. Every file is inspected in the document worker.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from app.errors import Text
from app.ingest.archive import ArchiveEntry, ArchiveLimits, expand_nested
from app.ingest.kinds import document_kind
from app.ingest.manifest import ManifestRow, match_folders, read_manifest
from app.ingest.source import SourceFile, open_source
from app.models.inspection import FileStatus, Inspection
from app.secretariat.roster import SECRETARIAT, new_id, round_row
from app.store import audit
from app.store.schema import DocumentRow, DossierRow, Meta, PageTextRow, RecommendingUnitRow
from app.store.store import Store

ProgressFn = Callable[[int, int, str], None]


class Inspector(Protocol):
    """What the import needs of the document worker."""

    def inspect(self, name: str, data: bytes, timeout: float = ...) -> Inspection: ...


@dataclass(frozen=True)
class ImportReport:
    """What an import did, for the command line and the UI."""

    source: str
    added: tuple[str, ...]
    updated: tuple[str, ...]
    unchanged: tuple[str, ...]
    name_mismatches: tuple[tuple[str, str], ...]  # (汇总表 spelling, folder spelling)
    missing_folders: tuple[str, ...]
    extra_folders: tuple[str, ...]
    files: int
    bytes: int
    seconds: float
    notes: tuple[Text, ...] = field(default_factory=tuple)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated)

    @property
    def throughput_mb_s(self) -> float:
        return self.bytes / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["notes"] = [n.zh for n in self.notes]
        data["throughput_mb_s"] = round(self.throughput_mb_s, 1)
        return data

    def lines(self) -> list[Text]:
        out = [
            Text(
                f"导入 {self.source}：新增 {len(self.added)} 份，更新 {len(self.updated)} 份，"
                f"未变 {len(self.unchanged)} 份；处理文件 {self.files} 个，"
                f"{self.bytes / 1e6:.1f} MB，用时 {self.seconds:.1f} 秒。",
                f"Imported {self.source}: {len(self.added)} added, {len(self.updated)} updated, "
                f"{len(self.unchanged)} unchanged; {self.files} files processed, "
                f"{self.bytes / 1e6:.1f} MB in {self.seconds:.1f} s.",
            )
        ]
        for table, folder in self.name_mismatches:
            out.append(
                Text(
                    f"名称不一致（已按规范化名称匹配）：汇总表“{table}”↔ 文件夹“{folder}”",
                    f"Name mismatch (matched after normalising): table “{table}” ↔ "
                    f"folder “{folder}”",
                )
            )
        for name in self.missing_folders:
            out.append(
                Text(f"汇总表中的“{name}”没有对应文件夹。", f"“{name}” in the table has no folder.")
            )
        for name in self.extra_folders:
            out.append(
                Text(
                    f"文件夹“{name}”不在汇总表中，未导入。",
                    f"The folder “{name}” is not in the table; not imported.",
                )
            )
        out.extend(self.notes)
        if not self.changed:
            out.append(Text("存储中的内容没有变化。", "Nothing in the store changed."))
        return out


def _row_json(row: ManifestRow) -> dict[str, Any]:
    data = asdict(row)
    data["profits"] = [[y, None if v is None else str(v)] for y, v in row.profits]
    return data


def row_from_json(data: dict[str, Any]) -> ManifestRow:
    """The 汇总表 row as stored with its dossier."""
    profits = tuple((int(y), None if v is None else Decimal(v)) for y, v in data["profits"])
    return ManifestRow(**{**data, "profits": profits})


@dataclass
class _File:
    name: str
    data: bytes
    refusal: Text | None = None


def _dossier_files(files: list[SourceFile], limits: ArchiveLimits) -> list[_File]:
    entries = [ArchiveEntry(f.path, f.read()) for f in files]
    expanded, refused = expand_nested(entries, limits)
    return [
        _File(e.name, e.data, refused[e.name].text if e.name in refused else None) for e in expanded
    ]


def _content_hash(row: ManifestRow, folder: str | None, files: list[_File]) -> str:
    digest = hashlib.sha256(
        json.dumps([_row_json(row), folder], ensure_ascii=False, sort_keys=True).encode()
    )
    for f in sorted(files, key=lambda f: f.name):
        digest.update(f.name.encode() + b"\0" + hashlib.sha256(f.data).digest())
    return digest.hexdigest()


def _inspect(worker: Inspector, f: _File) -> Inspection:
    if f.refusal is not None:
        return Inspection(FileStatus.HOSTILE, "zip", reason=f.refusal.en)
    return worker.inspect(f.name, f.data)


def _store_dossier(
    session: Session,
    round_id: str,
    row: ManifestRow,
    folder: str | None,
    files: list[tuple[_File, Inspection, str]],
    content_hash: str,
) -> DossierRow:
    dossier = session.scalars(
        select(DossierRow).where(DossierRow.enterprise == row.enterprise)
    ).first()
    if dossier is None:
        dossier = DossierRow(id=new_id(), round_id=round_id, created_at=datetime.now(UTC))
        session.add(dossier)
    else:
        session.execute(delete(DocumentRow).where(DocumentRow.dossier_id == dossier.id))
    dossier.seq = row.seq
    dossier.enterprise = row.enterprise
    dossier.uscc = row.uscc
    dossier.recommending_unit = row.recommending_unit
    dossier.industry = row.industry
    dossier.industry_code = row.industry_code
    dossier.focus_area = row.focus_area
    dossier.title = row.title
    dossier.profits = json.dumps(_row_json(row)["profits"])
    dossier.folder = folder
    dossier.contact = row.contact
    dossier.manifest_row = json.dumps(_row_json(row), ensure_ascii=False)
    dossier.content_hash = content_hash
    session.flush()
    for f, inspection, sha in files:
        doc = DocumentRow(
            id=new_id(),
            dossier_id=dossier.id,
            kind=document_kind(f.name).value,
            name=f.name,
            size=len(f.data),
            sha256=sha,
            detected_type=inspection.detected_type,
            status=inspection.status.value,
            pages=inspection.pages,
            inspection=json.dumps(replace(inspection, page_texts=()).to_json(), ensure_ascii=False),
        )
        session.add(doc)
        for page, text in enumerate(inspection.page_texts, start=1):
            if text.strip():
                session.add(PageTextRow(document_id=doc.id, page=page, text=text))
    unit = session.scalars(
        select(RecommendingUnitRow).where(RecommendingUnitRow.name == row.recommending_unit)
    ).first()
    if unit is None:
        session.add(
            RecommendingUnitRow(
                round_id=round_id,
                name=row.recommending_unit,
                ran_own_activity=row.unit_ran_own_activity,
            )
        )
    elif row.unit_ran_own_activity:
        unit.ran_own_activity = True
    return dossier


def import_batch(
    store: Store,
    source: Path,
    worker: Inspector,
    *,
    progress: ProgressFn | None = None,
    limits: ArchiveLimits | None = None,
) -> ImportReport:
    """Import a batch folder or archive into the workspace's round."""
    started = time.perf_counter()
    limits = limits or ArchiveLimits()
    with store.session() as session:
        round_id = round_row(session).id
    batch = open_source(source, limits)
    manifest = read_manifest(batch.manifest.read())
    match = match_folders(manifest.rows, batch.folders)
    folder_of = {m.row.row_number: m.folder for m in match.matches}
    added: list[str] = []
    updated: list[str] = []
    unchanged: list[str] = []
    total_files = 0
    total_bytes = 0
    for index, row in enumerate(manifest.rows, start=1):
        folder = folder_of.get(row.row_number)
        files = _dossier_files(batch.folders.get(folder, []), limits) if folder else []
        total_files += len(files)
        total_bytes += sum(len(f.data) for f in files)
        content_hash = _content_hash(row, folder, files)
        with store.session() as session:
            existing = session.scalars(
                select(DossierRow).where(DossierRow.enterprise == row.enterprise)
            ).first()
            known_hash = existing.content_hash if existing else None
        if known_hash == content_hash:
            unchanged.append(row.enterprise)
        else:
            inspected = []
            for f in files:
                inspection = _inspect(worker, f)
                inspected.append((f, inspection, store.documents.put(f.data)))
            with store.session() as session:
                dossier = _store_dossier(session, round_id, row, folder, inspected, content_hash)
                audit.record(
                    session,
                    actor=SECRETARIAT,
                    action="dossier.update" if known_hash else "dossier.import",
                    subject=dossier.id,
                    detail={"enterprise": row.enterprise, "files": len(files)},
                )
            (updated if known_hash else added).append(row.enterprise)
        if progress:
            progress(index, len(manifest.rows), row.enterprise)
    notes = [
        Text(
            f"顶层文件“{name}”不属于任何企业文件夹，已忽略。",
            f"The top-level file “{name}” belongs to no enterprise folder; ignored.",
        )
        for name in batch.stray_files
    ]
    notes += [
        Text(
            f"“{name}”是符号链接，出于安全考虑未读取。",
            f"“{name}” is a symbolic link; not followed, for safety.",
        )
        for name in batch.skipped_links
    ]
    facts = {
        "import.source": batch.name,
        "import.extra_folders": list(match.extra_folders),
        "import.problems": [asdict(p) for p in manifest.problems],
        "import.profit_years": list(manifest.profit_years),
    }
    with store.session() as session:
        stale = {
            key: value
            for key, value in facts.items()
            if (held := session.get(Meta, key)) is None or json.loads(held.value) != value
        }
        for key, value in stale.items():
            session.merge(Meta(key=key, value=json.dumps(value, ensure_ascii=False)))
        if stale or added or updated:
            audit.record(
                session,
                actor=SECRETARIAT,
                action="batch.import",
                subject=batch.name,
                detail={"added": len(added), "updated": len(updated), "unchanged": len(unchanged)},
            )
    return ImportReport(
        source=batch.name,
        added=tuple(added),
        updated=tuple(updated),
        unchanged=tuple(unchanged),
        name_mismatches=tuple((m.row.enterprise, m.folder) for m in match.name_mismatches),
        missing_folders=tuple(r.enterprise for r in match.missing_folders),
        extra_folders=match.extra_folders,
        files=total_files,
        bytes=total_bytes,
        seconds=time.perf_counter() - started,
        notes=tuple(notes),
    )
