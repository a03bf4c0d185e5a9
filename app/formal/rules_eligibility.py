"""Eligibility rules (申报资格): credit code, three profitable years, quota, industry.

管理办法 第九条 asks for an independent legal person profitable three years running;
第十七条 and the notices give each recommending unit three places (five where it
ran its own regional activity); 第十条 and the notices bound the industries. The
figures all come from the 汇总表, so these rules read rows, not documents.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from app.errors import Text
from app.formal.findings import Finding, finding
from app.formal.industry import (
    IndustryCode,
    IndustryScope,
    bundled_industry_scope,
    parse_industry_code,
)
from app.formal.model import CheckInput
from app.formal.uscc import uscc_problem
from app.ingest.manifest import ManifestRow, normalise_name


def check_eligibility(data: CheckInput) -> list[Finding]:
    """USCC, profits, industry per row, then the quota across rows."""
    scope = data.industry_scope or bundled_industry_scope()
    out: list[Finding] = []
    rows = data.rows()
    latest = max((year for row in rows for year, _ in row.profits), default=None)
    for row in rows:
        out.extend(_uscc(row))
        out.extend(_profits(row, latest, data.limits.profit_years))
        out.extend(_industry(row, scope))
    out.extend(_quota(rows, data.limits.quota, data.limits.quota_own_activity))
    return out


def _uscc(row: ManifestRow) -> list[Finding]:
    if not row.uscc.strip():
        return []  # reported as an empty required cell
    problem = uscc_problem(row.uscc)
    if problem is None:
        return []
    return [
        finding(
            "uscc.invalid",
            Text(
                f"“{row.enterprise}”的统一社会信用代码“{row.uscc}”无效：{problem.zh}。",
                f"The unified social credit code '{row.uscc}' of '{row.enterprise}' "
                f"is invalid: {problem.en}.",
            ),
            enterprise=row.enterprise,
            seq=row.seq,
            uscc=row.uscc,
            reason=problem.en,
        )
    ]


def _profits(row: ManifestRow, latest: int | None, years_needed: int) -> list[Finding]:
    """The last ``years_needed`` years up to the table's latest year must all be > 0."""
    if latest is None:
        return []
    given = dict(row.profits)
    wanted = range(latest - years_needed + 1, latest + 1)
    missing = [y for y in wanted if given.get(y) is None]
    losses = [(y, p) for y in wanted if (p := given.get(y)) is not None and p <= 0]
    out: list[Finding] = []
    if missing:
        years = "、".join(f"{y}年" for y in missing)
        out.append(
            finding(
                "eligibility.profit_missing",
                Text(
                    f"“{row.enterprise}”缺少 {years} 的利润总额（空白或无法识别为数字），"
                    f"无法确认近 {years_needed} 年连续盈利。",
                    f"'{row.enterprise}' gives no profit for "
                    + ", ".join(str(y) for y in missing)
                    + f" (empty or not a number), so {years_needed} profitable years "
                    "cannot be confirmed.",
                ),
                enterprise=row.enterprise,
                seq=row.seq,
                years=missing,
            )
        )
    if losses:
        zh = "、".join(f"{y}年 {_amount(p)} 万元" for y, p in losses)
        en = ", ".join(f"{_amount(p)} (10k yuan) in {y}" for y, p in losses)
        out.append(
            finding(
                "eligibility.loss",
                Text(
                    f"“{row.enterprise}”未能近 {years_needed} 年连续盈利：利润总额 {zh}。",
                    f"'{row.enterprise}' was not profitable in each of the last "
                    f"{years_needed} years: profit {en}.",
                ),
                enterprise=row.enterprise,
                seq=row.seq,
                profits={str(y): str(p) for y, p in losses},
            )
        )
    return out


def _amount(value: Decimal) -> str:
    """120 rather than 1.2E+2 or 120.00."""
    return f"{value.normalize():f}"


def _quota(rows: tuple[ManifestRow, ...], quota: int, own_quota: int) -> list[Finding]:
    """Rows beyond a recommending unit's quota, counted in 序号 order."""
    by_unit: dict[str, list[ManifestRow]] = defaultdict(list)
    for row in rows:
        if row.recommending_unit.strip():
            by_unit[normalise_name(row.recommending_unit)].append(row)
    out: list[Finding] = []
    for unit_rows in by_unit.values():
        own = any(r.unit_ran_own_activity for r in unit_rows)
        limit = own_quota if own else quota
        count = len(unit_rows)
        unit = unit_rows[0].recommending_unit
        basis_zh = "已开展本地区活动" if own else "未开展本地区活动"
        basis_en = "ran its own activity" if own else "ran no activity of its own"
        for place, row in enumerate(unit_rows[limit:], start=limit + 1):
            out.append(
                finding(
                    "quota.exceeded",
                    Text(
                        f"推荐单位“{unit}”推荐了 {count} 项，名额为 {limit} 项（{basis_zh}）；"
                        f"“{row.enterprise}”（序号 {row.seq}）是第 {place} 项，超出名额。",
                        f"Recommending unit '{unit}' put forward {count} entries against a "
                        f"quota of {limit} ({basis_en}); '{row.enterprise}' (No. {row.seq}) "
                        f"is entry {place}, beyond the quota.",
                    ),
                    enterprise=row.enterprise,
                    seq=row.seq,
                    recommending_unit=unit,
                    quota=limit,
                    count=count,
                    place=place,
                )
            )
    return out


def _industry(row: ManifestRow, scope: IndustryScope) -> list[Finding]:
    if not row.industry_code.strip():
        return []  # reported as an empty required cell
    parsed = parse_industry_code(row.industry_code, scope)
    if not isinstance(parsed, IndustryCode):
        return [
            finding(
                "industry.code_invalid",
                Text(
                    f"“{row.enterprise}”的行业代码无法识别：{parsed.zh}。",
                    f"The industry code of '{row.enterprise}' cannot be read: {parsed.en}.",
                ),
                enterprise=row.enterprise,
                seq=row.seq,
                code=row.industry_code,
            )
        ]
    section = parsed.section
    if parsed.division is None:
        divisions = range(section.first, section.last + 1)
        admitted = [d for d in divisions if scope.admits(d)]
        if len(admitted) == len(divisions):
            return []
        if admitted:
            return [
                finding(
                    "industry.code_invalid",
                    Text(
                        f"“{row.enterprise}”的行业代码只有门类“{section.letter}”"
                        f"（{section.name}），该门类仅部分在遴选范围内，请填写两位大类代码。",
                        f"The industry code of '{row.enterprise}' gives only section "
                        f"{section.letter} ({section.name_en}), which is only partly in "
                        "scope; give the two-digit division.",
                    ),
                    enterprise=row.enterprise,
                    seq=row.seq,
                    code=row.industry_code,
                )
            ]
    elif scope.admits(parsed.division):
        return []
    division = "" if parsed.division is None else f"{parsed.division:02d}"
    return [
        finding(
            "industry.out_of_scope",
            Text(
                f"“{row.enterprise}”的行业代码“{row.industry_code}”（门类 {section.letter} "
                f"{section.name}{'，大类 ' + division if division else ''}）不在遴选范围内"
                "（国民经济行业分类 06–46 大类及生产性服务业）。",
                f"The industry code '{row.industry_code}' of '{row.enterprise}' (section "
                f"{section.letter} {section.name_en}{', division ' + division if division else ''})"
                " is outside the scope (GB/T 4754-2017 divisions 06–46 and productive services).",
            ),
            enterprise=row.enterprise,
            seq=row.seq,
            code=row.industry_code,
            section=section.letter,
            division=division or None,
        )
    ]
