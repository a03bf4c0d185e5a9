"""``ReviewService.save_all``: the form's records are stored all together, or not at all."""

from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

from app.errors import InputRefused
from app.models.round import Stage
from app.scoring.service import ReviewService
from app.store import audit
from app.store.store import Store
from tests.forms.formtools import audit_count, snapshot


def test_one_invalid_record_stores_none(store: Store, service: ReviewService) -> None:
    first, second, third = service.dossiers()[:3]
    records = [
        service.record(first.id).with_score("science", Decimal(12)),
        service.record(second.id).with_comment(None, "有效的评语"),
        service.record(third.id).with_score("science", Decimal(16)),  # out of range
    ]
    before, count = snapshot(service), audit_count(store)

    with pytest.raises(InputRefused) as caught:
        service.save_all(records)

    message = caught.value.render("zh")
    assert f"序号 {third.seq}（{third.enterprise}）" in message and "未保存" in message
    assert f"No. {third.seq}" in caught.value.render("en")
    assert snapshot(service) == before
    assert audit_count(store) == count


def test_a_record_of_another_stage_stores_none(store: Store, service: ReviewService) -> None:
    first, second = service.dossiers()[:2]
    records = [
        service.record(first.id).with_score("science", Decimal(12)),
        replace(service.record(second.id).with_score("system", Decimal(3)), stage=Stage.DEFENSE),
    ]
    before = snapshot(service)
    with pytest.raises(InputRefused):
        service.save_all(records)
    assert snapshot(service) == before


def test_valid_records_are_stored_with_one_audit_entry_each(
    store: Store, service: ReviewService
) -> None:
    first, second, third = service.dossiers()[:3]
    untouched = service.record(third.id)
    count = audit_count(store)
    saved = service.save_all(
        [
            service.record(first.id).with_score("science", Decimal("12.5")),
            service.record(second.id).with_recommendation(False),
            untouched,  # no change: no write, no entry
        ]
    )
    assert [r.dossier_id for r in saved] == [first.id, second.id, third.id]
    assert saved[0].scores == {"science": Decimal("12.5")}
    assert saved[0].updated_at is not None and saved[2].updated_at is None
    assert service.record(second.id).recommendation is False
    assert audit_count(store) == count + 2
    with store.session() as session:
        actions = [(e.action, e.subject) for e in audit.entries(session, limit=2)]
    assert sorted(actions) == sorted([("record.save", first.id), ("record.save", second.id)])


def test_a_single_record_is_refused_in_save_s_own_words(service: ReviewService) -> None:
    dossier = service.dossiers()[0]
    bad = service.record(dossier.id).with_score("effect", Decimal("25.5"))
    with pytest.raises(InputRefused) as alone:
        service.save_all([bad])
    with pytest.raises(InputRefused) as saved:
        service.save(bad)
    assert alone.value.text == saved.value.text
    assert alone.value.render("zh").startswith("未保存")
