"""The formal review (形式审查): every rule family run over one batch, in report order.

管理办法 第十八条: the office checks each recommended dossier's form and the
applicant's eligibility before the material review. The rules are split by
family (table, eligibility, title, documents, files); this module runs them all
and orders the findings the way a person reads the 汇总表 — by 序号, then rule.
"""

from __future__ import annotations

from app.formal.findings import Finding
from app.formal.model import CheckedDossier, CheckedFile, CheckInput, RuleLimits
from app.formal.rules_eligibility import check_eligibility
from app.formal.rules_files import check_files
from app.formal.rules_manifest import check_manifest
from app.formal.rules_summary import check_documents
from app.formal.rules_title import check_titles

__all__ = ["CheckInput", "CheckedDossier", "CheckedFile", "RuleLimits", "run_checks"]

_FAMILIES = (check_manifest, check_eligibility, check_titles, check_documents, check_files)


def _order(f: Finding) -> tuple[bool, int, str, str, str]:
    """By 序号 (findings without a row last), then rule id, enterprise and file."""
    return (f.seq is None, f.seq or 0, f.rule_id, f.enterprise or "", f.file or "")


def run_checks(data: CheckInput) -> list[Finding]:
    """All findings of the formal review for one batch, sorted by 序号 then rule."""
    findings = [f for family in _FAMILIES for f in family(data)]
    return sorted(findings, key=_order)
