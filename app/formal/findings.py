"""What the formal review (形式审查) found, and the catalogue of its rules.

Every finding carries a stable rule id: scripts filter on it, the report counts by
it, and a secretariat can agree with a province which ids block a dossier. The
severity belongs to the rule, not to the place that raises it, so it is looked
up here and the same rule always weighs the same.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from app.errors import Text

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Rule:
    """One check of the formal review, with the severity its findings carry."""

    id: str
    severity: Severity
    title: Text


@dataclass(frozen=True)
class Finding:
    """One thing the formal review found wrong with a dossier or the batch."""

    rule_id: str
    severity: Severity
    enterprise: str | None
    file: str | None
    message: Text
    details: dict[str, object] = field(default_factory=dict)
    seq: int | None = None  # the dossier's 序号 in the 汇总表, where it has a row


def _rule(rule_id: str, severity: Severity, zh: str, en: str) -> Rule:
    return Rule(rule_id, severity, Text(zh, en))


RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        _rule(
            "manifest.missing_folder",
            "error",
            "汇总表中的企业没有材料文件夹",
            "Enterprise in the table has no folder",
        ),
        _rule(
            "manifest.extra_folder", "error", "文件夹不在汇总表中", "Folder not listed in the table"
        ),
        _rule(
            "manifest.name_mismatch",
            "warning",
            "企业名称与文件夹名写法不一致",
            "Enterprise name and folder name differ",
        ),
        _rule(
            "manifest.row_incomplete",
            "error",
            "汇总表必填项为空",
            "Required cell of the table is empty",
        ),
        _rule(
            "manifest.duplicate_row",
            "error",
            "汇总表中企业重复",
            "Enterprise listed twice in the table",
        ),
        _rule(
            "manifest.cell_unparseable",
            "warning",
            "汇总表单元格无法识别",
            "Table cell could not be read",
        ),
        _rule(
            "uscc.invalid", "error", "统一社会信用代码无效", "Invalid unified social credit code"
        ),
        _rule(
            "eligibility.loss", "error", "近三年未连续盈利", "Not profitable in each of the years"
        ),
        _rule(
            "eligibility.profit_missing", "error", "缺少年度利润数据", "Profit of a year missing"
        ),
        _rule("quota.exceeded", "error", "超出推荐名额", "Beyond the recommending unit's quota"),
        _rule(
            "industry.out_of_scope",
            "error",
            "所属行业不在遴选范围内",
            "Industry outside the selection's scope",
        ),
        _rule("industry.code_invalid", "error", "行业代码无法识别", "Industry code not recognised"),
        _rule("title.too_long", "error", "典型经验名称超过字数限制", "Experience title too long"),
        _rule(
            "title.pattern",
            "warning",
            "典型经验名称不符合命名规则",
            "Experience title does not follow the naming rule",
        ),
        _rule("summary.missing", "error", "缺少典型经验材料", "Typical-experience summary missing"),
        _rule(
            "summary.unreadable",
            "error",
            "典型经验材料无法读取",
            "Typical-experience summary unreadable",
        ),
        _rule(
            "summary.section_missing",
            "error",
            "典型经验材料缺少章节",
            "Section missing from the summary",
        ),
        _rule("summary.section_too_long", "error", "章节超过字数限制", "Section too long"),
        _rule(
            "summary.no_data_table",
            "warning",
            "实施效果缺少近三年数据",
            "Results without three years of data",
        ),
        _rule("application.missing", "warning", "缺少申报书", "Application form missing"),
        _rule("file.encrypted", "error", "文件已加密", "File is encrypted"),
        _rule("file.corrupt", "error", "文件已损坏", "File is damaged"),
        _rule("file.wrong_type", "error", "文件内容与扩展名不符", "File content does not match"),
        _rule("file.empty", "error", "文件为空", "File is empty"),
        _rule("file.legacy_doc", "error", "旧版 Word (.doc) 文件", "Old Word (.doc) file"),
        _rule("file.executable", "error", "可执行文件", "Executable file"),
        _rule("file.unsupported", "warning", "不支持的文件类型", "Unsupported file type"),
        _rule("file.hostile", "error", "文件含有不安全内容", "File with unsafe content"),
        _rule("file.unreadable", "error", "文件读取失败", "File could not be read"),
        _rule("file.too_large", "error", "申报材料超过大小限制", "Dossier larger than allowed"),
    )
}


def finding(
    rule_id: str,
    message: Text,
    *,
    enterprise: str | None = None,
    file: str | None = None,
    seq: int | None = None,
    **details: object,
) -> Finding:
    """A finding of a catalogued rule, with the rule's own severity."""
    rule = RULES[rule_id]
    return Finding(rule.id, rule.severity, enterprise, file, message, dict(details), seq)
