"""The review round (评审轮次), its groups (专业组) and people."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from app.models.scheme import Scheme


class Stage(StrEnum):
    """The two scored stages of the procedure (管理办法 第十八–十九条)."""

    MATERIAL = "material"  # 资料评审
    DEFENSE = "defense"  # 答辩评审

    @property
    def label(self) -> str:
        return {"material": "资料评审", "defense": "答辩评审"}[self.value]

    @property
    def recommendation(self) -> str:
        """The question each record answers yes or no for this stage."""
        return {"material": "推荐进入答辩", "defense": "推荐为质量标杆"}[self.value]


class Role(StrEnum):
    """What a person does in the round."""

    EXPERT = "expert"  # 评审专家
    LEADER = "leader"  # 组长
    CHAIR = "chair"  # 主任委员
    SECRETARIAT = "secretariat"  # 办公室

    @property
    def label(self) -> str:
        return {
            "expert": "评审专家",
            "leader": "组长",
            "chair": "主任委员",
            "secretariat": "办公室",
        }[self.value]


@dataclass(frozen=True)
class ConsolidationRule:
    """How a group's members' totals become the group's figure (SPEC §5)."""

    trim_at: int = 5  # drop one highest and one lowest from this many scores on
    total_spread: Decimal = Decimal(15)  # disagreement: totals spread by more than this
    aspect_spread_fraction: Decimal = Decimal("0.5")  # or an aspect by more than this share


@dataclass(frozen=True)
class Round:
    """A selection round (评审轮次) at one stage."""

    id: str
    name: str
    year: int
    stage: Stage
    scheme: Scheme
    shortlist_size: int
    rule: ConsolidationRule = field(default_factory=ConsolidationRule)


@dataclass(frozen=True)
class Group:
    """A specialty group (专业组)."""

    id: str
    name: str


@dataclass(frozen=True)
class Person:
    """Someone taking part in the round."""

    id: str
    name: str
    organisation: str
    role: Role
    group_id: str | None
