"""The chair's app takes in the groups' signed reports only when every check holds."""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pytest

from app.chair.ledger import applied_reports, import_reports
from app.chair.verify import ReportRejected, verify_report
from app.sheets.payload import canonical_json
from app.store.store import Store
from tests.chair.conftest import ChairRound, Forge, report_json

MAKER = "制造业专业组"


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _verdicts(store: Store, *paths: Path) -> list[tuple[str, str]]:
    return [(r.verdict, r.code) for r in import_reports(store, paths)]


def test_both_groups_reports_are_applied_with_figures_recomputed(
    chair_store: Store, chair_round: ChairRound
) -> None:
    results = import_reports(chair_store, chair_round.reports)
    assert [(r.verdict, r.code) for r in results] == [("applied", "applied")] * 2
    assert all("复核无误" in r.reason.zh for r in results)
    held = {h.report.group.name for h in applied_reports(chair_store)}
    assert held == {MAKER, "服务业与数字化专业组"}


def test_the_same_file_again_changes_nothing(chair_store: Store, chair_round: ChairRound) -> None:
    first = chair_round.reports[0]
    assert _verdicts(chair_store, first) == [("applied", "applied")]
    assert _verdicts(chair_store, first) == [("duplicate", "duplicate")]
    assert len(applied_reports(chair_store)) == 1


def test_a_score_sheet_is_refused_as_not_a_report(
    chair_store: Store, chair_round: ChairRound
) -> None:
    sheet = next(p for p in sorted(chair_round.sheets.glob("*.pdf")) if "被改动" not in p.name)
    [result] = import_reports(chair_store, [sheet])
    assert (result.verdict, result.code) == ("rejected", "not_a_report")
    assert "评分表应交给本组组长" in result.reason.zh


def test_a_byte_changed_after_signing_is_refused(
    chair_store: Store, chair_round: ChairRound, tmp_path: Path
) -> None:
    data = bytearray(chair_round.reports[0].read_bytes())
    data[len(data) // 3] ^= 0x01
    path = _write(tmp_path, "tampered.pdf", bytes(data))
    [result] = import_reports(chair_store, [path])
    assert result.verdict == "rejected"
    assert result.code in {"signature_invalid", "unreadable_pdf", "not_signed"}
    assert applied_reports(chair_store) == []


def _revised(data: dict[str, Any], revision: int, consensus: str) -> dict[str, Any]:
    """The same report as a later revision with a different consensus comment."""
    out = copy.deepcopy(data)
    out["prev_hash"] = hashlib.sha256(canonical_json(data)).hexdigest()
    out["revision"] = revision
    out["dossiers"][0]["consensus"] = consensus
    return out


def test_newer_older_and_conflicting_revisions(
    chair_store: Store, chair_round: ChairRound, forge: Forge, tmp_path: Path
) -> None:
    first = report_json(chair_round, MAKER)
    second = _revised(first, 2, "专家组一致认为该经验可在行业推广。")
    other_second = _revised(first, 2, "另一版本的合议意见。")
    one = next(p for p in chair_round.reports if MAKER in p.name)
    two = _write(tmp_path, "r2.pdf", forge(second, "leader"))
    two_again = _write(tmp_path, "r2b.pdf", forge(other_second, "leader"))
    assert _verdicts(chair_store, two, one, two_again) == [
        ("applied", "applied"),
        ("kept", "kept_older"),
        ("conflicting", "conflicting"),
    ]
    [held] = applied_reports(chair_store)
    assert held.report.revision == 2
    assert held.report.consensus[held.report.dossiers[0].id] == "专家组一致认为该经验可在行业推广。"


@pytest.mark.parametrize(
    ("change", "who", "code"),
    [
        ("group_score", "leader", "figure_mismatch"),
        ("rank", "leader", "figure_mismatch"),
        ("computed", "leader", "figure_mismatch"),
        ("member_score", "leader", "figure_mismatch"),
        ("signed_by_expert", "expert", "signer_mismatch"),
        ("expert_as_leader", "expert", "not_the_leader"),
        ("other_stage", "leader", "other_stage"),
        ("other_round", "leader", "other_round"),
        ("foreign_dossier", "leader", "not_assigned"),
        ("dossier_dropped", "leader", "dossiers_missing"),
        ("rule", "leader", "scheme_mismatch"),
        ("report_id", "leader", "report_id_mismatch"),
        ("revision", "leader", "revision_invalid"),
        ("format", "leader", "not_a_report"),
    ],
)
def test_a_well_signed_report_with_wrong_content_is_refused(
    chair_store: Store, chair_round: ChairRound, forge: Forge, change: str, who: str, code: str
) -> None:
    data = report_json(chair_round, MAKER)
    other = report_json(chair_round, "服务业")
    first = data["dossiers"][0]
    if change == "group_score":
        first["group_score"] = "99.00"
    elif change == "rank":
        data["dossiers"][0]["rank"], data["dossiers"][1]["rank"] = (
            data["dossiers"][1]["rank"],
            data["dossiers"][0]["rank"],
        )
    elif change == "computed":
        for d in data["dossiers"]:
            d["computed_shortlist"] = True
    elif change == "member_score":
        scored = next(m for m in first["members"] if m["state"] == "scored")
        key = sorted(scored["scores"])[0]
        scored["scores"][key] = str(int(float(scored["scores"][key])) - 1)
    elif change == "expert_as_leader":
        name, _ = chair_round.identities["expert"]
        member = next(m for m in data["members"] if m["name"] == name)
        data["leader"] = {k: member[k] for k in ("id", "name", "organisation")}
    elif change == "other_stage":
        data["round"]["stage"] = "defense"
        data["report_id"] = data["report_id"].replace(":material:", ":defense:")
    elif change == "other_round":
        data["round"]["id"] = "another-round"
        data["report_id"] = data["report_id"].replace(
            data["report_id"].split(":")[0], "another-round"
        )
    elif change == "foreign_dossier":
        foreign = copy.deepcopy(other["dossiers"][0])
        foreign["members"] = copy.deepcopy(first["members"])  # scored by this group
        data["dossiers"].append(foreign)
    elif change == "dossier_dropped":
        data["dossiers"].pop()
    elif change == "rule":
        data["rule"]["trim_at"] = 3
    elif change == "report_id":
        data["report_id"] = "some:other:id"
    elif change == "revision":
        data["revision"] = 2  # a second revision cannot follow the genesis hash
    elif change == "format":
        data["format"] = "qbr-group-report/0"
    path = chair_round.root / f"forged-{change}.pdf"
    path.write_bytes(forge(data, who))
    with pytest.raises(ReportRejected) as caught:
        verify_report(
            path.read_bytes(),
            ca_certificate_pem=chair_round.ca_pem,
            roster=_roster(chair_store),
        )
    assert caught.value.code == code, caught.value.text.zh
    [result] = import_reports(chair_store, [path])
    assert (result.verdict, result.code) == ("rejected", code)
    assert result.reason.zh and result.reason.en
    assert applied_reports(chair_store) == []


def _roster(store: Store):  # type: ignore[no-untyped-def]
    from app.chair.roster import chair_roster

    return chair_roster(store)


def test_a_report_verifies_on_its_own_without_a_roster(chair_round: ChairRound) -> None:
    verified = verify_report(
        chair_round.reports[0].read_bytes(), ca_certificate_pem=chair_round.ca_pem
    )
    assert verified.table.lines
    assert verified.report.leader is not None


def test_only_the_chairs_store_takes_reports(chair_round: ChairRound, tmp_path: Path) -> None:
    import shutil

    from app.demo.round import PERSONAL_PASSPHRASE
    from app.errors import InputRefused

    leader = chair_round.root / "demo" / "stores" / "leader"
    shutil.copytree(leader, tmp_path / "leader")
    with Store.open(tmp_path / "leader", PERSONAL_PASSPHRASE) as store:
        with pytest.raises(InputRefused) as caught:
            import_reports(store, chair_round.reports)
        assert "主任委员" in caught.value.text.zh
