"""The dossier list: a sound item model, filtering, sorting and keyboard stepping."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.record import DossierStatus
from app.scoring.service import ReviewService
from app.scoring.views import DossierSummary
from app.store.store import Store
from app.ui.dossier_list import ENTERPRISE, ID_ROLE, STATUS, TOTAL, DossierList


def summaries(expert_store: Path) -> list[DossierSummary]:
    with Store.open(expert_store, PERSONAL_PASSPHRASE) as store:
        return ReviewService(store).dossiers()


def test_the_model_and_proxy_pass_the_model_tester(
    qtbot: QtBot, qtmodeltester: ModelTester, expert_store: Path
) -> None:
    listing = DossierList()
    qtbot.addWidget(listing)
    dossiers = summaries(expert_store)
    listing.set_dossiers(dossiers)
    qtmodeltester.check(listing.model)
    qtmodeltester.check(listing.proxy)
    listing.proxy.set_text(dossiers[0].enterprise[:4])
    qtmodeltester.check(listing.proxy)


def test_filter_by_text_and_status_and_sort_by_total(qtbot: QtBot, expert_store: Path) -> None:
    listing = DossierList()
    qtbot.addWidget(listing)
    dossiers = summaries(expert_store)
    assert len(dossiers) >= 4
    first, second = dossiers[0], dossiers[1]
    scored = [
        DossierSummary(
            **{**first.__dict__, "status": DossierStatus.COMPLETE, "total": Decimal(80)}
        ),
        DossierSummary(
            **{**second.__dict__, "status": DossierStatus.IN_PROGRESS, "total": Decimal("92.5")}
        ),
        *dossiers[2:],
    ]
    listing.set_dossiers(scored)
    proxy = listing.proxy
    assert proxy.rowCount() == len(dossiers)
    assert proxy.index(0, STATUS).data() == "已完成"
    assert proxy.index(1, TOTAL).data() == "92.5"
    assert proxy.index(2, TOTAL).data() == "—"
    qtbot.keyClicks(listing.filter_box, str(second.seq))
    assert second.id in [proxy.index(r, 0).data(ID_ROLE) for r in range(proxy.rowCount())]
    listing.filter_box.clear()
    listing.status_filter.setCurrentIndex(listing.status_filter.findData("in_progress"))
    assert proxy.rowCount() == 1 and proxy.index(0, ENTERPRISE).data() == second.enterprise
    listing.status_filter.setCurrentIndex(0)
    listing.view.sortByColumn(TOTAL, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 0).data(ID_ROLE) == second.id
    assert proxy.index(1, 0).data(ID_ROLE) == first.id


def test_selecting_and_stepping_announce_the_dossier(qtbot: QtBot, expert_store: Path) -> None:
    listing = DossierList()
    qtbot.addWidget(listing)
    dossiers = summaries(expert_store)
    listing.set_dossiers(dossiers)
    with qtbot.waitSignal(listing.dossier_selected) as first:
        listing.step(1)
    assert first.args == [dossiers[0].id]
    with qtbot.waitSignal(listing.dossier_selected) as second:
        listing.step(1)
    assert second.args == [dossiers[1].id]
    listing.step(-1)
    assert listing.current_id() == dossiers[0].id
    listing.filter_box.setText("no such enterprise")
    assert listing.select(dossiers[2].id)  # clears the filter that hid it
    assert listing.current_id() == dossiers[2].id
    listing.update_dossier(
        DossierSummary(**{**dossiers[2].__dict__, "status": DossierStatus.CONFLICT})
    )
    assert listing.view.currentIndex().siblingAtColumn(STATUS).data() == "回避"
