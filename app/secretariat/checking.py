"""The formal review (形式审查) over what the workspace holds.

The rules in ``app.formal`` are pure; this module rebuilds their input from the
store: the 汇总表 rows as imported, the folder each was matched to, the extra
folders, and every file's inspection.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select

from app.formal.findings import Finding
from app.formal.model import CheckedDossier, CheckedFile, CheckInput, RuleLimits
from app.formal.rules import run_checks
from app.ingest.manifest import FolderMatch, ManifestProblem, MatchResult
from app.models.inspection import Inspection
from app.secretariat.importing import row_from_json
from app.secretariat.roster import round_row
from app.store.schema import DocumentRow, DossierRow, Meta
from app.store.store import Store


def _meta(store_value: Meta | None, default: Any) -> Any:
    return default if store_value is None else json.loads(store_value.value)


def check_input(store: Store, limits: RuleLimits | None = None) -> CheckInput:
    """The formal review's input, rebuilt from the workspace."""
    with store.session() as session:
        round_row(session)
        dossiers: list[CheckedDossier] = []
        matches: list[FolderMatch] = []
        missing = []
        for d in session.scalars(select(DossierRow).order_by(DossierRow.seq)):
            row = row_from_json(json.loads(d.manifest_row))
            files = tuple(
                CheckedFile(
                    doc.name, doc.size, Inspection.from_json(json.loads(doc.inspection)), doc.kind
                )
                for doc in session.scalars(
                    select(DocumentRow)
                    .where(DocumentRow.dossier_id == d.id)
                    .order_by(DocumentRow.name)
                )
            )
            dossiers.append(CheckedDossier(row, d.folder, files))
            if d.folder is None:
                missing.append(row)
            else:
                matches.append(FolderMatch(row, d.folder, exact=d.folder == row.enterprise))
        extra = tuple(_meta(session.get(Meta, "import.extra_folders"), []))
        problems = tuple(
            ManifestProblem(**p) for p in _meta(session.get(Meta, "import.problems"), [])
        )
    match = MatchResult(tuple(matches), tuple(missing), extra)
    return CheckInput(tuple(dossiers), match, limits or RuleLimits(), problems)


@dataclass(frozen=True)
class FormalReview:
    """The findings of one formal review and how many dossiers it looked at."""

    findings: list[Finding]
    dossiers_checked: int


def formal_review(store: Store, limits: RuleLimits | None = None) -> FormalReview:
    """Every finding of the formal review, in 序号 order."""
    data = check_input(store, limits)
    checked = sum(1 for d in data.dossiers if d.row is not None)
    return FormalReview(run_checks(data), checked)
