"""The secretariat's and an expert's command lines, end to end, as separate processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from app.demo.defects import build_defect_batch

ROOT = Path(__file__).resolve().parents[2]
WORKSPACE_PASS = "secretariat passphrase"
EXPERT_PASS = "expert passphrase"


def qbr(
    *args: str, env: dict[str, str] | None = None, ok: bool = True
) -> subprocess.CompletedProcess[str]:
    merged = {k: v for k, v in os.environ.items() if not k.startswith("QBR_")}
    merged.update({"PYTHONPATH": str(ROOT), **(env or {})})
    result = subprocess.run(
        [sys.executable, "-m", "app", *args],
        capture_output=True,
        text=True,
        env=merged,
        timeout=600,
    )
    assert "Traceback" not in result.stderr, result.stderr
    if ok:
        assert result.returncode == 0, result.stderr
    return result


def ws(*args: str, ok: bool = True, lang: str = "zh") -> subprocess.CompletedProcess[str]:
    return qbr("--lang", lang, *args, env={"QBR_PASSPHRASE": WORKSPACE_PASS}, ok=ok)


@dataclass(frozen=True)
class Cycle:
    base: Path
    batch: Path
    workspace: Path
    first_import: dict[str, Any]


@pytest.fixture(scope="module")
def cycle(tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    base = tmp_path_factory.mktemp("cycle")
    batch = build_defect_batch(base / "batch")
    workspace = base / "ws"
    ws(
        "round",
        "init",
        str(workspace),
        "--name",
        "测试轮次",
        "--year",
        "2024",
        "--shortlist-size",
        "2",
    )
    for group in ("甲组", "乙组"):
        ws("round", "group", "add", str(workspace), group)
    people = [
        ("组长甲", "leader", "甲组"),
        ("专家一", "expert", "甲组"),
        ("专家二", "expert", "甲组"),
        ("组长乙", "leader", "乙组"),
        ("专家三", "expert", "乙组"),
    ]
    for name, role, group in people:
        ws(
            "round",
            "person",
            "add",
            str(workspace),
            "--name",
            name,
            "--org",
            "某研究院",
            "--role",
            role,
            "--group",
            group,
        )
    ws(
        "round",
        "person",
        "add",
        str(workspace),
        "--name",
        "主任",
        "--org",
        "中国质量协会",
        "--role",
        "chair",
    )
    imported = ws("round", "import", str(workspace), str(batch.root), "--json")
    return Cycle(base, batch.root, workspace, json.loads(imported.stdout))


def test_import_reports_and_second_run_changes_nothing(cycle: Cycle) -> None:
    report = cycle.first_import
    assert report["added"] and not report["updated"]
    assert report["name_mismatches"], "the defect batch has a folder spelled differently"
    again = json.loads(
        ws("round", "import", str(cycle.workspace), str(cycle.batch), "--json").stdout
    )
    assert again["added"] == [] and again["updated"] == []
    assert sorted(again["unchanged"]) == sorted(report["added"])


def test_check_json_lists_each_seeded_defect(cycle: Cycle) -> None:
    batch = build_defect_batch(cycle.base / "again")
    out = ws(
        "round", "check", str(cycle.workspace), "--json", "--xlsx", str(cycle.base / "report.xlsx")
    )
    report = json.loads(out.stdout)
    found = {(f["rule"], f["enterprise"]) for f in report["findings"]}
    rules = {rule for rule, _ in found}
    for rule, enterprise in batch.defects:
        if rule == "file.too_large":
            continue  # exercised with a small limit in the service test
        assert rule in rules, rule
        assert (rule, enterprise) in found, (rule, enterprise)
    assert (cycle.base / "report.xlsx").stat().st_size > 0
    english = json.loads(ws("round", "check", str(cycle.workspace), "--json", lang="en").stdout)
    assert all(
        not any("\u4e00" <= c <= "\u9fff" for c in f["message"][:12])
        for f in english["findings"]
        if f["rule"] == "uscc.invalid"
    )


def test_assign_conflict_packages_and_expert_store(cycle: Cycle) -> None:
    workspace, base = cycle.workspace, cycle.base
    ws("round", "assign", str(workspace), "--group", "甲组", "--all")
    ws("round", "assign", str(workspace), "--group", "乙组", "--dossier", "2", "--dossier", "3")
    ws("round", "conflict", "add", str(workspace), "--person", "专家一", "--dossier", "1")
    again = ws("round", "conflict", "add", str(workspace), "--person", "专家一", "--dossier", "1")
    assert "未做修改" in again.stdout
    bad = ws("round", "assign", str(workspace), "--group", "丙组", "--all", ok=False)
    assert bad.returncode == 1 and "丙组" in bad.stderr
    issued = json.loads(ws("round", "packages", str(workspace), str(base / "pk"), "--json").stdout)
    assert len(issued["packages"]) == 6
    listing = Path(issued["passphrase_list"])
    assert oct(listing.stat().st_mode)[-3:] == "600"
    ws("round", "ca", str(workspace), "-o", str(base / "ca.pem"))
    assert (base / "ca.pem").read_bytes().startswith(b"-----BEGIN CERTIFICATE-----")

    expert = next(p for p in issued["packages"] if p["person"] == "专家一")
    other = next(p for p in issued["packages"] if p["person"] == "专家二")
    store = base / "expert-store"
    env = {"QBR_PASSPHRASE": EXPERT_PASS}
    qbr("store", "init", str(store), env=env)

    wrong = qbr(
        "store",
        "import-package",
        str(store),
        expert["file"],
        ok=False,
        env={**env, "QBR_PACKAGE_PASSPHRASE": "AAAAA-BBBBB-CCCCC-DDDDD-EEEEE"},
    )
    assert wrong.returncode == 1 and "口令" in wrong.stderr

    truncated = base / "truncated.qbrpkg"
    data = Path(expert["file"]).read_bytes()
    truncated.write_bytes(data[: len(data) * 2 // 3])
    cut = qbr(
        "store",
        "import-package",
        str(store),
        str(truncated),
        ok=False,
        env={**env, "QBR_PACKAGE_PASSPHRASE": expert["passphrase"]},
    )
    assert cut.returncode == 1 and "不完整" in cut.stderr

    first = json.loads(
        qbr(
            "store",
            "import-package",
            str(store),
            expert["file"],
            "--json",
            env={**env, "QBR_PACKAGE_PASSPHRASE": expert["passphrase"].lower()},
        ).stdout
    )
    assert first["changed"] and first["person"] == "专家一"
    twice = json.loads(
        qbr(
            "store",
            "import-package",
            str(store),
            expert["file"],
            "--json",
            env={**env, "QBR_PACKAGE_PASSPHRASE": expert["passphrase"]},
        ).stdout
    )
    assert not twice["changed"]
    foreign = qbr(
        "store",
        "import-package",
        str(store),
        other["file"],
        ok=False,
        env={**env, "QBR_PACKAGE_PASSPHRASE": other["passphrase"]},
    )
    assert foreign.returncode == 1 and "专家二" in foreign.stderr

    check = json.loads(qbr("store", "check", str(store), "--json", env=env).stdout)
    assert check["ok"] and check["document_bytes"] > 0
    qbr("store", "backup", str(store), env=env)
    qbr(
        "store",
        "change-passphrase",
        str(store),
        env={**env, "QBR_NEW_PASSPHRASE": "another passphrase"},
    )
    refused = qbr("store", "check", str(store), env=env, ok=False)
    assert refused.returncode == 1 and "口令不正确" in refused.stderr


def test_usage_errors_exit_2() -> None:
    result = qbr("round", "frobnicate", ok=False)
    assert result.returncode == 2


def test_workspace_commands_refuse_wrong_passphrase(cycle: Cycle) -> None:
    result = qbr(
        "round", "check", str(cycle.workspace), ok=False, env={"QBR_PASSPHRASE": "wrong passphrase"}
    )
    assert result.returncode == 1
    assert "口令不正确" in result.stderr
