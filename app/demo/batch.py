"""The demo batch: a province's delivery of twelve dossiers, six of them with a formal defect.

The demo round, the README quick start and the formal-review tests all import this batch, so it
is deterministic (fixed seeds, fixed timestamps) and records which defects it seeded where.
:mod:`app.demo.defects` reuses the same plan/writer machinery for its fixture batch.
"""

from __future__ import annotations

import random
import struct
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from app.demo.documents import (
    SummaryRow,
    application_pdf_bytes,
    evidence_pages,
    scan_pdf_bytes,
    write_experience_docx,
    write_manifest_xlsx,
)
from app.demo.documents_scan import jpeg_bytes
from app.demo.prose import ExperienceVariant, compose_experience, metrics_for
from app.demo.prose_enterprises import UNITS, enterprise
from app.demo.prose_model import EnterpriseProfile, Experience, Para
from app.demo.uscc import break_check_char, make_uscc

SEED = "qbr-demo-2024"
BATCH_TITLE = "2024年度全国质量标杆推荐汇总表"
ZIP_FOLDER = "2024年度质量标杆申报材料"
ZIP_TIME = (2024, 2, 26, 9, 30, 0)
OLE2_MAGIC = bytes.fromhex("D0CF11E0A1B11AE1")
CERTIFICATE, QC_AWARD, TEST_REPORT = "质量管理体系认证证书", "QC小组活动成果证书", "检测报告"


@dataclass(frozen=True)
class DemoBatch:
    """A written batch: where it is, its enterprises in 序号 order, and the seeded defects.

    ``defects`` pairs a formal-review rule id with the enterprise (or stray folder) name it
    must be reported for; every other enterprise passes the formal review.
    """

    root: Path
    enterprises: tuple[str, ...]
    defects: tuple[tuple[str, str], ...]


ExtraKind = Literal[
    "legacy_doc", "executable", "empty", "corrupt_pdf", "png_as_pdf", "encrypted_pdf", "padding_jpg"
]


@dataclass(frozen=True)
class ExtraFile:
    """A file added to a dossier folder beyond the regular ones, usually a broken one.

    ``size`` is the total size of a ``padding_jpg`` (a real JPEG, then sparse zeros).
    """

    name: str
    kind: ExtraKind
    size: int = 0


@dataclass(frozen=True)
class DossierPlan:
    """How one enterprise appears in the batch, including the defect it carries, if any."""

    profile: EnterpriseProfile
    heading_styles: bool = True
    variant: ExperienceVariant = field(default_factory=ExperienceVariant)
    bad_uscc: bool = False
    loss_year: int | None = None
    folder_name: str | None = None
    with_folder: bool = True
    in_manifest: bool = True
    extras: tuple[ExtraFile, ...] = ()
    defect: str | None = None


def evidence_kinds(profile: EnterpriseProfile, index: int) -> list[str]:
    """One or two pieces of evidence, as a real dossier would attach for its method."""
    if profile.method == "QC小组":
        return [CERTIFICATE, QC_AWARD]
    return [CERTIFICATE, TEST_REPORT] if index % 2 == 0 else [TEST_REPORT]


def summary_row(seq: int, p: DossierPlan, title: str) -> SummaryRow:
    """The 汇总表 row of a plan, with its seeded USCC or profit defect applied."""
    profile = p.profile
    uscc = make_uscc(profile.division, profile.org_digits)
    profits = list(profile.profits)
    if p.loss_year is not None:
        profits[p.loss_year] = -round(abs(profits[p.loss_year]) * 0.047, 1)
    unit, activity = UNITS[profile.province]
    return SummaryRow(
        seq=seq,
        name=profile.name,
        uscc=break_check_char(uscc) if p.bad_uscc else uscc,
        unit=unit,
        unit_activity=activity,
        industry=profile.industry,
        code=profile.code,
        focus=profile.focus,
        title=title,
        profits=(profits[0], profits[1], profits[2]),
        contact=profile.contact,
        phone=profile.phone,
    )


def legacy_doc_bytes(text: str) -> bytes:
    """An old binary Word file: an OLE2 compound-file header followed by UTF-16 text sectors."""
    header = bytearray(OLE2_MAGIC + bytes(16))
    header += struct.pack(
        "<HHHHH6xIIIIIIIII", 0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0
    )
    header += struct.pack("<I", 0) + b"\xff" * (512 - len(header) - 4)
    body = text.encode("utf-16-le")
    body += bytes(-len(body) % 512)
    return bytes(header) + body + b"\xfd\xff\xff\xff" + b"\xfe\xff\xff\xff" * 127


def executable_bytes() -> bytes:
    """A Windows executable's start: MZ header, DOS stub and a PE signature at e_lfanew."""
    head = bytearray(b"MZ" + b"\x90\x00\x03\x00" + bytes(0x3C - 6))
    head += struct.pack("<I", 0x80)
    head += b"\x0e\x1f\xba\x0e\x00\xb4\x09\xcd\x21\xb8\x01\x4c\xcd\x21"
    head += b"This program cannot be run in DOS mode.\r\r\n$"
    head += bytes(0x80 - len(head))
    head += b"PE\x00\x00" + struct.pack("<HH", 0x14C, 3) + bytes(1024)
    return bytes(head)


def _write_extra(
    folder: Path, extra: ExtraFile, profile: EnterpriseProfile, rng: random.Random
) -> None:
    path = folder / extra.name
    if extra.kind == "legacy_doc":
        path.write_bytes(legacy_doc_bytes(f"{profile.name}质量管理工作总结。" * 40))
    elif extra.kind == "executable":
        path.write_bytes(executable_bytes())
    elif extra.kind == "empty":
        path.write_bytes(b"")
    elif extra.kind == "corrupt_pdf":
        path.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + rng.randbytes(48_000))
    elif extra.kind == "png_as_pdf":
        page = evidence_pages(CERTIFICATE, profile, rng)[0].resize((620, 877))
        page.save(path, "PNG")
    elif extra.kind == "encrypted_pdf":
        pages = evidence_pages(TEST_REPORT, profile, rng)
        path.write_bytes(scan_pdf_bytes(pages, password="zlbg2024"))
    elif extra.kind == "padding_jpg":
        data = jpeg_bytes(evidence_pages(CERTIFICATE, profile, rng)[0])
        with path.open("wb") as handle:
            handle.write(data)
            handle.truncate(max(extra.size, len(data) + 1))
    else:
        raise ValueError(f"unknown extra file kind {extra.kind!r}")


def write_dossier(
    folder: Path, p: DossierPlan, row: SummaryRow, experience: Experience, index: int
) -> None:
    """The enterprise's folder: 申报书.pdf, 典型经验材料.docx, evidence PDFs and any extras."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = p.profile
    rng = random.Random(f"{SEED}:{profile.key}:files")
    kinds = evidence_kinds(profile, index)
    names = [f"证明材料{i}-{kind}.pdf" for i, kind in enumerate(kinds, start=1)]
    abstract = experience.section("摘要")
    paragraphs = [b.text for b in abstract.blocks if isinstance(b, Para)] if abstract else []
    form = application_pdf_bytes(row, profile, metrics_for(profile), paragraphs, names)
    (folder / "申报书.pdf").write_bytes(form)
    write_experience_docx(
        folder / "典型经验材料.docx",
        experience,
        heading_styles=p.heading_styles,
        author=profile.short,
    )
    for name, kind in zip(names, kinds, strict=True):
        (folder / name).write_bytes(scan_pdf_bytes(evidence_pages(kind, profile, rng)))
    for extra in p.extras:
        _write_extra(folder, extra, profile, rng)


def write_batch(root: Path, plans: list[DossierPlan]) -> DemoBatch:
    """Writes 汇总表.xlsx and the dossier folders of ``plans`` under ``root``."""
    root.mkdir(parents=True, exist_ok=True)
    rows: list[SummaryRow] = []
    defects: list[tuple[str, str]] = []
    for index, p in enumerate(plans):
        experience = compose_experience(p.profile, p.variant)
        row = summary_row(len(rows) + 1, p, experience.title)
        if p.in_manifest:
            rows.append(row)
        if p.with_folder:
            write_dossier(root / (p.folder_name or p.profile.name), p, row, experience, index)
        if p.defect:
            defects.append((p.defect, p.profile.name))
    write_manifest_xlsx(root / "汇总表.xlsx", rows, title=BATCH_TITLE)
    return DemoBatch(root, tuple(r.name for r in rows), tuple(defects))


def demo_plans() -> list[DossierPlan]:
    """The twelve enterprises of the demo batch; six carry one formal-review defect each."""
    lanhai = enterprise("lanhai").name
    return [
        DossierPlan(
            enterprise("qiheng"),
            variant=ExperienceVariant(long_title=True),
            defect="title.too_long",
        ),
        DossierPlan(enterprise("huilan"), heading_styles=False),
        DossierPlan(enterprise("haihong")),
        DossierPlan(
            enterprise("lanhai"),
            heading_styles=False,
            folder_name=lanhai.replace("（", "(").replace("）", ")"),
            defect="manifest.name_mismatch",
        ),
        DossierPlan(enterprise("lufeng"), loss_year=1, defect="eligibility.loss"),
        DossierPlan(
            enterprise("ruize"),
            heading_styles=False,
            extras=(ExtraFile("佐证材料-质量奖申报报告.doc", "legacy_doc"),),
            defect="file.legacy_doc",
        ),
        DossierPlan(enterprise("puchen")),
        DossierPlan(
            enterprise("shenyao"), heading_styles=False, bad_uscc=True, defect="uscc.invalid"
        ),
        DossierPlan(enterprise("linjiang")),
        DossierPlan(enterprise("qianrun"), heading_styles=False),
        DossierPlan(
            enterprise("yongfeng"),
            variant=ExperienceVariant(long_abstract=True),
            defect="summary.section_too_long",
        ),
        DossierPlan(enterprise("chufeng"), heading_styles=False),
    ]


def build_demo_batch(target: Path) -> DemoBatch:
    """Writes the demo batch folder at ``target`` (汇总表.xlsx + one folder per enterprise)."""
    return write_batch(target, demo_plans())


def zip_folder(folder: Path, target_zip: Path, arc_root: str) -> None:
    """Zips a folder under ``arc_root`` with UTF-8 names and fixed timestamps, in name order."""
    target_zip.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(target_zip, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            relative = path.relative_to(folder).as_posix()
            name = f"{arc_root}/{relative}" + ("/" if path.is_dir() else "")
            info = zipfile.ZipInfo(name, ZIP_TIME)
            info.flag_bits |= 0x800
            if path.is_dir():
                archive.writestr(info, b"")
            else:
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def build_demo_zip(target_zip: Path) -> DemoBatch:
    """The demo batch as one ZIP holding the batch folder; ``root`` is the ZIP file."""
    with tempfile.TemporaryDirectory(prefix="qbr-demo-") as tmp:
        folder = Path(tmp) / ZIP_FOLDER
        batch = build_demo_batch(folder)
        zip_folder(folder, target_zip, ZIP_FOLDER)
    return DemoBatch(target_zip, batch.enterprises, batch.defects)
