"""Score sheets made by hand for the consolidation tests: a round, a group and its members."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from app.models.round import ConsolidationRule, Group, Person, Role, Round, Stage
from app.models.scheme import load_scheme
from app.sheets.payload import GENESIS, ScoreSheet, SheetEntry

SCHEME = load_scheme()
ASPECTS = tuple(a.key for a in SCHEME.aspects)
"""science, innovation, system, demonstration, effect (25 points), development."""

GROUP = Group("g1", "制造业专业组")
LEADER = Person("p-lead", "李明华", "清华大学", Role.LEADER, "g1")
ZHANG = Person("p-zhang", "张伟", "上海交通大学", Role.EXPERT, "g1")
LIU = Person("p-liu", "刘芳", "中国航空综合技术研究所", Role.EXPERT, "g1")
CHEN = Person("p-chen", "陈静", "江苏省质量和标准化研究院", Role.EXPERT, "g1")
MEMBERS = (LEADER, ZHANG, LIU, CHEN)


def make_round(k: int = 2, rule: ConsolidationRule | None = None) -> Round:
    return Round(
        "r1", "2024年全国质量标杆遴选", 2024, Stage.MATERIAL, SCHEME, k, rule or ConsolidationRule()
    )


def scores(*values: str | float) -> dict[str, Decimal]:
    """Six aspect scores in scheme order."""
    assert len(values) == len(ASPECTS)
    return {key: Decimal(str(v)) for key, v in zip(ASPECTS, values, strict=True)}


def spread_evenly(total: Decimal) -> dict[str, Decimal]:
    """Six valid aspect scores summing to ``total`` (a multiple of 0.5 in 0–100)."""
    left = total
    out: dict[str, Decimal] = {}
    for aspect in SCHEME.aspects:
        give = min(aspect.points, left)
        out[aspect.key] = give
        left -= give
    assert left == 0
    return out


def entry(
    dossier_id: str,
    values: dict[str, Decimal] | None,
    *,
    stated_total: Decimal | None = None,
    recommend: bool = True,
) -> SheetEntry:
    """A sheet entry; ``None`` scores mean a declared conflict."""
    if values is None:
        return SheetEntry(dossier_id, int(dossier_id[1:]), f"企业{dossier_id}", "典型经验", True)
    total = sum(values.values(), Decimal(0))
    return SheetEntry(
        dossier_id,
        int(dossier_id[1:]),
        f"企业{dossier_id}",
        "典型经验",
        False,
        scores=values,
        total=stated_total if stated_total is not None else total,
        recommendation=recommend,
        overall_comment="评语",
    )


def sheet(
    person: Person, entries: Sequence[SheetEntry], *, revision: int = 1, rnd: Round | None = None
) -> ScoreSheet:
    rnd = rnd or make_round()
    return ScoreSheet(
        sheet_id=f"{rnd.id}:{rnd.stage.value}:{person.id}",
        revision=revision,
        prev_hash=GENESIS,
        round_id=rnd.id,
        round_name=rnd.name,
        year=rnd.year,
        stage=rnd.stage.value,
        group_id=GROUP.id,
        group_name=GROUP.name,
        expert_id=person.id,
        expert_name=person.name,
        organisation=person.organisation,
        scheme=SCHEME.to_dict(),
        exported_at="2024-05-01T08:00:00+00:00",
        audit_head="0" * 64,
        entries=tuple(entries),
    )
