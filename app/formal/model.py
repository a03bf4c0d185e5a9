"""What the formal review (形式审查) reads: plain data assembled by the batch import.

The rules see no database and no files: the import reads the 汇总表, matches its
rows to folders, inspects each file in the worker, and hands the results in here.
That keeps every rule a pure function that tests can feed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from app.formal.industry import IndustryScope
from app.ingest.manifest import ManifestProblem, ManifestRow, MatchResult
from app.models.inspection import Inspection


@dataclass(frozen=True)
class RuleLimits:
    """The numbers the rules hold dossiers to.

    Defaults come from the material rules: Shanghai 附件1 (title and section
    lengths), Shandong (200 MB per enterprise), the national notice (quota 3, or
    5 where the recommending unit ran its own activity) and 管理办法 第九条
    (three profitable years).
    """

    title_chars: int = 40
    abstract_chars: int = 500  # 摘要
    overview_chars: int = 500  # 企业概况
    progress_chars: int = 8000  # 推进和应用情况
    results_chars: int = 2000  # 实施效果
    dossier_bytes: int = 200 * 1024 * 1024
    quota: int = 3
    quota_own_activity: int = 5
    profit_years: int = 3


@dataclass(frozen=True)
class CheckedFile:
    """One file of a dossier with what the document inspector found in it."""

    name: str
    size: int
    inspection: Inspection
    kind: str  # an app.models.dossier.DocumentKind value


@dataclass(frozen=True)
class CheckedDossier:
    """A dossier as imported: its 汇总表 row and/or its folder, and the folder's files."""

    row: ManifestRow | None
    folder: str | None
    files: tuple[CheckedFile, ...] = ()

    @property
    def enterprise(self) -> str | None:
        """The name findings use: the table's spelling, else the folder's."""
        return self.row.enterprise if self.row is not None else self.folder


@dataclass(frozen=True)
class CheckInput:
    """Everything one run of the formal review looks at."""

    dossiers: tuple[CheckedDossier, ...]
    match: MatchResult
    limits: RuleLimits = field(default_factory=RuleLimits)
    problems: tuple[ManifestProblem, ...] = ()  # from Manifest.problems
    industry_scope: IndustryScope | None = None  # None: the bundled table

    def rows(self) -> tuple[ManifestRow, ...]:
        """Every 汇总表 row the review knows of, in 序号 order, each once."""
        found: dict[int, ManifestRow] = {}
        candidates = [d.row for d in self.dossiers if d.row is not None]
        candidates += [m.row for m in self.match.matches] + list(self.match.missing_folders)
        for row in candidates:
            found.setdefault(row.row_number, row)
        return tuple(sorted(found.values(), key=lambda r: (r.seq, r.row_number)))
