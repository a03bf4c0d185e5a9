"""The viewer benchmark's data: a 500-page text PDF, a scanned-image PDF, and a store of 30+.

The two PDFs are generated here (Chinese text set with PyMuPDF's built-in CJK font; pages
of grey noise saved as JPEG, which compress about as badly as real 300 dpi scans). They
go into a copy of the demo expert's encrypted store the way an import puts them there:
bytes in documents.db, inspected by the document worker, page texts indexed for search.
The demo's dossiers are copied until the expert has at least 30 to search across.
"""

from __future__ import annotations

import json
import os
import shutil
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

import pymupdf as fitz
from sqlalchemy import select

from app.demo.round import PERSONAL_PASSPHRASE, build_demo_round
from app.documents.worker import DocumentWorker
from app.ingest.kinds import document_kind
from app.resources import CJK_FONT
from app.scoring.queries import owner_row
from app.secretariat.roster import new_id
from app.store.keyring import cheap_kdf_params
from app.store.schema import AssignmentRow, DocumentRow, DossierRow, PageTextRow
from app.store.store import Store

PASSAGE = (
    "本企业以顾客需求为导向，建立了覆盖设计、采购、制造和服务全过程的质量管理体系，"
    "运用六西格玛和精益生产方法持续改进关键工序，一次交验合格率由百分之九十六提升到"
    "百分之九十九点三，质量损失率连续三年下降，主要指标达到行业领先水平。"
)


@dataclass(frozen=True)
class ViewerData:
    """Where the benchmark's store and plain copies of its two PDFs are."""

    store: Path
    text_pdf: Path
    scan_pdf: Path
    text_dossier: str
    scan_dossier: str
    dossiers: int

    def to_json(self) -> dict[str, object]:
        return {k: str(v) if isinstance(v, Path) else v for k, v in self.__dict__.items()}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ViewerData:
        return cls(
            store=Path(str(data["store"])),
            text_pdf=Path(str(data["text_pdf"])),
            scan_pdf=Path(str(data["scan_pdf"])),
            text_dossier=str(data["text_dossier"]),
            scan_dossier=str(data["scan_dossier"]),
            dossiers=int(str(data["dossiers"])),
        )


def make_text_pdf(path: Path, pages: int) -> None:
    """A long application form: every page full of Chinese text in an embedded font."""
    doc = fitz.open()
    for number in range(1, pages + 1):
        page = doc.new_page(width=595, height=842)
        page.insert_font(fontname="wqy", fontfile=str(CJK_FONT))
        for repeat in range(6, 0, -1):  # as much text as fits on the page
            spare = page.insert_textbox(
                fitz.Rect(60, 60, 535, 790),
                f"第 {number} 页\n\n" + PASSAGE * repeat,
                fontname="wqy",
                fontsize=11,
            )
            if spare >= 0:
                break
    doc.subset_fonts()  # an embedded subset, as word processors write it
    doc.save(path, garbage=3, deflate=True)
    doc.close()


def make_scan_pdf(path: Path, megabytes: int) -> None:
    """Scanned evidence: A4 pages at 200 dpi, grey noise as JPEG, until the size is reached."""
    width, height = 1654, 2339
    doc = fitz.open()
    size = 0
    while size < megabytes * 1_000_000:
        noise = bytearray(os.urandom(width * height))
        pixmap = fitz.Pixmap(fitz.csGRAY, width, height, bytes(noise), False)
        jpeg = pixmap.tobytes("jpg", jpg_quality=85)
        page = doc.new_page(width=595, height=842)
        page.insert_image(page.rect, stream=jpeg)
        size += len(jpeg)
    doc.save(path)
    doc.close()


def _add_document(store: Store, worker: DocumentWorker, dossier_id: str, path: Path) -> DocumentRow:
    data = path.read_bytes()
    inspection = worker.inspect(path.name, data, timeout=600)
    sha = store.documents.put(data)
    row = DocumentRow(
        id=new_id(),
        dossier_id=dossier_id,
        kind=document_kind(path.name).value,
        name=path.name,
        size=len(data),
        sha256=sha,
        detected_type=inspection.detected_type,
        status=inspection.status.value,
        pages=inspection.pages,
        inspection=json.dumps(replace(inspection, page_texts=()).to_json(), ensure_ascii=False),
    )
    with store.session() as session:
        session.add(row)
        for page, text in enumerate(inspection.page_texts, start=1):
            if text.strip():
                session.add(PageTextRow(document_id=row.id, page=page, text=text))
    return row


def _new_dossier(store: Store, enterprise: str, template: DossierRow, seq: int) -> str:
    with store.session() as session:
        owner = owner_row(session)
        dossier = DossierRow(
            id=new_id(),
            round_id=template.round_id,
            seq=seq,
            enterprise=enterprise,
            uscc=template.uscc,
            recommending_unit=template.recommending_unit,
            industry=template.industry,
            industry_code=template.industry_code,
            focus_area=template.focus_area,
            title=f"{enterprise}质量管理经验",
            profits=template.profits,
            folder=None,
            contact="",
            content_hash="",
            created_at=datetime.now(UTC),
        )
        session.add(dossier)
        session.flush()
        session.add(AssignmentRow(dossier_id=dossier.id, group_id=owner.group_id))
        return dossier.id


def _copy_dossiers(store: Store, target: int) -> int:
    """Copy the expert's dossiers (documents and page texts too) until there are ``target``."""
    with store.session() as session:
        owner = owner_row(session)
        originals = list(
            session.scalars(
                select(DossierRow)
                .join(AssignmentRow, AssignmentRow.dossier_id == DossierRow.id)
                .where(AssignmentRow.group_id == owner.group_id)
                .order_by(DossierRow.seq)
            )
        )
        count, copy = len(originals), 0
        while count < target:
            copy += 1
            for original in originals:
                if count >= target:
                    break
                clone = DossierRow(
                    **{
                        c.key: getattr(original, c.key)
                        for c in DossierRow.__table__.columns
                        if c.key not in ("id", "enterprise", "seq")
                    },
                    id=new_id(),
                    enterprise=f"{original.enterprise}（副本{copy}）",
                    seq=original.seq + 100 * copy,
                )
                session.add(clone)
                session.flush()
                session.add(AssignmentRow(dossier_id=clone.id, group_id=owner.group_id))
                for doc in session.scalars(
                    select(DocumentRow).where(DocumentRow.dossier_id == original.id)
                ):
                    new_doc = DocumentRow(
                        **{
                            c.key: getattr(doc, c.key)
                            for c in DocumentRow.__table__.columns
                            if c.key not in ("id", "dossier_id")
                        },
                        id=new_id(),
                        dossier_id=clone.id,
                    )
                    session.add(new_doc)
                    session.flush()
                    for text in session.scalars(
                        select(PageTextRow).where(PageTextRow.document_id == doc.id)
                    ):
                        session.add(
                            PageTextRow(document_id=new_doc.id, page=text.page, text=text.text)
                        )
                count += 1
        return count


def build_viewer_data(work: Path, *, text_pages: int, scan_mb: int, dossiers: int) -> ViewerData:
    """Generate the PDFs and the expert's store holding them among ``dossiers`` others."""
    demo = build_demo_round(work / "demo", kdf=cheap_kdf_params())
    store_path = work / "viewer-store"
    shutil.copytree(demo.stores["expert"], store_path)
    text_pdf, scan_pdf = work / "申报书-500页.pdf", work / "证明材料-扫描件.pdf"
    make_text_pdf(text_pdf, text_pages)
    make_scan_pdf(scan_pdf, scan_mb)
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store, DocumentWorker() as worker:
        with store.session() as session:
            owner = owner_row(session)
            template = session.scalars(
                select(DossierRow)
                .join(AssignmentRow, AssignmentRow.dossier_id == DossierRow.id)
                .where(AssignmentRow.group_id == owner.group_id)
            ).first()
            assert template is not None
            session.expunge(template)
        total = _copy_dossiers(store, dossiers - 2) + 2
        text_dossier = _new_dossier(store, "基准测试甲公司（长文本）", template, 901)
        scan_dossier = _new_dossier(store, "基准测试乙公司（扫描件）", template, 902)
        _add_document(store, worker, text_dossier, text_pdf)
        _add_document(store, worker, scan_dossier, scan_pdf)
    shutil.rmtree(work / "demo", ignore_errors=True)
    return ViewerData(store_path, text_pdf, scan_pdf, text_dossier, scan_dossier, total)
