"""The built-in demo round: the sample batch run through the secretariat's steps.

Builds, under one folder: the sample batch, a secretariat workspace with the round,
two groups, their leaders and experts and a chair, the formal-review report, the
assignment packages, and personal stores for an expert, a leader and the chair with
their packages already loaded. Passphrases are fixed and documented (README) so
anyone can open each role.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from app.demo.batch import build_demo_batch
from app.demo.scoring import score_all, send_report, send_sheets, tampered_copy
from app.documents.worker import DocumentWorker
from app.errors import Text
from app.exchange.package_import import import_package
from app.formal.report import write_report_xlsx
from app.models.round import Role
from app.secretariat import assignment, roster
from app.secretariat.checking import formal_review
from app.secretariat.importing import import_batch
from app.secretariat.packaging import issue_packages
from app.store.keyring import KdfParams
from app.store.store import Store, StoreKind

SECRETARIAT_PASSPHRASE = "demo-secretariat"
PERSONAL_PASSPHRASE = "demo-passphrase"

GROUPS = ("制造业专业组", "服务业与数字化专业组")
PEOPLE: tuple[tuple[str, str, Role, str | None], ...] = (
    ("王建国", "中国质量协会", Role.CHAIR, None),
    ("李明华", "清华大学质量与可靠性研究院", Role.LEADER, GROUPS[0]),
    ("张伟", "上海交通大学机械与动力工程学院", Role.EXPERT, GROUPS[0]),
    ("刘芳", "中国航空综合技术研究所", Role.EXPERT, GROUPS[0]),
    ("陈静", "江苏省质量和标准化研究院", Role.EXPERT, GROUPS[0]),
    ("赵磊", "中国标准化研究院", Role.LEADER, GROUPS[1]),
    ("孙丽", "北京航空航天大学经济管理学院", Role.EXPERT, GROUPS[1]),
    ("周强", "中国电子技术标准化研究院", Role.EXPERT, GROUPS[1]),
    ("吴敏", "浙江大学管理学院", Role.EXPERT, GROUPS[1]),
)
LEADER_CHANGE = "该企业三年对比数据完整，答辩可进一步说明推广价值，专家组合议一致建议进入答辩。"
OPENED = {"expert": "张伟", "leader": "李明华", "chair": "王建国"}


@dataclass(frozen=True)
class DemoRound:
    """Where the demo put everything."""

    root: Path
    batch: Path
    workspace: Path
    packages: Path
    report: Path
    stores: dict[str, Path]  # role → personal store
    findings: int
    sheets: Path  # the first group's members' signed sheets, one altered after signing
    reports: Path  # both groups' signed reports (PDF + XLSX), for the chair


def build_demo_round(
    root: Path,
    *,
    say: Callable[[Text], None] = lambda _step: None,
    kdf: KdfParams | None = None,
) -> DemoRound:
    """Build (or rebuild from scratch) the demo round under ``root``."""
    if root.exists():
        shutil.rmtree(root)
    root.mkdir(parents=True)
    say(Text("1/8 示例申报批次", "1/8 sample batch"))
    batch = build_demo_batch(root / "batch")
    say(Text("2/8 办公室工作区与评审轮次", "2/8 secretariat workspace and round"))
    workspace = root / "secretariat"
    with Store.create(workspace, SECRETARIAT_PASSPHRASE, StoreKind.WORKSPACE, kdf=kdf) as store:
        roster.init_round(store, name="2024年全国质量标杆遴选（演示）", year=2024, shortlist_size=3)
        for group in GROUPS:
            roster.add_group(store, group)
        for name, org, role, group_name in PEOPLE:
            roster.add_person(store, name=name, organisation=org, role=role, group=group_name)
        say(Text("3/8 导入与形式审查", "3/8 import and formal review"))
        with DocumentWorker() as worker:
            import_batch(store, batch.root, worker)
        review = formal_review(store)
        write_report_xlsx(
            review.findings,
            root / "形式审查报告.xlsx",
            "zh",
            dossiers_checked=review.dossiers_checked,
        )
        say(Text("4/8 分组与回避", "4/8 assignment and conflicts"))
        enterprises = list(batch.enterprises)
        half = (len(enterprises) + 1) // 2
        assignment.assign(store, GROUPS[0], enterprises[:half])
        assignment.assign(store, GROUPS[1], enterprises[half:])
        assignment.add_conflict(store, "刘芳", enterprises[0], "曾为该企业提供咨询服务")
        say(Text("5/8 评审任务包", "5/8 assignment packages"))
        issued = issue_packages(store, root / "packages")
    say(Text("6/8 个人评审存储", "6/8 personal stores"))
    stores: dict[str, Path] = {}
    for opened_as, person in OPENED.items():
        package = next(p for p in issued.packages if p.person == person)
        path = root / "stores" / opened_as
        with Store.create(path, PERSONAL_PASSPHRASE, StoreKind.PERSONAL, kdf=kdf) as store:
            import_package(store, package.file, package.passphrase)
        stores[opened_as] = path
    say(Text("7/8 组员的签名评分表", "7/8 the members' signed score sheets"))
    members = [n for n, _o, role, g in PEOPLE if g == GROUPS[0] and role is Role.EXPERT]
    sent = send_sheets(
        [(p.person, p.file, p.passphrase) for p in issued.packages if p.person in members],
        root / "sheets",
        kdf=kdf,
    )
    tampered_copy(next(p for p in sent if members[-1] in p.name))
    with Store.open(stores["leader"], PERSONAL_PASSPHRASE) as store:
        score_all(store, OPENED["leader"])
    say(Text("8/8 各专业组的签名汇总表", "8/8 the groups' signed reports"))
    reports = root / "reports"
    with tempfile.TemporaryDirectory(prefix="qbr-demo-") as scratch:
        for index, group in enumerate(GROUPS):
            experts = [n for n, _o, role, g in PEOPLE if g == group and role is Role.EXPERT]
            leader = next(n for n, _o, role, g in PEOPLE if g == group and role is Role.LEADER)
            held = {p.person: (p.person, p.file, p.passphrase) for p in issued.packages}
            sheets = (
                sent
                if index == 0
                else send_sheets([held[name] for name in experts], Path(scratch) / group, kdf=kdf)
            )
            send_report(
                held[leader],
                [s for s in sheets if s.exists()],
                reports,
                kdf=kdf,
                change=None if index == 0 else LEADER_CHANGE,
            )
    return DemoRound(
        root,
        batch.root,
        workspace,
        root / "packages",
        root / "形式审查报告.xlsx",
        stores,
        len(review.findings),
        root / "sheets",
        reports,
    )
