"""The round, its groups and people (评审委员会组成)."""

from __future__ import annotations

import json
import secrets
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.errors import InputRefused, Text
from app.models.round import ConsolidationRule, Group, Person, Role, Round, Stage
from app.models.scheme import Scheme, load_scheme, scheme_from_dict
from app.signing.pki import create_round_authority
from app.store import audit
from app.store.schema import GroupRow, Meta, PersonRow, RoundRow
from app.store.store import Store, StoreKind

SECRETARIAT = "secretariat"


def new_id() -> str:
    """A random identifier for rows that travel between stores."""
    return secrets.token_hex(16)


def rule_to_json(rule: ConsolidationRule) -> str:
    return json.dumps(
        {
            "trim_at": rule.trim_at,
            "total_spread": str(rule.total_spread),
            "aspect_spread_fraction": str(rule.aspect_spread_fraction),
        }
    )


def rule_from_json(raw: str) -> ConsolidationRule:
    data = json.loads(raw)
    return ConsolidationRule(
        trim_at=int(data["trim_at"]),
        total_spread=Decimal(data["total_spread"]),
        aspect_spread_fraction=Decimal(data["aspect_spread_fraction"]),
    )


def round_from_row(row: RoundRow) -> Round:
    return Round(
        id=row.id,
        name=row.name,
        year=row.year,
        stage=Stage(row.stage),
        scheme=scheme_from_dict(json.loads(row.scheme)),
        shortlist_size=row.shortlist_size,
        rule=rule_from_json(row.rule),
    )


def person_from_row(row: PersonRow) -> Person:
    return Person(row.id, row.name, row.organisation, Role(row.role), row.group_id)


def no_round() -> InputRefused:
    return InputRefused(
        Text(
            "此存储中还没有评审轮次，请先运行 qbr round init。",
            "This store holds no review round yet; run `qbr round init` first.",
        )
    )


def round_row(session: Session) -> RoundRow:
    row = session.scalars(select(RoundRow)).first()
    if row is None:
        raise no_round()
    return row


def current_round(store: Store) -> Round:
    """The store's round (a store holds exactly one round, through both stages)."""
    with store.session() as session:
        return round_from_row(round_row(session))


def init_round(
    store: Store,
    *,
    name: str,
    year: int,
    stage: Stage = Stage.MATERIAL,
    scheme: Scheme | None = None,
    shortlist_size: int = 10,
    rule: ConsolidationRule | None = None,
) -> Round:
    """Create the round and its own certificate authority in a workspace store."""
    if store.kind is not StoreKind.WORKSPACE:
        raise InputRefused(
            Text(
                "这是个人评审存储，不能在其中创建评审轮次。",
                "This is a personal store; a round can only be set up in a workspace.",
            )
        )
    if not name.strip():
        raise InputRefused(Text("轮次名称不能为空。", "The round needs a name."))
    if not 2000 <= year <= 2100:
        raise InputRefused(Text(f"年份 {year} 无效。", f"The year {year} is not valid."))
    if shortlist_size < 1:
        raise InputRefused(
            Text("答辩名单人数（K）至少为 1。", "The shortlist size K must be at least 1.")
        )
    scheme = scheme or load_scheme()
    rule = rule or ConsolidationRule()
    round_id = new_id()
    authority = create_round_authority(round_id, name, year)
    with store.session() as session:
        if session.scalars(select(RoundRow)).first() is not None:
            raise InputRefused(
                Text(
                    "此工作区已有评审轮次；每个工作区只管理一个轮次。",
                    "This workspace already holds a round; one workspace manages one round.",
                )
            )
        session.add(
            RoundRow(
                id=round_id,
                name=name.strip(),
                year=year,
                stage=stage.value,
                scheme=json.dumps(scheme.to_dict(), ensure_ascii=False),
                rule=rule_to_json(rule),
                shortlist_size=shortlist_size,
                ca_certificate=authority.certificate_pem,
                ca_private_key=authority.private_key_pem,
                created_at=datetime.now(UTC),
            )
        )
        session.add(Meta(key="round_id", value=json.dumps(round_id)))
        audit.record(
            session,
            actor=SECRETARIAT,
            action="round.init",
            subject=round_id,
            detail={
                "name": name,
                "year": year,
                "stage": stage.value,
                "shortlist_size": shortlist_size,
            },
        )
        return round_from_row(round_row(session))


def add_group(store: Store, name: str) -> Group:
    """Add a specialty group (专业组); names are unique within the round."""
    name = name.strip()
    if not name:
        raise InputRefused(Text("专业组名称不能为空。", "The group needs a name."))
    with store.session() as session:
        rnd = round_row(session)
        if session.scalars(select(GroupRow).where(GroupRow.name == name)).first():
            raise InputRefused(
                Text(f"专业组“{name}”已存在。", f"The group “{name}” already exists.")
            )
        row = GroupRow(id=new_id(), round_id=rnd.id, name=name)
        session.add(row)
        audit.record(
            session, actor=SECRETARIAT, action="group.add", subject=row.id, detail={"name": name}
        )
        return Group(row.id, row.name)


def find_group(session: Session, name: str) -> GroupRow:
    row = session.scalars(select(GroupRow).where(GroupRow.name == name.strip())).first()
    if row is None:
        known = "、".join(session.scalars(select(GroupRow.name))) or "（无）"
        raise InputRefused(
            Text(
                f"没有名为“{name}”的专业组。现有：{known}",
                f"There is no group named “{name}”. Groups: {known}",
            )
        )
    return row


def add_person(
    store: Store, *, name: str, organisation: str, role: Role, group: str | None = None
) -> Person:
    """Add a person. Experts and leaders belong to a group; a group has one leader."""
    name = name.strip()
    if not name:
        raise InputRefused(Text("姓名不能为空。", "The person needs a name."))
    with store.session() as session:
        rnd = round_row(session)
        group_row = None
        if role in (Role.EXPERT, Role.LEADER):
            if not group:
                raise InputRefused(
                    Text(
                        f"{role.label}须属于一个专业组（--group）。",
                        f"A {role.value} must belong to a group (--group).",
                    )
                )
            group_row = find_group(session, group)
            if role is Role.LEADER:
                existing = session.scalars(
                    select(PersonRow).where(
                        PersonRow.group_id == group_row.id, PersonRow.role == Role.LEADER.value
                    )
                ).first()
                if existing is not None:
                    raise InputRefused(
                        Text(
                            f"专业组“{group_row.name}”已有组长 {existing.name}。",
                            f"The group “{group_row.name}” already has a leader, {existing.name}.",
                        )
                    )
        elif group:
            raise InputRefused(
                Text(
                    f"{role.label}不属于专业组，请去掉 --group。",
                    f"A {role.value} does not belong to a group; drop --group.",
                )
            )
        if (
            role is Role.CHAIR
            and session.scalars(select(PersonRow).where(PersonRow.role == Role.CHAIR.value)).first()
        ):
            raise InputRefused(Text("本轮已有主任委员。", "The round already has a chair."))
        row = PersonRow(
            id=new_id(),
            round_id=rnd.id,
            name=name,
            organisation=organisation.strip(),
            role=role.value,
            group_id=group_row.id if group_row else None,
        )
        session.add(row)
        audit.record(
            session,
            actor=SECRETARIAT,
            action="person.add",
            subject=row.id,
            detail={
                "name": name,
                "role": role.value,
                "group": group_row.name if group_row else None,
            },
        )
        return person_from_row(row)


def groups(store: Store) -> list[Group]:
    with store.session() as session:
        return [
            Group(r.id, r.name) for r in session.scalars(select(GroupRow).order_by(GroupRow.name))
        ]


def people(store: Store) -> list[Person]:
    with store.session() as session:
        rows = session.scalars(select(PersonRow).order_by(PersonRow.role, PersonRow.name))
        return [person_from_row(r) for r in rows]


def find_person(session: Session, ref: str) -> PersonRow:
    """A person by id or by a unique name."""
    row = session.get(PersonRow, ref)
    if row is not None:
        return row
    matches = list(session.scalars(select(PersonRow).where(PersonRow.name == ref.strip())))
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise InputRefused(Text(f"找不到人员“{ref}”。", f"No person “{ref}” in this round."))
    ids = ", ".join(m.id for m in matches)
    raise InputRefused(
        Text(
            f"有多位名为“{ref}”的人员，请用编号：{ids}",
            f"Several people are named “{ref}”; use an id: {ids}",
        )
    )
