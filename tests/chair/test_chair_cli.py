"""``qbr chair …`` on a copy of the demo chair's store, in process."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from app.cli.main import main
from app.demo.round import PERSONAL_PASSPHRASE
from tests.chair.conftest import ChairRound


@pytest.fixture
def chair(chair_round: ChairRound, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("QBR_PASSPHRASE", PERSONAL_PASSPHRASE)
    shutil.copytree(chair_round.chair, tmp_path / "chair")
    return tmp_path / "chair"


def _json(capsys: pytest.CaptureFixture[str]) -> object:
    out = capsys.readouterr().out
    return json.loads(
        out[: out.rindex("}") + 1] if out.lstrip().startswith("{") else out[: out.rindex("]") + 1]
    )


def test_import_status_change_and_sign(
    chair: Path,
    chair_round: ChairRound,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    sheet = next(p for p in chair_round.sheets.glob("*.pdf") if "被改动" not in p.name)
    assert main(["chair", "import", str(chair), str(sheet)]) == 1
    assert "评分表应交给本组组长" in capsys.readouterr().out
    folder = chair_round.reports[0].parent
    assert main(["chair", "import", str(chair), str(folder), "--json"]) == 0
    verdicts = _json(capsys)
    assert isinstance(verdicts, list) and [v["verdict"] for v in verdicts] == ["applied"] * 2

    assert main(["chair", "status", str(chair), "--json"]) == 0
    status = _json(capsys)
    assert isinstance(status, dict) and status["missing_groups"] == []
    off = next(
        d for g in status["groups"] for d in g["dossiers"] if not d["proposed"] and d["rank"]
    )
    assert (
        main(
            [
                "--lang",
                "en",
                "chair",
                "change",
                str(chair),
                "--dossier",
                str(off["seq"]),
                "--include",
            ]
        )
        == 1
    )
    assert "reason" in capsys.readouterr().err
    assert (
        main(
            [
                "chair",
                "change",
                str(chair),
                "--dossier",
                str(off["seq"]),
                "--include",
                "--reason",
                "组间校准后应进入答辩",
            ]
        )
        == 0
    )
    assert "调入" in capsys.readouterr().out
    assert main(["chair", "status", str(chair)]) == 0
    text = capsys.readouterr().out
    assert "主任委员调整理由：组间校准后应进入答辩" in text and "各组分布" in text

    target = tmp_path / "名单.pdf"
    assert (
        main(
            [
                "chair",
                "shortlist",
                str(chair),
                "-o",
                str(target),
                "--xlsx",
                str(tmp_path / "名单.xlsx"),
                "--json",
            ]
        )
        == 0
    )
    exported = _json(capsys)
    assert isinstance(exported, dict) and off["dossier_id"] in exported["listed"]
    ca = tmp_path / "ca.pem"
    ca.write_bytes(chair_round.ca_pem)
    assert main(["chair", "verify", str(target), "--ca", str(ca), "--json"]) == 0
    verified = _json(capsys)
    assert isinstance(verified, dict) and verified["kind"] == "shortlist"
    assert verified["shortlist"]["shortlist"] == exported["listed"]
    assert main(["chair", "verify", str(chair_round.reports[0]), "--ca", str(ca)]) == 0
    assert "复核无误" in capsys.readouterr().out
    tampered = tmp_path / "tampered.pdf"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0x01
    tampered.write_bytes(bytes(data))
    assert main(["chair", "verify", str(tampered), "--ca", str(ca)]) == 1
    assert "未通过核验" in capsys.readouterr().out


def test_the_chair_commands_refuse_another_persons_store(
    chair_round: ChairRound,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("QBR_PASSPHRASE", PERSONAL_PASSPHRASE)
    shutil.copytree(chair_round.root / "demo" / "stores" / "expert", tmp_path / "expert")
    assert main(["chair", "status", str(tmp_path / "expert")]) == 1
    assert "主任委员" in capsys.readouterr().err
