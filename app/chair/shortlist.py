"""The chair's signed list (入围答辩名单 / 初评名单) as machine-readable data.

After the material stage the chair's list names the dossiers going to the defense
(答辩名单); after the defense stage it is the preliminary list (初评名单). The JSON is
embedded in the chair's signed PDF and is what the secretariat's app reads to open the
next stage. It names each group report it was made from (revision and hashes), every
dossier considered with its group figures, whether the group proposed it, whether the
chair put it on the list and the chair's reason for any change.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from app.chair.table import ChairLine, ChairTable, GroupPart
from app.consolidation.report import figure
from app.errors import InputRefused, Text
from app.exchange import fields
from app.models.round import Stage
from app.sheets.payload import canonical_json

SHORTLIST_FORMAT = "qbr-shortlist/1"
ATTACHMENT_NAME = "shortlist.json"
SHORTLIST_KIND = "shortlist"
AID_NOTE = (
    "z-scores within a group and the groups' distributions are aids for judging "
    "calibration; the official figure is each group's score under the round's rule."
)


def shortlist_id_for(round_id: str, stage: str) -> str:
    """The chair's list's stable id: one per round and stage, revised over time."""
    return f"{round_id}:{stage}:shortlist"


def list_title(stage: str) -> Text:
    """What the chair's list is called at ``stage``."""
    if stage == Stage.DEFENSE.value:
        return Text("初评名单", "preliminary list")
    return Text("入围答辩名单", "defense shortlist")


@dataclass(frozen=True)
class ListedGroup:
    """A group whose report the list was made from."""

    id: str
    name: str
    leader_id: str
    leader_name: str
    report_id: str
    report_revision: int
    report_content_hash: str
    report_file_sha256: str


@dataclass(frozen=True)
class ListedDossier:
    """One dossier the chair considered, with its group's figures and the decision."""

    dossier_id: str
    seq: int
    enterprise: str
    title: str
    group_id: str
    group_score: Decimal | None
    rank: int | None
    z_in_group: float | None
    flagged: bool
    proposed: bool  # on the group's list
    leader_reason: str  # the leader's reason, when the group changed its computed list
    included: bool  # on the chair's list
    chair_reason: str  # the chair's reason, when the chair changed the group's proposal

    @property
    def changed(self) -> bool:
        return self.included != self.proposed


@dataclass(frozen=True)
class Shortlist:
    """One signed revision of the chair's list."""

    shortlist_id: str
    revision: int
    prev_hash: str
    created_at: str  # ISO 8601, UTC
    audit_head: str
    round_id: str
    round_name: str
    year: int
    stage: str
    chair_id: str
    chair_name: str
    shortlist_size: int
    groups: tuple[ListedGroup, ...]
    dossiers: tuple[ListedDossier, ...]  # group by group, each in rank order

    @property
    def title(self) -> Text:
        return list_title(self.stage)

    @property
    def listed(self) -> tuple[ListedDossier, ...]:
        """The dossiers on the list, in the list's order."""
        return tuple(d for d in self.dossiers if d.included)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": SHORTLIST_FORMAT,
            "shortlist_id": self.shortlist_id,
            "revision": self.revision,
            "prev_hash": self.prev_hash,
            "created_at": self.created_at,
            "audit_head": self.audit_head,
            **self.substance(),
        }

    def substance(self) -> dict[str, Any]:
        """Everything the list says apart from its identity and time."""
        return {
            "title": {"zh": self.title.zh, "en": self.title.en},
            "round": {
                "id": self.round_id,
                "name": self.round_name,
                "year": self.year,
                "stage": self.stage,
            },
            "chair": {"id": self.chair_id, "name": self.chair_name},
            "shortlist_size": self.shortlist_size,
            "groups": [_group_json(g) for g in self.groups],
            "dossiers": [_dossier_json(d) for d in self.dossiers],
            "shortlist": [d.dossier_id for d in self.listed],
            "aid_note": AID_NOTE,
        }

    def canonical_bytes(self) -> bytes:
        return canonical_json(self.to_json())

    @property
    def content_hash(self) -> str:
        return hashlib.sha256(self.canonical_bytes()).hexdigest()

    @classmethod
    def from_json(cls, data: object) -> Shortlist:
        """Parse a list's JSON, refusing anything not exactly of its format."""
        try:
            return _parse(data)
        except fields.MALFORMED as exc:
            raise InputRefused(
                Text(
                    f"内嵌数据不是完整的主任委员名单（{exc or type(exc).__name__}）。",
                    f"The embedded data is not a complete chair's list ({exc or type(exc).__name__}).",
                )
            ) from exc


def shortlist_from_table(
    table: ChairTable, *, revision: int, prev_hash: str, created_at: str, audit_head: str
) -> Shortlist:
    """The chair's list as it stands in ``table``, as one revision."""
    rnd = table.round
    return Shortlist(
        shortlist_id=shortlist_id_for(rnd.id, rnd.stage.value),
        revision=revision,
        prev_hash=prev_hash,
        created_at=created_at,
        audit_head=audit_head,
        round_id=rnd.id,
        round_name=rnd.name,
        year=rnd.year,
        stage=rnd.stage.value,
        chair_id=table.chair_id,
        chair_name=table.chair_name,
        shortlist_size=rnd.shortlist_size,
        groups=tuple(_listed_group(part) for part in table.groups if part.table is not None),
        dossiers=tuple(_listed(line) for part in table.groups for line in _ranked(part)),
    )


def _ranked(part: GroupPart) -> list[ChairLine]:
    return sorted(
        part.lines, key=lambda x: (x.line.rank is None, x.line.rank or 0, x.line.dossier.seq)
    )


def _listed_group(part: GroupPart) -> ListedGroup:
    assert part.table is not None and part.report is not None
    leader = part.table.leader
    return ListedGroup(
        id=part.group.id,
        name=part.group.name,
        leader_id=leader.id if leader else "",
        leader_name=leader.name if leader else "",
        report_id=part.report.report_id,
        report_revision=part.report.revision,
        report_content_hash=part.report.content_hash,
        report_file_sha256=part.report.file_sha256,
    )


def _listed(line: ChairLine) -> ListedDossier:
    d, group_line = line.line.dossier, line.line
    return ListedDossier(
        dossier_id=d.id,
        seq=d.seq,
        enterprise=d.enterprise,
        title=d.title,
        group_id=line.group.id,
        group_score=group_line.group_score,
        rank=group_line.rank,
        z_in_group=None if line.z is None else round(line.z, 4),
        flagged=bool(group_line.flags),
        proposed=line.proposed,
        leader_reason=group_line.decision.reason
        if group_line.changed and group_line.decision
        else "",
        included=line.included,
        chair_reason=line.decision.reason if line.changed and line.decision else "",
    )


def _group_json(g: ListedGroup) -> dict[str, Any]:
    return {
        "id": g.id,
        "name": g.name,
        "leader": {"id": g.leader_id, "name": g.leader_name},
        "report": {
            "report_id": g.report_id,
            "revision": g.report_revision,
            "content_hash": g.report_content_hash,
            "file_sha256": g.report_file_sha256,
        },
    }


def _dossier_json(d: ListedDossier) -> dict[str, Any]:
    return {
        "dossier_id": d.dossier_id,
        "seq": d.seq,
        "enterprise": d.enterprise,
        "title": d.title,
        "group_id": d.group_id,
        "group_score": figure(d.group_score),
        "rank": d.rank,
        "z_in_group": d.z_in_group,
        "flagged": d.flagged,
        "proposed": d.proposed,
        "leader_reason": d.leader_reason,
        "included": d.included,
        "chair_reason": d.chair_reason,
    }


def _parse_group(data: object) -> ListedGroup:
    g = fields.obj(data, "group")
    leader, report = fields.obj(g["leader"], "leader"), fields.obj(g["report"], "report")
    return ListedGroup(
        id=fields.text(g, "id"),
        name=fields.text(g, "name"),
        leader_id=fields.text(leader, "id"),
        leader_name=fields.text(leader, "name"),
        report_id=fields.text(report, "report_id"),
        report_revision=fields.integer(report, "revision"),
        report_content_hash=fields.text(report, "content_hash"),
        report_file_sha256=fields.text(report, "file_sha256"),
    )


def _parse_dossier(data: object) -> ListedDossier:
    d = fields.obj(data, "dossier")
    score = d["group_score"]
    if score is not None and not isinstance(score, str):
        raise TypeError("group_score is not a decimal string")
    return ListedDossier(
        dossier_id=fields.text(d, "dossier_id"),
        seq=fields.integer(d, "seq"),
        enterprise=fields.text(d, "enterprise"),
        title=fields.text(d, "title"),
        group_id=fields.text(d, "group_id"),
        group_score=None if score is None else Decimal(score),
        rank=fields.optional_integer(d, "rank"),
        z_in_group=fields.optional_float(d, "z_in_group"),
        flagged=fields.boolean(d, "flagged"),
        proposed=fields.boolean(d, "proposed"),
        leader_reason=fields.text(d, "leader_reason"),
        included=fields.boolean(d, "included"),
        chair_reason=fields.text(d, "chair_reason"),
    )


def _parse(data: object) -> Shortlist:
    root = fields.obj(data, "shortlist")
    if root.get("format") != SHORTLIST_FORMAT:
        raise ValueError(f"unknown format {root.get('format')!r}")
    rnd, chair = fields.obj(root["round"], "round"), fields.obj(root["chair"], "chair")
    groups, dossiers = root["groups"], root["dossiers"]
    if not isinstance(groups, list) or not isinstance(dossiers, list):
        raise TypeError("groups or dossiers is not a list")
    listed = root["shortlist"]
    if not isinstance(listed, list) or not all(isinstance(x, str) for x in listed):
        raise TypeError("shortlist is not a list of ids")
    shortlist = Shortlist(
        shortlist_id=fields.text(root, "shortlist_id"),
        revision=fields.integer(root, "revision"),
        prev_hash=fields.text(root, "prev_hash"),
        created_at=fields.text(root, "created_at"),
        audit_head=fields.text(root, "audit_head"),
        round_id=fields.text(rnd, "id"),
        round_name=fields.text(rnd, "name"),
        year=fields.integer(rnd, "year"),
        stage=Stage(fields.text(rnd, "stage")).value,
        chair_id=fields.text(chair, "id"),
        chair_name=fields.text(chair, "name"),
        shortlist_size=fields.integer(root, "shortlist_size"),
        groups=tuple(_parse_group(g) for g in groups),
        dossiers=tuple(_parse_dossier(d) for d in dossiers),
    )
    if shortlist.to_json() != root:
        raise ValueError("fields beyond or unlike the format")
    if listed != [d.dossier_id for d in shortlist.listed]:
        raise ValueError("the shortlist does not match the dossiers marked included")
    return shortlist


__all__ = [
    "ATTACHMENT_NAME",
    "SHORTLIST_FORMAT",
    "SHORTLIST_KIND",
    "ListedDossier",
    "ListedGroup",
    "Shortlist",
    "list_title",
    "shortlist_from_table",
    "shortlist_id_for",
]
