"""A leader's package tells the leader which members the secretariat recorded conflicts for."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import select

from app.exchange.package import MANIFEST_FORMAT, PackageManifest
from app.scoring.record import DossierStatus
from app.scoring.service import ReviewService
from app.store.schema import ConflictRow, DossierRow, PersonRow
from app.store.store import Store
from tests.sheets.conftest import CONFLICTED, EXPERT, LEADER


def _conflicts(store: Store) -> list[tuple[str, str, str]]:
    with store.session() as session:
        rows = session.execute(
            select(PersonRow.name, DossierRow.enterprise, ConflictRow.declared_by)
            .join(PersonRow, PersonRow.id == ConflictRow.person_id)
            .join(DossierRow, DossierRow.id == ConflictRow.dossier_id)
        )
        return [tuple(r) for r in rows]  # type: ignore[misc]


def test_the_leader_store_knows_the_recorded_conflict_of_a_member(
    open_store: Callable[[str], Store],
) -> None:
    leader = open_store(LEADER)
    conflicted = open_store(CONFLICTED)
    [(person, enterprise, declared_by)] = _conflicts(leader)
    assert (person, declared_by) == (CONFLICTED, "secretariat")
    [(own_person, own_enterprise, _)] = _conflicts(conflicted)
    assert (own_person, own_enterprise) == (CONFLICTED, enterprise)
    # The leader's own dossier list is untouched by the member's conflict.
    assert DossierStatus.CONFLICT not in {d.status for d in ReviewService(leader).dossiers()}
    # An expert's package carries nobody else's conflicts.
    assert _conflicts(open_store(EXPERT)) == []


def test_a_package_made_before_member_conflicts_still_reads() -> None:
    old: dict[str, Any] = {
        "format": MANIFEST_FORMAT,
        "package_id": "p",
        "issued_at": "2024-01-01T00:00:00+00:00",
        "round": {
            k: 1 for k in ("id", "name", "year", "stage", "scheme", "rule", "shortlist_size")
        },
        "groups": [],
        "recipient": {"id": "r", "name": "n", "organisation": "o", "role": "leader"},
        "people": [],
        "ca_certificate": "",
        "dossiers": [],
        "documents": [],
        "assignments": [],
        "conflicts": [],
    }
    manifest = PackageManifest.from_json(old)
    assert manifest.member_conflicts == []
    again = PackageManifest.from_json(
        {**old, "member_conflicts": [{"person_id": "a", "dossier_id": "d"}]}
    )
    assert again.member_conflicts == [{"person_id": "a", "dossier_id": "d"}]
    assert again.to_json()["member_conflicts"] == again.member_conflicts
