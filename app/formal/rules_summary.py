"""Rules for the typical-experience summary (典型经验材料) and the application form.

Shanghai 附件1 fixes the summary's parts and their lengths: 摘要 ≤ 500, 企业概况 ≤ 500,
推进和应用情况 ≤ 8000, 实施效果 ≤ 2000 with three years of data. Headings are
numbered and worded in many ways ("三、典型经验推进和应用情况", "（四）实施效果"),
so a section is recognised by containment after stripping numbering and punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.model import CheckedDossier, CheckedFile, CheckInput, RuleLimits
from app.formal.rules_files import status_text
from app.models.dossier import DocumentKind
from app.models.inspection import FileStatus, Section


@dataclass(frozen=True)
class SectionSpec:
    """A required part of the summary: how its heading reads and how long it may be."""

    key: str
    name: str
    name_en: str
    keywords: tuple[str, ...]
    limit: Callable[[RuleLimits], int]


# Checked in this order, so "实施效果" is claimed before "推进…应用" could be.
SECTIONS: tuple[SectionSpec, ...] = (
    SectionSpec("abstract", "摘要", "abstract", ("摘要",), lambda lim: lim.abstract_chars),
    SectionSpec(
        "overview",
        "企业概况",
        "enterprise overview",
        ("企业概况", "单位概况", "公司概况", "企业简介", "单位简介", "公司简介"),
        lambda lim: lim.overview_chars,
    ),
    SectionSpec(
        "results",
        "实施效果",
        "results",
        ("实施效果", "应用效果", "实施成效", "应用成效"),
        lambda lim: lim.results_chars,
    ),
    SectionSpec(
        "progress",
        "推进和应用情况",
        "progress and application",
        ("推进和应用", "推进与应用", "推进及应用", "推进应用", "推广和应用", "推广应用"),
        lambda lim: lim.progress_chars,
    ),
)


def heading_key(title: str) -> str:
    """A heading without numbering, punctuation or spaces ("（四）实施效果" → "实施效果")."""
    return re.sub(r"[\W_]+", "", unicodedata.normalize("NFKC", title))


def find_sections(sections: tuple[Section, ...]) -> dict[str, Section]:
    """Each required part's heading: the outermost (then first) heading that names it."""
    found: dict[str, Section] = {}
    for section in sections:
        key = heading_key(section.title)
        spec = next((s for s in SECTIONS if any(k in key for k in s.keywords)), None)
        if spec is None:
            continue
        held = found.get(spec.key)
        if held is None or section.level < held.level:
            found[spec.key] = section
    return found


def section_limits(sections: tuple[Section, ...], limits: RuleLimits) -> dict[int, int]:
    """The length limit of each required part's heading, keyed by ``id()`` of its Section."""
    specs = {s.key: s for s in SECTIONS}
    return {
        id(section): specs[key].limit(limits) for key, section in find_sections(sections).items()
    }


def check_documents(data: CheckInput) -> list[Finding]:
    """Summary present, readable and complete; application form present."""
    out: list[Finding] = []
    for dossier in data.dossiers:
        if dossier.folder is not None:
            out.extend(_summary(dossier, data.limits))
            out.extend(_application(dossier))
    return out


def _seq(dossier: CheckedDossier) -> int | None:
    return dossier.row.seq if dossier.row is not None else None


def _summary(dossier: CheckedDossier, limits: RuleLimits) -> list[Finding]:
    name = dossier.enterprise
    summaries = [f for f in dossier.files if f.kind == DocumentKind.SUMMARY.value]
    if not summaries:
        return [
            finding(
                "summary.missing",
                Text(
                    f"“{name}”的材料中没有典型经验材料（文件名应含“典型经验”或“经验材料”）。",
                    f"The materials of '{name}' hold no typical-experience summary "
                    "(its file name should contain 典型经验 or 经验材料).",
                ),
                enterprise=name,
                seq=_seq(dossier),
            )
        ]
    readable = [f for f in summaries if f.inspection.status is FileStatus.OK]
    if not readable:
        out: list[Finding] = []
        for f in summaries:
            what = status_text(f.inspection.status, f.inspection.detected_type)
            out.append(
                finding(
                    "summary.unreadable",
                    Text(
                        f"“{name}”的典型经验材料“{f.name}”{what.zh}，未检查其章节。",
                        f"The summary '{f.name}' of '{name}' {what.en}; "
                        "its sections were not checked.",
                    ),
                    enterprise=name,
                    file=f.name,
                    seq=_seq(dossier),
                    status=f.inspection.status.value,
                )
            )
        return out
    best = max(readable, key=lambda f: len(f.inspection.sections))
    return _sections(dossier, best, limits)


def _sections(dossier: CheckedDossier, summary: CheckedFile, limits: RuleLimits) -> list[Finding]:
    name, file = dossier.enterprise, summary.name
    found = find_sections(summary.inspection.sections)
    out: list[Finding] = []
    for spec in SECTIONS:
        section = found.get(spec.key)
        if section is None:
            out.append(
                finding(
                    "summary.section_missing",
                    Text(
                        f"“{name}”的典型经验材料“{file}”中未找到“{spec.name}”部分。",
                        f"The summary '{file}' of '{name}' has no {spec.name_en} "
                        f"({spec.name}) section.",
                    ),
                    enterprise=name,
                    file=file,
                    seq=_seq(dossier),
                    section=spec.name,
                )
            )
            continue
        limit = spec.limit(limits)
        if section.chars > limit:
            out.append(
                finding(
                    "summary.section_too_long",
                    Text(
                        f"“{name}”的典型经验材料“{file}”中“{spec.name}”部分有 {section.chars} 字，"
                        f"超过 {limit} 字的限制。",
                        f"The {spec.name_en} ({spec.name}) of the summary '{file}' of '{name}' "
                        f"has {section.chars} characters, more than the {limit} allowed.",
                    ),
                    enterprise=name,
                    file=file,
                    seq=_seq(dossier),
                    section=spec.name,
                    chars=section.chars,
                    limit=limit,
                )
            )
        if spec.key == "results" and not section.has_year_table:
            out.append(
                finding(
                    "summary.no_data_table",
                    Text(
                        f"“{name}”的典型经验材料“{file}”中“实施效果”部分未见近三年的数据对比。",
                        f"The results (实施效果) of the summary '{file}' of '{name}' show "
                        "no data for the last three years.",
                    ),
                    enterprise=name,
                    file=file,
                    seq=_seq(dossier),
                    section=spec.name,
                )
            )
    return out


def _application(dossier: CheckedDossier) -> list[Finding]:
    if any(f.kind == DocumentKind.APPLICATION.value for f in dossier.files):
        return []
    name = dossier.enterprise
    return [
        finding(
            "application.missing",
            Text(
                f"“{name}”的材料中没有申报书（文件名应含“申报书”或“申报信息表”）。",
                f"The materials of '{name}' hold no application form "
                "(its file name should contain 申报书 or 申报信息表).",
            ),
            enterprise=name,
            seq=_seq(dossier),
        )
    ]
