"""``qbr form export`` and ``qbr form import``: exit codes, messages, JSON, no tracebacks."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from app.cli.main import main
from app.demo.round import PERSONAL_PASSPHRASE
from app.scoring.service import ReviewService
from app.store.store import Store
from tests.forms.conftest import Templates
from tests.forms.formtools import FilledForm


@pytest.fixture
def store_path(templates: Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "expert"
    shutil.copytree(templates.expert, path)
    monkeypatch.setenv("QBR_PASSPHRASE", PERSONAL_PASSPHRASE)
    return path


def _seqs(store_path: Path) -> list[tuple[int, str]]:
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        return [(d.seq, d.id) for d in ReviewService(store).dossiers()]


def test_export_fill_import(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_path = tmp_path / "form.xlsx"
    assert main(["form", "export", str(store_path), "-o", str(form_path)]) == 0
    assert "已导出评审表格" in capsys.readouterr().out
    (seq, dossier_id), *_ = _seqs(store_path)
    form = FilledForm(form_path)
    form.put(seq, "显效性（", 23.5)
    form.put(seq, "总体评语", "效益显著")
    form.save()

    assert main(["form", "import", str(store_path), str(form_path), "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is True and out["problems"] == []
    assert [d["dossier_id"] for d in out["applied"]] == [dossier_id]
    assert len(out["unchanged"]) == 5
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        record = ReviewService(store).record(dossier_id)
    assert record.scores == {"effect": Decimal("23.5")}
    assert record.overall_comment == "效益显著"

    assert main(["--lang", "en", "form", "import", str(store_path), str(form_path)]) == 0
    assert "nothing to import" in capsys.readouterr().out


def test_bad_cells_exit_1_with_every_problem(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_path = tmp_path / "form.xlsx"
    assert main(["form", "export", str(store_path), "-o", str(form_path)]) == 0
    (first, _), (second, _), *_ = _seqs(store_path)
    form = FilledForm(form_path)
    bad = [form.put(first, "科学性（", 15.5), form.put(second, "推荐进入答辩", "可以")]
    form.save()
    capsys.readouterr()

    assert main(["form", "import", str(store_path), str(form_path), "--json"]) == 1
    captured = capsys.readouterr()
    out = json.loads(captured.out)
    assert out["ok"] is False and out["applied"] == []
    assert [p["cell"] for p in out["problems"]] == bad
    assert all(p["sheet"] == "评分" for p in out["problems"])
    assert "2 处问题" in captured.err and "Traceback" not in captured.err

    assert main(["--lang", "en", "form", "import", str(store_path), str(form_path)]) == 1
    err = capsys.readouterr().err
    assert f"row {form.row(first)}, column D" in err and "Traceback" not in err


def test_a_broken_file_exits_1_without_a_traceback(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    junk = tmp_path / "form.xlsx"
    junk.write_bytes(b"PK\x03\x04 not really a zip")
    assert main(["form", "import", str(store_path), str(junk)]) == 1
    err = capsys.readouterr().err
    assert "无法导入评审表格" in err and "Traceback" not in err
    assert main(["form", "import", str(store_path), str(junk), "--json"]) == 1
    out = json.loads(capsys.readouterr().out)
    assert out["ok"] is False and "损坏" in out["problems"][0]["message"]


def test_an_edit_conflict_needs_overwrite(
    store_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    form_path = tmp_path / "form.xlsx"
    assert main(["form", "export", str(store_path), "-o", str(form_path)]) == 0
    (seq, dossier_id), *_ = _seqs(store_path)
    form = FilledForm(form_path)
    form.put(seq, "科学性（", 12)
    form.save()
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        service = ReviewService(store)
        service.save(service.record(dossier_id).with_score("science", Decimal(10)))
    capsys.readouterr()

    assert main(["form", "import", str(store_path), str(form_path), "--json"]) == 1
    captured = capsys.readouterr()
    assert [d["dossier_id"] for d in json.loads(captured.out)["conflicts"]] == [dossier_id]
    assert "--overwrite" in captured.err

    assert main(["form", "import", str(store_path), str(form_path), "--overwrite"]) == 0
    assert "覆盖" in capsys.readouterr().out
    with Store.open(store_path, PERSONAL_PASSPHRASE) as store:
        assert ReviewService(store).record(dossier_id).scores == {"science": Decimal(12)}


def test_usage_errors_exit_2(store_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["form", "export", str(store_path)])  # no -o
    assert caught.value.code == 2
