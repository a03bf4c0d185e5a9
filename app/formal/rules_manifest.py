"""Rules about the 汇总表 itself and how its rows pair with the enterprise folders.

These come first in a report because a row without a folder (or a folder without a
row) makes every later finding about that enterprise harder to trust.
"""

from __future__ import annotations

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.model import CheckInput
from app.ingest.manifest import ManifestRow

# Cells a row cannot do without (企业名称 is checked by the reader itself).
_REQUIRED: tuple[tuple[str, str, str], ...] = (
    ("uscc", "统一社会信用代码", "USCC"),
    ("recommending_unit", "推荐单位", "recommending unit"),
    ("industry_code", "行业代码", "industry code"),
    ("title", "典型经验名称", "experience title"),
)


def check_manifest(data: CheckInput) -> list[Finding]:
    """Folders missing, folders extra, spellings that differ, and incomplete rows."""
    out: list[Finding] = []
    for row in data.match.missing_folders:
        out.append(
            finding(
                "manifest.missing_folder",
                Text(
                    f"汇总表第 {row.row_number} 行的“{row.enterprise}”没有对应的材料文件夹。",
                    f"Row {row.row_number} of the table, '{row.enterprise}', "
                    "has no folder of materials.",
                ),
                enterprise=row.enterprise,
                seq=row.seq,
                row=row.row_number,
            )
        )
    for folder in data.match.extra_folders:
        out.append(
            finding(
                "manifest.extra_folder",
                Text(
                    f"文件夹“{folder}”在汇总表中没有对应的企业。",
                    f"Folder '{folder}' matches no enterprise in the table.",
                ),
                enterprise=folder,
                folder=folder,
            )
        )
    for match in data.match.name_mismatches:
        name = match.row.enterprise
        out.append(
            finding(
                "manifest.name_mismatch",
                Text(
                    f"汇总表中的企业名称“{name}”与文件夹名“{match.folder}”写法不一致"
                    "（已按规范化后的名称对应）。",
                    f"The table spells the enterprise '{name}' but its folder is named "
                    f"'{match.folder}' (paired after normalising the spelling).",
                ),
                enterprise=name,
                seq=match.row.seq,
                table_name=name,
                folder=match.folder,
            )
        )
    for row in data.rows():
        out.extend(_incomplete(row))
    out.extend(_problems(data))
    return out


def _incomplete(row: ManifestRow) -> list[Finding]:
    empty = [(zh, en) for key, zh, en in _REQUIRED if not str(getattr(row, key)).strip()]
    if not empty:
        return []
    return [
        finding(
            "manifest.row_incomplete",
            Text(
                f"汇总表第 {row.row_number} 行“{row.enterprise}”的必填项为空："
                + "、".join(zh for zh, _ in empty)
                + "。",
                f"Row {row.row_number} of the table ('{row.enterprise}') has empty required "
                "cells: " + ", ".join(f"{zh} ({en})" for zh, en in empty) + ".",
            ),
            enterprise=row.enterprise,
            seq=row.seq,
            row=row.row_number,
            columns=[zh for zh, _ in empty],
        )
    ]


def _problems(data: CheckInput) -> list[Finding]:
    """Turn what the 汇总表 reader noted into findings naming the row's enterprise."""
    by_number = {r.row_number: r for r in data.rows()}
    out: list[Finding] = []
    for problem in data.problems:
        row = by_number.get(problem.row_number)
        name = row.enterprise if row is not None else None
        seq = row.seq if row is not None else None
        number = problem.row_number
        if problem.kind == "missing_enterprise":
            out.append(
                finding(
                    "manifest.row_incomplete",
                    Text(
                        f"汇总表第 {number} 行的企业名称为空，该行未导入。",
                        f"Row {number} of the table has no enterprise name; it was not imported.",
                    ),
                    row=number,
                    columns=["企业名称"],
                )
            )
        elif problem.kind == "duplicate":
            out.append(
                finding(
                    "manifest.duplicate_row",
                    Text(
                        f"汇总表第 {number} 行的“{problem.value}”与前面的行重复。",
                        f"Row {number} of the table repeats '{problem.value}' from an earlier row.",
                    ),
                    enterprise=problem.value,
                    seq=seq,
                    row=number,
                )
            )
        else:
            out.append(
                finding(
                    "manifest.cell_unparseable",
                    Text(
                        f"汇总表第 {number} 行“{problem.column}”一栏的“{problem.value}”无法识别。",
                        f"Row {number} of the table: '{problem.value}' in column "
                        f"'{problem.column}' could not be read.",
                    ),
                    enterprise=name,
                    seq=seq,
                    row=number,
                    column=problem.column,
                    value=problem.value,
                )
            )
    return out
