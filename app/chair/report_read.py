"""Reading a received group report (专业组评审汇总表) back into the group's table.

The report's JSON carries every member's aspect scores, so the chair's app does not take
the leader's figures on trust: it rebuilds the members' sheets from those scores and runs
the same consolidation the leader ran (:func:`app.consolidation.table.consolidate`). The
verifier then compares every derived figure with what the report states. Parsing is
strict: a report not exactly of this shape is refused, never half-read.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType
from typing import Any

from app.consolidation.report import REPORT_FORMAT, substance
from app.consolidation.table import (
    AssignedDossier,
    GroupTable,
    MemberState,
    SheetRef,
    ShortlistDecision,
    TableMember,
    consolidate,
)
from app.errors import InputRefused, Text
from app.exchange import fields
from app.models.round import ConsolidationRule, Group, Person, Role, Round, Stage
from app.models.scheme import scheme_from_dict
from app.sheets.payload import GENESIS, ScoreSheet, SheetEntry, canonical_json

DERIVED = ("dossiers", "shortlist", "missing_members", "agreement")
"""The parts of a report the chair recomputes and compares, rather than reads."""


@dataclass(frozen=True)
class ReceivedReport:
    """A group report as its JSON states it, with the members' sheets rebuilt from it."""

    report_id: str
    revision: int
    prev_hash: str
    created_at: str
    round_id: str
    round_name: str
    year: int
    stage: str
    group: Group
    leader: Person | None
    members: tuple[Person, ...]
    sheet_refs: Mapping[str, SheetRef | None]  # member id → the sheet revision used
    sheets: tuple[ScoreSheet, ...]  # rebuilt from the report's scores, for recomputing
    dossiers: tuple[AssignedDossier, ...]
    decisions: tuple[ShortlistDecision, ...]
    consensus: Mapping[str, str]
    scheme: Mapping[str, Any]
    rule: ConsolidationRule
    shortlist_size: int
    data: Mapping[str, Any] = field(repr=False)  # the JSON as signed

    def __post_init__(self) -> None:
        for name in ("sheet_refs", "consensus", "scheme", "data"):
            object.__setattr__(self, name, MappingProxyType(dict(getattr(self, name))))

    @functools.cached_property
    def content_hash(self) -> str:
        """SHA-256 of the canonical JSON, as the leader's app computed it (once: the ledger
        asks several times per file)."""
        return hashlib.sha256(canonical_json(dict(self.data))).hexdigest()

    def own_round(self) -> Round:
        """The round as the report describes it (for checking a report on its own)."""
        return Round(
            id=self.round_id,
            name=self.round_name,
            year=self.year,
            stage=Stage(self.stage),
            scheme=scheme_from_dict(dict(self.scheme)),
            shortlist_size=self.shortlist_size,
            rule=self.rule,
        )

    def recompute(self, rnd: Round) -> GroupTable:
        """The group table under ``rnd``'s scheme and rule, from the report's scores alone."""
        table = consolidate(
            rnd,
            self.group,
            self.members,
            self.sheets,
            self.dossiers,
            self.decisions,
            self.consensus,
        )
        members = tuple(
            TableMember(m.person, self.sheet_refs.get(m.person.id)) for m in table.members
        )
        return replace(table, leader=self.leader or table.leader, members=members)

    def differences(self, table: GroupTable) -> list[str]:
        """Where the report's stated figures differ from ``table``'s (paths, first few)."""
        again = substance(table, ())
        found: list[str] = []
        for key in DERIVED:
            _diff(self.data.get(key), again[key], key, found)
        return found[:5]


def damaged_report(detail: str) -> InputRefused:
    return InputRefused(
        Text(
            f"内嵌数据不是完整的专业组汇总表（{detail}）。",
            f"The embedded data is not a complete group report ({detail}).",
        )
    )


def parse_report(data: object) -> ReceivedReport:
    """Parse a group report's JSON, refusing anything not exactly of its format."""
    try:
        return _parse(data)
    except fields.MALFORMED as exc:
        raise damaged_report(str(exc) or type(exc).__name__) from exc


def _diff(stated: object, derived: object, path: str, found: list[str]) -> None:
    if len(found) >= 5:
        return
    if isinstance(stated, dict) and isinstance(derived, dict):
        for key in sorted(set(stated) | set(derived), key=str):
            _diff(stated.get(key), derived.get(key), f"{path}.{key}", found)
    elif isinstance(stated, list) and isinstance(derived, list) and len(stated) == len(derived):
        for index, (a, b) in enumerate(zip(stated, derived, strict=True)):
            _diff(a, b, f"{path}[{index}]", found)
    elif stated != derived:
        found.append(path)


def _person(data: object, where: str) -> Person:
    person = fields.obj(data, where)
    role = person.get("role", Role.LEADER.value)
    return Person(
        fields.text(person, "id"),
        fields.text(person, "name"),
        fields.text(person, "organisation"),
        Role(role),
        None,
    )


def _sheet_ref(data: object) -> SheetRef | None:
    if data is None:
        return None
    ref = fields.obj(data, "sheet")
    return SheetRef(
        fields.text(ref, "sheet_id"),
        fields.integer(ref, "revision"),
        fields.text(ref, "content_hash"),
        fields.text(ref, "exported_at"),
    )


def _decision(data: object) -> tuple[bool, str, str, str] | None:
    if data is None:
        return None
    decision = fields.obj(data, "decision")
    included = decision["included"]
    if not isinstance(included, bool):
        raise TypeError("decision.included is not true or false")
    return (
        included,
        fields.text(decision, "reason"),
        fields.text(decision, "decided_by"),
        fields.text(decision, "decided_at"),
    )


def _parse(data: object) -> ReceivedReport:
    root = fields.obj(data, "report")
    if root.get("format") != REPORT_FORMAT:
        raise ValueError(f"unknown format {root.get('format')!r}")
    rnd, group = fields.obj(root["round"], "round"), fields.obj(root["group"], "group")
    rule = fields.obj(root["rule"], "rule")
    scheme = fields.obj(root["scheme"], "scheme")
    scheme_from_dict(scheme)
    stage = fields.text(rnd, "stage")
    Stage(stage)
    the_group = Group(fields.text(group, "id"), fields.text(group, "name"))
    leader = None if root["leader"] is None else _person(root["leader"], "leader")
    members: list[Person] = []
    refs: dict[str, SheetRef | None] = {}
    for item in fields.items(root["members"], "members"):
        person = _person(item, "member")
        if person.id in refs:
            raise ValueError(f"member {person.id} listed twice")
        members.append(replace(person, group_id=the_group.id))
        refs[person.id] = _sheet_ref(item["sheet"])
    entries: dict[str, list[SheetEntry]] = {p.id: [] for p in members}
    dossiers: list[AssignedDossier] = []
    decisions: list[ShortlistDecision] = []
    consensus: dict[str, str] = {}
    for item in fields.items(root["dossiers"], "dossiers"):
        line = fields.obj(item, "dossier")
        dossier = AssignedDossier(
            fields.text(line, "dossier_id"),
            fields.integer(line, "seq"),
            fields.text(line, "enterprise"),
            fields.text(line, "title"),
        )
        if any(d.id == dossier.id for d in dossiers):
            raise ValueError(f"dossier {dossier.id} listed twice")
        dossiers.append(dossier)
        if words := fields.text(line, "consensus"):
            consensus[dossier.id] = words
        if (decision := _decision(line["decision"])) is not None:
            decisions.append(ShortlistDecision(dossier.id, *decision))
        for score in fields.items(line["members"], "dossier.members"):
            _add_entry(entries, dossier, fields.obj(score, "member score"))
    rnd_id, year = fields.text(rnd, "id"), fields.integer(rnd, "year")
    sheets = tuple(
        ScoreSheet(
            sheet_id=ref.sheet_id,
            revision=ref.revision,
            prev_hash=GENESIS,
            round_id=rnd_id,
            round_name=fields.text(rnd, "name"),
            year=year,
            stage=stage,
            group_id=the_group.id,
            group_name=the_group.name,
            expert_id=person.id,
            expert_name=person.name,
            organisation=person.organisation,
            scheme=scheme,
            exported_at=ref.exported_at,
            audit_head="",
            entries=tuple(entries[person.id]),
        )
        for person in members
        if (ref := refs[person.id]) is not None
    )
    return ReceivedReport(
        report_id=fields.text(root, "report_id"),
        revision=fields.integer(root, "revision"),
        prev_hash=fields.text(root, "prev_hash"),
        created_at=fields.text(root, "created_at"),
        round_id=rnd_id,
        round_name=fields.text(rnd, "name"),
        year=year,
        stage=stage,
        group=the_group,
        leader=leader,
        members=tuple(members),
        sheet_refs=refs,
        sheets=sheets,
        dossiers=tuple(dossiers),
        decisions=tuple(decisions),
        consensus=consensus,
        scheme=scheme,
        rule=ConsolidationRule(
            trim_at=fields.integer(rule, "trim_at"),
            total_spread=fields.decimal(rule["total_spread"], "rule.total_spread"),
            aspect_spread_fraction=fields.decimal(
                rule["aspect_spread_fraction"], "rule.aspect_spread_fraction"
            ),
        ),
        shortlist_size=fields.integer(root, "shortlist_size"),
        data=root,
    )


def _add_entry(
    entries: dict[str, list[SheetEntry]], dossier: AssignedDossier, score: dict[str, Any]
) -> None:
    """One member's figures on one dossier, as the sheet entry they were taken from."""
    member = fields.text(score, "member_id")
    if member not in entries:
        raise ValueError(f"scores of an unlisted member {member}")
    state = MemberState(fields.text(score, "state"))
    if state in (MemberState.NO_SHEET, MemberState.NOT_ON_SHEET):
        return
    recommendation = fields.optional_bool(score.get("recommendation"), "recommendation")
    scores = fields.decimals(score["scores"], "scores")
    entries[member].append(
        SheetEntry(
            dossier_id=dossier.id,
            seq=dossier.seq,
            enterprise=dossier.enterprise,
            title=dossier.title,
            conflict=state is MemberState.CONFLICT,
            scores={} if state is MemberState.CONFLICT else scores,
            recommendation=recommendation,
        )
    )


__all__ = ["DERIVED", "ReceivedReport", "damaged_report", "parse_report"]
