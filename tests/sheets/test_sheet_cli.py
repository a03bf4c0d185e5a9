"""``qbr sheet export|verify`` and ``qbr group import`` through the real entry point."""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

import pytest

from app.cli.areas import group_parser
from app.cli.main import build_parser, main
from app.demo.round import PERSONAL_PASSPHRASE, SECRETARIAT_PASSPHRASE
from app.scoring.service import ReviewService
from app.store.store import Store
from tests.sheets.conftest import EXPERT, LEADER, DemoRound, complete_all


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


def _copy(demo: DemoRound, person: str, target: Path) -> Path:
    shutil.copytree(demo.stores[person], target)
    return target


def test_export_verify_and_import(
    demo_round: DemoRound,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    expert = _copy(demo_round, EXPERT, tmp_path / "expert")
    leader = _copy(demo_round, LEADER, tmp_path / "leader")
    ca = tmp_path / "ca.pem"
    monkeypatch.setenv("QBR_PASSPHRASE", SECRETARIAT_PASSPHRASE)
    assert run(capsys, "round", "ca", str(demo_round.workspace), "-o", str(ca))[0] == 0
    monkeypatch.setenv("QBR_PASSPHRASE", PERSONAL_PASSPHRASE)

    # Nothing scored yet: a draft is fine, a signed sheet is refused with the reasons.
    code, out, _ = run(
        capsys, "sheet", "export", str(expert), "-o", str(tmp_path / "d.pdf"), "--draft"
    )
    assert code == 0 and "草稿" in out
    code, _, err = run(capsys, "sheet", "export", str(expert), "-o", str(tmp_path / "s.pdf"))
    with Store.open(expert, PERSONAL_PASSPHRASE) as store:
        first = ReviewService(store).dossiers()[0].enterprise
        assert code == 1 and first in err and "尚未评分" in err
        complete_all(store)
    assert not (tmp_path / "s.pdf").exists()

    sheet = tmp_path / "sheets" / "张伟-评分表.pdf"
    code, out, _ = run(capsys, "sheet", "export", str(expert), "-o", str(sheet), "--json")
    assert code == 0 and json.loads(out)["revision"] == 1

    code, out, _ = run(capsys, "sheet", "verify", str(sheet), "--ca", str(ca))
    assert code == 0 and "签名有效" in out and EXPERT in out and first in out
    code, out, _ = run(
        capsys, "--lang", "en", "sheet", "verify", str(sheet), "--ca", str(ca), "--json"
    )
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["signer"] == EXPERT
    assert report["sheet"]["revision"] == 1 and len(report["sheet"]["entries"]) == 6

    bad = tmp_path / "sheets" / "notes.pdf"
    bad.write_text("不是 PDF", encoding="utf-8")
    code, out, err = run(capsys, "sheet", "verify", str(bad), "--ca", str(ca), "--json")
    assert code == 1 and json.loads(out)["code"] == "not_pdf" and "PDF" in err
    code, _, err = run(capsys, "sheet", "verify", str(tmp_path / "missing.pdf"), "--ca", str(ca))
    assert code == 1 and "missing.pdf" in err
    code, _, err = run(capsys, "sheet", "verify", str(sheet), "--ca", str(bad))
    assert code == 1 and err

    # The leader takes in the folder: one sheet applied, the bad file refused (exit 1).
    code, out, _ = run(capsys, "group", "import", str(leader), str(tmp_path / "sheets"), "--json")
    verdicts = {Path(r["file"]).name: (r["verdict"], r["code"]) for r in json.loads(out)}
    assert code == 1
    assert verdicts == {sheet.name: ("applied", "applied"), bad.name: ("rejected", "not_pdf")}
    code, out, _ = run(capsys, "group", "import", str(leader), str(sheet))
    assert code == 0 and "[重复]" in out
    code, _, err = run(capsys, "group", "import", str(expert), str(sheet))
    assert code == 1 and "组长" in err


def test_usage_errors_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    for args in (["sheet"], ["sheet", "verify", "x.pdf"], ["group", "import"]):
        with pytest.raises(SystemExit) as caught:
            main(args)
        assert caught.value.code == 2
    capsys.readouterr()


def test_another_module_can_add_group_commands() -> None:
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    commands = group_parser(sub)
    assert "import" in commands.choices
    commands.add_parser("probe").set_defaults(func=lambda _args: 0)
    assert group_parser(sub) is commands
    assert parser.parse_args(["group", "probe"]).func(None) == 0
