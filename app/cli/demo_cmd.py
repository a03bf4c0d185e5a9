"""``qbr demo`` and ``qbr gui``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from app.cli.common import context
from app.errors import Lang, Text


def default_demo_dir() -> Path:
    from platformdirs import user_data_path

    return user_data_path("qbr-workstation") / "demo"


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("demo", help="build the demo round and open the app on it")
    p.add_argument("--dir", type=Path, help="where to build it (default: the user data folder)")
    p.add_argument("--no-gui", action="store_true", help="build only; print where things are")
    p.add_argument(
        "--open",
        choices=("expert", "leader", "chair"),
        default="expert",
        help="whose store the app opens on (default: the expert 张伟's)",
    )
    p.set_defaults(func=cmd_demo)


def cmd_demo(args: argparse.Namespace) -> int:
    from app.demo.round import PERSONAL_PASSPHRASE, SECRETARIAT_PASSPHRASE, build_demo_round

    ctx = context(args)
    root = (args.dir or default_demo_dir()).resolve()
    demo = build_demo_round(root, say=lambda step: print(step.render(ctx.lang), file=sys.stderr))
    ctx.say(
        Text(
            f"演示轮次已生成：{demo.root}\n"
            f"  申报批次：{demo.batch}\n"
            f"  办公室工作区：{demo.workspace}（口令 {SECRETARIAT_PASSPHRASE}）\n"
            f"  形式审查报告：{demo.report}（{demo.findings} 项发现）\n"
            f"  任务包与一次性口令：{demo.packages}\n"
            f"  专家存储：{demo.stores['expert']}\n"
            f"  组长存储：{demo.stores['leader']}\n"
            f"  主任委员存储：{demo.stores['chair']}（个人存储口令均为 {PERSONAL_PASSPHRASE}）\n"
            f"  组员签名评分表：{demo.sheets}（组长在“评审 → 专家组合议”中导入；其中一份签名后被改动）\n"
            f"  两个专业组的签名汇总表：{demo.reports}（主任委员在“评审 → 主任委员审核”中导入）\n"
            f"打开各角色：qbr gui {demo.stores['leader']}（组长）    qbr gui {demo.stores['chair']}（主任委员）\n"
            f"继续：qbr round check {demo.workspace}    qbr store check {demo.stores['expert']}",
            f"Demo round built in {demo.root}\n"
            f"  batch: {demo.batch}\n"
            f"  secretariat workspace: {demo.workspace} (passphrase {SECRETARIAT_PASSPHRASE})\n"
            f"  formal-review report: {demo.report} ({demo.findings} findings)\n"
            f"  packages and one-time passphrases: {demo.packages}\n"
            f"  expert store: {demo.stores['expert']}\n"
            f"  leader store: {demo.stores['leader']}\n"
            f"  chair store: {demo.stores['chair']} (personal stores' passphrase: "
            f"{PERSONAL_PASSPHRASE})\n"
            f"  members' signed score sheets: {demo.sheets} (the leader imports them in "
            f"Review → Group consolidation; one was altered after signing)\n"
            f"  both groups' signed reports: {demo.reports} (the chair imports them in "
            f"Review → Chair's review)\n"
            f"Open each role: qbr gui {demo.stores['leader']} (leader)    "
            f"qbr gui {demo.stores['chair']} (chair)\n"
            f"Continue: qbr round check {demo.workspace}    qbr store check {demo.stores['expert']}",
        )
    )
    if args.no_gui:
        return 0
    return _open_gui(demo.stores[args.open], ctx.lang)


def _open_gui(store: Path | None, lang: Lang) -> int:
    """Start the desktop app (Qt is imported only now, so the CLI stays light)."""
    from app.ui.application import run

    return run(store, lang)


def cmd_gui(args: argparse.Namespace) -> int:
    ctx = context(args)
    return _open_gui(Path(args.store) if args.store else None, ctx.lang)
