"""``qbr group status`` and ``qbr group report`` on real stores, through the real entry point."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.consolidation.report import ATTACHMENT_NAME
from app.demo.round import PERSONAL_PASSPHRASE
from app.signing.signed_pdf import verify_signed_pdf
from tests.consolidation.conftest import GroupStores


@pytest.fixture(autouse=True)
def passphrase(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("QBR_PASSPHRASE", PERSONAL_PASSPHRASE)


@pytest.fixture
def leader(group_stores: GroupStores, tmp_path: Path) -> Path:
    shutil.copytree(group_stores.leader, tmp_path / "leader")
    return tmp_path / "leader"


def test_status_prints_the_table(leader: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["group", "status", str(leader)]) == 0
    out = capsys.readouterr().out
    assert "已收到评分表 3/4" in out and "未收到：陈静" in out
    lines = out.splitlines()
    first = next(x for x in lines if x.startswith("1 "))
    assert "南通海泓" in first and "91.00" in first and "入围" in first
    assert any("总分极差 18 分" in x for x in lines)
    assert "肯德尔和谐系数 W = " in out


def test_status_in_english_and_as_json(leader: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "group", "status", str(leader)]) == 0
    out = capsys.readouterr().out
    assert "Sheets received 3/4" in out and "conflict" in out and "no sheet" in out
    assert main(["group", "status", str(leader), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [d["rank"] for d in data["dossiers"]] == [2, 3, 1, 5, 6, 4]  # 序号 order
    assert data["shortlist_size"] == 3 and len(data["shortlist"]) == 3


def test_report_writes_a_signed_pdf_and_xlsx(
    leader: Path, group_stores: GroupStores, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pdf, xlsx = tmp_path / "report.pdf", tmp_path / "report.xlsx"
    assert (
        main(["group", "report", str(leader), "-o", str(pdf), "--xlsx", str(xlsx), "--json"]) == 0
    )
    captured = capsys.readouterr()
    data = json.loads(captured.out)
    assert data["revision"] == 1 and data["missing"] == ["陈静"] and data["xlsx"] == str(xlsx)
    assert "陈静" in captured.err  # the human message goes to stderr under --json
    signed = verify_signed_pdf(
        pdf.read_bytes(), ca_certificate_pem=group_stores.ca_pem, attachment_name=ATTACHMENT_NAME
    )
    assert json.loads(signed.attachment)["revision"] == 1
    assert xlsx.stat().st_size > 0


def test_an_expert_store_and_a_leader_without_sheets_are_refused(
    group_stores: GroupStores, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copytree(group_stores.expert, tmp_path / "expert")
    shutil.copytree(group_stores.bare_leader, tmp_path / "bare")
    assert main(["group", "status", str(tmp_path / "expert")]) == 1
    err = capsys.readouterr().err
    assert "只有专业组组长" in err and "Traceback" not in err
    assert main(["group", "report", str(tmp_path / "bare"), "-o", str(tmp_path / "r.pdf")]) == 1
    assert "尚未收到任何评分表" in capsys.readouterr().err
    assert not (tmp_path / "r.pdf").exists()
