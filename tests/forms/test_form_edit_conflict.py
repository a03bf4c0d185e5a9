"""HotCRP's rule: a form does not silently undo edits made in the store after its export."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from app.forms import EditConflict, apply_form, export_form, read_form
from app.scoring.service import ReviewService
from app.store.store import Store
from tests.forms.formtools import FilledForm, audit_count, snapshot


def test_a_record_changed_since_the_export_is_kept_unless_overwritten(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    first, second = service.dossiers()[:2]
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    form = FilledForm(path)
    form.put(first.seq, "科学性（", 12)
    form.put(second.seq, "系统性（", 13)
    form.save()
    # Meanwhile, in the workstation:
    service.save(service.record(first.id).with_score("science", Decimal(10)))
    before, count = snapshot(service), audit_count(store)

    with pytest.raises(EditConflict) as caught:
        apply_form(store, read_form(store, path))

    assert [d.dossier_id for d in caught.value.dossiers] == [first.id]
    message = caught.value.render("zh")
    assert f"序号 {first.seq}（{first.enterprise}）" in message
    assert f"序号 {second.seq}" not in message
    assert "--overwrite" in message
    assert snapshot(service) == before  # not even the unconflicted second was applied
    assert audit_count(store) == count

    applied = apply_form(store, read_form(store, path), overwrite=True)

    assert [d.dossier_id for d in applied.overwritten] == [first.id]
    assert {d.dossier_id for d in applied.applied} == {first.id, second.id}
    assert service.record(first.id).scores == {"science": Decimal(12)}
    assert service.record(second.id).scores == {"system": Decimal(13)}
    assert audit_count(store) == count + 2


def test_a_later_edit_the_form_leaves_alone_is_no_conflict(
    store: Store, service: ReviewService, tmp_path: Path
) -> None:
    first, second, third = service.dossiers()[:3]
    service.save(service.record(third.id).with_score("effect", Decimal(20)))
    path = tmp_path / "form.xlsx"
    export_form(store, path)
    form = FilledForm(path)
    form.put(second.seq, "系统性（", 13)
    form.put(third.seq, "显效性（", 21)
    form.save()
    # Edited in the workstation since: the first (blank in the form, so left alone), and
    # the third, to the very value the form brings.
    service.save(service.record(first.id).with_score("science", Decimal(10)))
    service.save(service.record(third.id).with_score("effect", Decimal(21)))

    applied = apply_form(store, read_form(store, path))

    assert [d.dossier_id for d in applied.applied] == [second.id]
    assert applied.overwritten == ()
    assert service.record(first.id).scores == {"science": Decimal(10)}
    assert service.record(third.id).scores == {"effect": Decimal(21)}
