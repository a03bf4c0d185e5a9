"""The whole review cycle, end to end, from the demo batch to the preliminary list (初评名单).

Everything people hand each other goes through ``qbr`` as a script would run it: the
secretariat sets up the round, imports and checks the batch, assigns, records a conflict
and issues packages; every person makes a store and imports their package; experts score
— one through the real main window, one through the offline spreadsheet, the rest through
the review service — and export signed sheets; leaders take in their group's sheets (and
refuse a tampered copy) and sign group reports; the chair takes in the reports, changes the
list once with a reason and signs it; the secretariat opens the defense stage from that
list, issues new packages, and the defense stage runs the same way to the 初评名单.

The scores are chosen here so the rule's corners show up: a disagreement over 15 points, a
group-score tie broken by the 显效性和发展性 subtotal, a tie on every key across the K-th
place (all tied go in; the leader settles it with a reason), a tie broken by the median,
half-up rounding, and a conflict. Every signed file is checked with pyHanko's validator and
every number against :mod:`tests.e2e.independent`, which does not import the product.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select

from app.demo.batch import DemoBatch, build_demo_batch
from app.scoring.service import ReviewService
from app.store.schema import ConflictRow, ReviewRecordRow, RoundRow, SignedRevisionRow
from app.store.store import Store
from tests.e2e.conftest import GuiReview, GuiScorer, Qbr
from tests.e2e.independent import (
    ASPECTS,
    Figures,
    consolidate,
    embedded_json,
    in_list_order,
    pdf_text,
    plain,
    total,
    validate,
)
from tests.forms.formtools import FilledForm

MATERIAL, DEFENSE = "material", "defense"
ROUND_NAME = "2024年全国质量标杆遴选（端到端）"
G1, G2 = "第一专业组", "第二专业组"  # the chair's list takes groups in name order: 一 < 二
WORKSPACE_PASSPHRASE = "secretariat workspace passphrase"
K = {MATERIAL: 2, DEFENSE: 1}  # the defense stage's K is set when it is opened


@dataclass(frozen=True)
class Person:
    name: str
    org: str
    role: str
    group: str | None = None

    @property
    def passphrase(self) -> str:
        return f"{self.name}的评审存储口令"


PEOPLE = (
    Person("李明华", "清华大学质量与可靠性研究院", "leader", G1),
    Person("张伟", "上海交通大学机械与动力工程学院", "expert", G1),
    Person("刘芳", "中国航空综合技术研究所", "expert", G1),
    Person("陈静", "江苏省质量和标准化研究院", "expert", G1),
    Person("赵磊", "中国标准化研究院", "leader", G2),
    Person("孙丽", "北京航空航天大学经济管理学院", "expert", G2),
    Person("周强", "中国电子技术标准化研究院", "expert", G2),
    Person("吴敏", "浙江大学管理学院", "expert", G2),
    Person("王建国", "中国质量协会", "chair"),
)
BY_NAME = {p.name: p for p in PEOPLE}
CHAIR = BY_NAME["王建国"]
LEADERS = {G1: BY_NAME["李明华"], G2: BY_NAME["赵磊"]}
REVIEWERS = [p for p in PEOPLE if p.group is not None]
GROUP_SEQS = {G1: (1, 2, 3, 4, 5, 6), G2: (7, 8, 9, 10, 11, 12)}  # 序号 in the 汇总表
GUI_EXPERT, FORM_EXPERT = "张伟", "刘芳"
CONFLICT = ("刘芳", 2, "曾为该企业提供质量管理咨询服务")
LEADER_CHANGE = (G2, 9, "与8号并列第2名；合议认为其三年对比数据不及8号完整，调出答辩名单。")
CHAIR_CHANGE = (5, "该企业显效性数据突出，仅因排序规则位列本组第3，主任委员决定列入答辩名单。")

Row = tuple[float, float, float, float, float, float]  # science … development


def _scores(rows: dict[int, Row]) -> dict[int, dict[str, Decimal]]:
    return {
        seq: dict(zip(ASPECTS, map(Decimal, map(str, r)), strict=True)) for seq, r in rows.items()
    }


# Each person's scores per 序号 (刘芳 has a conflict on 2 and scores nothing there).
# fmt: off
SCORES: dict[str, dict[str, dict[int, dict[str, Decimal]]]] = {
    MATERIAL: {
        "李明华": _scores({
            1: (14, 13, 13.5, 13, 22, 13), 2: (12, 12, 12, 12, 20, 12),
            3: (13, 13, 13, 13, 21, 12), 4: (11, 11, 11, 11, 17, 9),
            5: (14, 14, 13.5, 13.5, 19, 11), 6: (9, 9, 9, 9, 15, 8),
        }),
        "张伟": _scores({
            1: (13.5, 13, 13, 13, 21.5, 12.5), 2: (12.5, 11.5, 12, 12, 19.5, 11.5),
            3: (13, 12.5, 13, 12.5, 20.5, 12.5), 4: (10.5, 10.5, 11, 11, 16, 9),
            5: (13.5, 13.5, 13.5, 13.5, 19, 11), 6: (9.5, 9, 9.5, 9, 15.5, 8.5),
        }),
        "刘芳": _scores({
            1: (14, 13.5, 14, 13.5, 23, 13.5), 3: (13.5, 13, 13, 13, 21.5, 13),
            4: (11, 11.5, 11.5, 11, 18, 9), 5: (14, 14, 14, 14, 20, 11),
            6: (10, 9.5, 9.5, 10, 16, 9),
        }),
        "陈静": _scores({
            1: (13, 12.5, 13, 12.5, 21, 12), 2: (12, 12.5, 12.5, 12, 20, 12),
            3: (12.5, 12.5, 12.5, 12.5, 20, 12), 4: (13.5, 13.5, 13.5, 13.5, 22.5, 13.5),
            5: (13.5, 13, 13, 13.5, 18, 11), 6: (9, 8.5, 9, 8.5, 14, 8),
        }),
        "赵磊": _scores({
            7: (13, 13, 13, 13, 22, 13), 8: (12, 12, 12, 12, 20, 12),
            9: (12.5, 12, 12.5, 12, 20.5, 12.5), 10: (11.5, 11.5, 11.5, 11.5, 19, 11),
            11: (10, 10, 10, 10, 17, 10), 12: (8, 8, 8.5, 8, 13, 7.5),
        }),
        "孙丽": _scores({
            7: (13.5, 13, 13.5, 13, 22.5, 13), 8: (12.5, 12.5, 12.5, 12.5, 21, 12),
            9: (12, 12, 12, 12, 20, 12), 10: (12, 11.5, 12, 11.5, 19.5, 11.5),
            11: (10.5, 10, 10.5, 10, 17.5, 10.5), 12: (8.5, 8.5, 8.5, 8.5, 14, 8),
        }),
        "周强": _scores({
            7: (12.5, 12.5, 13, 12.5, 21, 12.5), 8: (12, 11.5, 12, 11.5, 19, 11),
            9: (12.5, 12.5, 12.5, 12.5, 21, 12), 10: (11, 11, 11, 11, 18, 10),
            11: (9.5, 9.5, 10, 9.5, 16, 9.5), 12: (8, 7.5, 8, 7.5, 12.5, 7.5),
        }),
        "吴敏": _scores({
            7: (14, 13.5, 13.5, 13.5, 22, 13), 8: (12.5, 12, 12.5, 12, 20.5, 12.5),
            9: (12, 11.5, 12, 11.5, 19, 11), 10: (12, 12, 12, 11.5, 19.5, 12),
            11: (11, 10.5, 10.5, 10.5, 17.5, 10), 12: (9, 8.5, 9, 8.5, 14.5, 8.5),
        }),
    },
    DEFENSE: {
        "李明华": _scores({
            1: (13, 13, 13, 13, 21, 12), 3: (12, 12, 12, 12, 19, 11),
            5: (14, 14, 13.5, 13.5, 21, 12),
        }),
        "张伟": _scores({
            1: (13.5, 13, 13.5, 13, 21, 12), 3: (12.5, 12, 12, 12, 19.5, 11),
            5: (12, 11.5, 12, 11.5, 21, 12),
        }),
        "刘芳": _scores({
            1: (13, 12.5, 13, 12.5, 21, 12), 3: (12, 12, 12.5, 12, 20, 11.5),
            5: (13.5, 13.5, 13, 13, 21, 12),
        }),
        "陈静": _scores({
            1: (13, 13, 13, 13, 21, 12), 3: (11.5, 11.5, 12, 11.5, 18.5, 11),
            5: (13.5, 13, 13.5, 13, 21, 12),
        }),
        "赵磊": _scores({7: (12.5, 12.5, 12.5, 12.5, 20.5, 12), 8: (13.5, 13, 13.5, 13, 22, 13)}),
        "孙丽": _scores({7: (12, 12, 12, 12, 20, 12), 8: (13, 13, 13, 13, 21.5, 13)}),
        "周强": _scores({7: (12.5, 12, 12.5, 12, 20, 12), 8: (13.5, 13.5, 13.5, 13, 22.5, 13.5)}),
        "吴敏": _scores({7: (13, 12.5, 12.5, 12.5, 21, 12.5), 8: (12.5, 12.5, 12.5, 12.5, 21, 12.5)}),
    },
}
# fmt: on
RECOMMEND_FROM = {MATERIAL: Decimal(80), DEFENSE: Decimal(85)}


def recommended(stage: str, scores: dict[str, Decimal]) -> bool:
    return total(scores) >= RECOMMEND_FROM[stage]


def comment(stage: str, seq: int, scores: dict[str, Decimal]) -> str:
    verdict = (
        "方法成熟，数据充分，经验可复制推广。" if recommended(stage, scores) else "对比数据不足。"
    )
    return f"{seq}号：{verdict}"


def group_sheets(stage: str, group: str) -> dict[str, dict[int, dict[str, Decimal] | None]]:
    """Each member's scores in ``group`` as the independent computation takes them."""
    out: dict[str, dict[int, dict[str, Decimal] | None]] = {}
    for person in REVIEWERS:
        if person.group != group:
            continue
        chosen: dict[int, dict[str, Decimal] | None] = dict(SCORES[stage][person.name])
        if person.name == CONFLICT[0] and stage == MATERIAL:
            chosen[CONFLICT[1]] = None
        out[person.name] = chosen
    return out


def figures(stage: str, group: str) -> dict[int, Figures]:
    return consolidate(group_sheets(stage, group), K[stage])


# -- the cycle ----------------------------------------------------------------------------


@dataclass
class Cycle:
    """Everything the run wrote and every command's JSON, for the checks to read."""

    base: Path
    batch: DemoBatch | None = None
    imported: Any = None
    checked: Any = None
    packages: dict[str, dict[str, Any]] = field(default_factory=dict)
    package_imports: dict[str, dict[str, Any]] = field(default_factory=dict)
    form_import: Any = None
    gui_said: list[str] = field(default_factory=list)
    sheets: dict[str, dict[str, Path]] = field(default_factory=dict)
    sheet_checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    tampered: Path | None = None
    tampered_import: Any = None
    group_imports: dict[str, dict[str, Any]] = field(default_factory=dict)
    group_status: dict[str, dict[str, Any]] = field(default_factory=dict)
    reports: dict[str, dict[str, Path]] = field(default_factory=dict)
    report_checks: dict[str, dict[str, Any]] = field(default_factory=dict)
    chair_imports: dict[str, Any] = field(default_factory=dict)
    chair_status: dict[str, Any] = field(default_factory=dict)
    refused_change: str = ""
    status_after_refusal: Any = None
    chair_change: Any = None
    lists: dict[str, Path] = field(default_factory=dict)
    list_exports: dict[str, Any] = field(default_factory=dict)
    list_checks: dict[str, Any] = field(default_factory=dict)
    list_verify_out: dict[str, str] = field(default_factory=dict)
    advanced: dict[str, Any] = field(default_factory=dict)

    @property
    def workspace(self) -> Path:
        return self.base / "secretariat"

    @property
    def ca(self) -> Path:
        return self.base / "round-ca.pem"

    def store(self, name: str) -> Path:
        return self.base / "stores" / name


def ws(qbr: Qbr, *argv: object, code: int = 0) -> Any:
    """A secretariat command on the workspace; its JSON when it printed some."""
    run = qbr(*argv, passphrase=WORKSPACE_PASSPHRASE, code=code)
    return run.json() if "--json" in argv else run


def set_up_the_round(qbr: Qbr, c: Cycle) -> None:
    w = c.workspace
    ws(qbr, "round", "init", w, "--name", ROUND_NAME, "--year", 2024, "--shortlist-size", 2)
    for group in (G1, G2):
        ws(qbr, "round", "group", "add", w, group)
    for p in PEOPLE:
        who = ["--name", p.name, "--org", p.org, "--role", p.role]
        ws(qbr, "round", "person", "add", w, *who, *(["--group", p.group] if p.group else []))
    c.batch = build_demo_batch(c.base / "batch")
    c.imported = ws(qbr, "round", "import", w, c.batch.root, "--json")
    c.checked = ws(qbr, "round", "check", w, "--json", "--xlsx", c.base / "形式审查报告.xlsx")
    by_seq = [a for seq in GROUP_SEQS[G1] for a in ("--dossier", seq)]
    ws(qbr, "round", "assign", w, "--group", G1, *by_seq)
    names = [c.batch.enterprises[seq - 1] for seq in GROUP_SEQS[G2]]
    ws(qbr, "round", "assign", w, "--group", G2, *[a for n in names for a in ("--dossier", n)])
    name, seq, reason = CONFLICT
    ws(qbr, "round", "conflict", "add", w, "--person", name, "--dossier", seq, "--reason", reason)
    ws(qbr, "round", "ca", w, "-o", c.ca)


def issue_and_import_packages(qbr: Qbr, c: Cycle, stage: str) -> None:
    """The secretariat's packages of ``stage``, each imported into its person's one store."""
    issued = ws(qbr, "round", "packages", c.workspace, c.base / f"packages-{stage}", "--json")
    c.packages[stage] = {p["person"]: p for p in issued["packages"]}
    c.package_imports[stage] = {}
    for p in PEOPLE:
        if stage == MATERIAL:
            qbr("store", "init", c.store(p.name), passphrase=p.passphrase)
        package = c.packages[stage][p.name]
        c.package_imports[stage][p.name] = qbr(
            "store",
            "import-package",
            c.store(p.name),
            package["file"],
            "--json",
            passphrase=p.passphrase,
            package_passphrase=package["passphrase"],
        ).json()


def score_through_the_service(c: Cycle, stage: str, person: Person) -> None:
    chosen = SCORES[stage][person.name]
    with Store.open(c.store(person.name), person.passphrase) as store:
        service = ReviewService(store)
        seen = set()
        for summary in service.dossiers():
            record = service.record(summary.id)
            seen.add(summary.seq)
            if record.conflict:
                assert (person.name, summary.seq) == CONFLICT[:2] and stage == MATERIAL
                continue
            scores = chosen[summary.seq]
            for aspect, value in scores.items():
                record = record.with_score(aspect, value)
            record = record.with_comment(None, comment(stage, summary.seq, scores))
            service.save(record.with_recommendation(recommended(stage, scores)))
        assert seen == set(chosen) | (
            {CONFLICT[1]} if person.name == CONFLICT[0] and stage == MATERIAL else set()
        )
        assert service.missing_overall() == []


ASPECT_NAMES = {
    "science": "科学性",
    "innovation": "创新性",
    "system": "系统性",
    "demonstration": "示范性",
    "effect": "显效性",
    "development": "发展性",
}


def score_through_the_form(qbr: Qbr, c: Cycle, person: Person) -> None:
    """Export the offline form, fill it in as in Excel, and bring it back."""
    path, form_path = c.store(person.name), c.base / f"离线评分表-{person.name}.xlsx"
    qbr("form", "export", path, "-o", form_path, passphrase=person.passphrase)
    form = FilledForm(form_path)
    for seq, scores in SCORES[MATERIAL][person.name].items():
        for aspect, value in scores.items():
            form.put(seq, f"{ASPECT_NAMES[aspect]}（", float(value))
        form.put(seq, "推荐进入答辩", "是" if recommended(MATERIAL, scores) else "否")
        form.put(seq, "总体评语", comment(MATERIAL, seq, scores))
    form.save()
    c.form_import = qbr(
        "form", "import", path, form_path, "--json", passphrase=person.passphrase
    ).json()


def export_and_verify_sheet(qbr: Qbr, c: Cycle, stage: str, person: Person) -> None:
    sheet = c.sheets[stage].setdefault(
        person.name, c.base / stage / "sheets" / f"评分表-{person.name}.pdf"
    )
    if not sheet.exists():  # the GUI expert exported theirs from the window's 文件 menu
        qbr("sheet", "export", c.store(person.name), "-o", sheet, passphrase=person.passphrase)
    c.sheet_checks[stage][person.name] = qbr(
        "sheet", "verify", sheet, "--ca", c.ca, "--json"
    ).json()


def tampered_copy(sheet: Path) -> Path:
    """A copy with one byte flipped in the middle of the signed bytes."""
    data = bytearray(sheet.read_bytes())
    contents = data.rfind(b"/Contents <")  # the signature value, outside the signed range
    data[contents // 2] ^= 0x01
    target = sheet.with_name(sheet.stem + "（被改动）.pdf")
    target.write_bytes(bytes(data))
    return target


def consolidate_group(qbr: Qbr, c: Cycle, stage: str, group: str) -> None:
    leader = LEADERS[group]
    store, secret = c.store(leader.name), leader.passphrase
    # The leader's own sheet is not imported: the group takes it from the leader's store
    # (offering it anyway changes nothing: verdict duplicate, code own_sheet).
    members = [c.sheets[stage][p.name] for p in REVIEWERS if p.group == group and p != leader]
    c.group_imports[stage][group] = qbr(
        "group", "import", store, *members, "--json", passphrase=secret
    ).json()
    c.group_status[stage][group] = qbr("group", "status", store, "--json", passphrase=secret).json()
    if (stage, group) == (MATERIAL, LEADER_CHANGE[0]):
        seq = str(LEADER_CHANGE[1])
        qbr("group", "change", store, "--dossier", seq, "--exclude", passphrase=secret, code=1)
        changed = qbr(
            "group",
            "change",
            store,
            "--dossier",
            seq,
            "--exclude",
            "--reason",
            LEADER_CHANGE[2],
            "--json",
            passphrase=secret,
        ).json()
        assert changed["changed"] and not changed["shortlist"]
        qbr(
            "group",
            "consensus",
            store,
            "--dossier",
            seq,
            "--text",
            "专家组合议：数据充分。",
            passphrase=secret,
        )
    report = c.reports[stage][group] = c.base / stage / "reports" / f"汇总表-{group}.pdf"
    outputs = ["-o", report, "--xlsx", report.with_suffix(".xlsx")]
    qbr("group", "report", store, *outputs, passphrase=secret)
    c.report_checks[stage][group] = qbr("chair", "verify", report, "--ca", c.ca, "--json").json()


def chair_review(qbr: Qbr, c: Cycle, stage: str) -> None:
    store, secret = c.store(CHAIR.name), CHAIR.passphrase
    reports = [c.reports[stage][g] for g in (G1, G2)]
    c.chair_imports[stage] = qbr(
        "chair", "import", store, *reports, "--json", passphrase=secret
    ).json()
    c.chair_status[stage] = qbr("chair", "status", store, "--json", passphrase=secret).json()
    if stage == MATERIAL:
        seq, reason = CHAIR_CHANGE
        no_reason = qbr(
            "chair", "change", store, "--dossier", seq, "--include", passphrase=secret, code=1
        )
        c.refused_change = no_reason.err
        c.status_after_refusal = qbr("chair", "status", store, "--json", passphrase=secret).json()
        change = ["--dossier", seq, "--include", "--reason", reason, "--json"]
        c.chair_change = qbr("chair", "change", store, *change, passphrase=secret).json()
    target = c.lists[stage] = (
        c.base / stage / ("入围答辩名单.pdf" if stage == MATERIAL else "初评名单.pdf")
    )
    outputs = ["-o", target, "--xlsx", target.with_suffix(".xlsx"), "--json"]
    c.list_exports[stage] = qbr("chair", "shortlist", store, *outputs, passphrase=secret).json()
    verified = qbr("chair", "verify", target, "--ca", c.ca, "--json")
    c.list_verify_out[stage] = verified.out
    c.list_checks[stage] = json.loads(verified.out)
    size = ["--shortlist-size", K[DEFENSE]] if stage == MATERIAL else []
    c.advanced[stage] = ws(
        qbr, "round", "next-stage", c.workspace, "--shortlist", target, *size, "--json"
    )


def exchange(qbr: Qbr, c: Cycle, stage: str) -> None:
    """Sheets → leaders → reports → chair → list → the secretariat, for one stage."""
    c.sheets.setdefault(stage, {})
    for key in (c.sheet_checks, c.group_imports, c.group_status, c.reports, c.report_checks):
        key[stage] = {}
    for person in REVIEWERS:
        export_and_verify_sheet(qbr, c, stage, person)
    if stage == MATERIAL:
        c.tampered = tampered_copy(c.sheets[stage]["陈静"])
        leader = LEADERS[G1]
        c.tampered_import = qbr(
            "group",
            "import",
            c.store(leader.name),
            c.tampered,
            "--json",
            passphrase=leader.passphrase,
            code=1,
        ).json()
    for group in (G1, G2):
        consolidate_group(qbr, c, stage, group)
    chair_review(qbr, c, stage)


@pytest.fixture(scope="module")
def cycle(qbr: Qbr, gui_scorer: GuiScorer, tmp_path_factory: pytest.TempPathFactory) -> Cycle:
    c = Cycle(tmp_path_factory.mktemp("cycle"))
    # 1. the secretariat: round, groups, people, batch, formal review, assignment, conflict
    set_up_the_round(qbr, c)
    # 2. the material stage's packages, each into a new store
    issue_and_import_packages(qbr, c, MATERIAL)
    # 3. scoring: one expert in the GUI, one in the spreadsheet, the rest in the service
    gui = BY_NAME[GUI_EXPERT]
    sheet = c.base / MATERIAL / "sheets" / f"评分表-{gui.name}.pdf"
    sheet.parent.mkdir(parents=True)
    reviews = {
        seq: GuiReview(s, comment(MATERIAL, seq, s), recommended(MATERIAL, s))
        for seq, s in SCORES[MATERIAL][gui.name].items()
    }
    c.gui_said = gui_scorer(c.store(gui.name), gui.passphrase, reviews, sheet)
    c.sheets[MATERIAL] = {gui.name: sheet}
    score_through_the_form(qbr, c, BY_NAME[FORM_EXPERT])
    for person in REVIEWERS:
        if person.name not in (GUI_EXPERT, FORM_EXPERT):
            score_through_the_service(c, MATERIAL, person)
    # 4. sheets, group reports, the chair's 入围答辩名单 and the defense stage opened from it
    exchange(qbr, c, MATERIAL)
    # 5. the defense stage: new packages into the same stores, scores, sheets, reports, 初评名单
    issue_and_import_packages(qbr, c, DEFENSE)
    for person in REVIEWERS:
        score_through_the_service(c, DEFENSE, person)
    exchange(qbr, c, DEFENSE)
    return c


# -- the checks ---------------------------------------------------------------------------


def by_seq(items: list[dict[str, Any]]) -> dict[int, dict[str, Any]]:
    return {int(x["seq"]): x for x in items}


def listed_seqs(shortlist: dict[str, Any]) -> list[int]:
    """The 序号 of the dossiers on a chair's list, in the list's order."""
    seqs = {d["dossier_id"]: int(d["seq"]) for d in shortlist["dossiers"]}
    return [seqs[dossier_id] for dossier_id in shortlist["shortlist"]]


def test_the_scenario_has_the_corners_it_is_meant_to_have() -> None:
    """The chosen scores, computed independently, make the cases the checks rely on."""
    g1, g2 = figures(MATERIAL, G1), figures(MATERIAL, G2)
    assert g1[1].group_score == Decimal("87.63")  # 350.5 / 4 = 87.625, half up
    assert g1[3].group_score == g1[5].group_score and g1[3].tie_break > g1[5].tie_break
    assert [g1[s].rank for s in (1, 3, 5, 2, 4, 6)] == [1, 2, 3, 4, 5, 6]
    assert g1[4].spread > 15 and g1[4].flagged and len(g1[2].totals) == 3
    assert {s for s, f in g1.items() if f.computed} == {1, 3}
    assert [g2[s].rank for s in (7, 8, 9, 10)] == [1, 2, 2, 4]  # 8 and 9 equal on every key
    assert {s for s, f in g2.items() if f.computed} == {7, 8, 9} and g2[9].boundary_tie
    d1, d2 = figures(DEFENSE, G1), figures(DEFENSE, G2)
    assert d1[1].group_score == d1[5].group_score and d1[1].tie_break == d1[5].tie_break
    assert d1[5].median > d1[1].median and d1[5].rank == 1
    assert d2[8].group_score == Decimal("86.88") and d2[8].rank == 1


def test_the_secretariat_imports_checks_and_issues_packages(cycle: Cycle) -> None:
    assert cycle.batch is not None
    assert cycle.imported["added"] == list(cycle.batch.enterprises)
    assert cycle.checked["summary"]["dossiers_checked"] == 12
    found = {(f["rule"], f["enterprise"]) for f in cycle.checked["findings"]}
    assert found == set(cycle.batch.defects)
    assert (cycle.base / "形式审查报告.xlsx").is_file()
    for stage in (MATERIAL, DEFENSE):
        issued = cycle.packages[stage]
        assert set(issued) == {p.name for p in PEOPLE}
        assert all(Path(p["file"]).is_file() and p["passphrase"] for p in issued.values())
    material = cycle.packages[MATERIAL]
    assert all(material[p.name]["dossiers"] == 6 for p in REVIEWERS)


def test_every_signed_file_is_valid_for_pyhanko_alone(cycle: Cycle) -> None:
    ca = cycle.ca.read_bytes()
    signed: list[tuple[Path, str, str]] = []  # file, signer, attachment
    for stage in (MATERIAL, DEFENSE):
        signed += [(path, name, "score-sheet.json") for name, path in cycle.sheets[stage].items()]
        signed += [
            (p, LEADERS[g].name, "group-report.json") for g, p in cycle.reports[stage].items()
        ]
        signed.append((cycle.lists[stage], CHAIR.name, "shortlist.json"))
    assert len(signed) == 2 * (8 + 2 + 1)
    for path, signer, attachment in signed:
        data = path.read_bytes()
        found = validate(data, ca)
        assert (found.intact, found.valid, found.trusted, found.entire_file) == (
            True,
            True,
            True,
            True,
        ), path.name
        assert found.signer == signer, path.name
        content = embedded_json(data, attachment)
        who = content.get("expert") or content.get("leader") or content.get("chair")
        assert (who["name"], who["id"]) == (signer, found.signer_id), path.name
    for stage in (MATERIAL, DEFENSE):
        for name, check in cycle.sheet_checks[stage].items():
            assert check["ok"] and check["signer"] == name
        for group, check in cycle.report_checks[stage].items():
            assert check["ok"] and check["kind"] == "group_report"
            assert check["report"]["group"]["name"] == group
        assert cycle.list_checks[stage]["ok"] and cycle.list_checks[stage]["kind"] == "shortlist"


def test_each_sheet_carries_the_scores_chosen_whatever_way_they_were_entered(cycle: Cycle) -> None:
    assert any("已导出签名评分表" in said for said in cycle.gui_said), cycle.gui_said
    assert cycle.form_import["ok"] and len(cycle.form_import["applied"]) == 5
    question = {MATERIAL: "推荐进入答辩", DEFENSE: "推荐为质量标杆"}
    for stage in (MATERIAL, DEFENSE):
        for person in REVIEWERS:
            data = cycle.sheets[stage][person.name].read_bytes()
            text, other = pdf_text(data), question[DEFENSE if stage == MATERIAL else MATERIAL]
            assert question[stage] in text and other not in text
            sheet = embedded_json(data, "score-sheet.json")
            assert (sheet["round"]["stage"], sheet["group"]["name"]) == (stage, person.group)
            chosen = group_sheets(stage, str(person.group))[person.name]
            entries = by_seq(sheet["entries"])
            assert set(entries) == set(chosen)
            for seq, scores in chosen.items():
                entry = entries[seq]
                if scores is None:
                    assert entry["conflict"] and entry["scores"] == {} and entry["total"] is None
                    continue
                assert entry["scores"] == {a: plain(v) for a, v in scores.items()}
                assert entry["total"] == plain(total(scores))
                assert entry["recommendation"] is recommended(stage, scores)
                assert entry["overall_comment"] == comment(stage, seq, scores)


def check_report(report: dict[str, Any], stage: str, group: str) -> None:
    """A group report's (or status') figures against the independent computation."""
    expected = figures(stage, group)
    ids = {m["id"]: m["name"] for m in report["members"]}
    lines = by_seq(report["dossiers"])
    assert set(lines) == set(expected)
    for seq, f in expected.items():
        line = lines[seq]
        assert line["group_score"] == format(f.group_score, "f"), (stage, group, seq)
        assert Decimal(line["tie_break_subtotal"]) == f.tie_break
        assert Decimal(line["median"]) == f.median and Decimal(line["spread"]) == f.spread
        assert line["rank"] == f.rank, (stage, group, seq)
        assert line["computed_shortlist"] is f.computed and line["boundary_tie"] is f.boundary_tie
        assert bool(line["flags"]) is f.flagged, (stage, group, seq)
        totals = {
            ids[m["member_id"]]: m["total"] for m in line["members"] if m["total"] is not None
        }
        assert totals == {name: plain(t) for name, t in f.totals.items()}
        states = {ids[m["member_id"]]: m["state"] for m in line["members"]}
        assert {n for n, s in states.items() if s == "conflict"} == (
            {CONFLICT[0]} if (stage, seq) == (MATERIAL, CONFLICT[1]) else set()
        )


def test_the_group_reports_agree_with_the_independent_computation(cycle: Cycle) -> None:
    for stage in (MATERIAL, DEFENSE):
        for group in (G1, G2):
            data = embedded_json(cycle.reports[stage][group].read_bytes(), "group-report.json")
            assert (data["round"]["stage"], data["group"]["name"]) == (stage, group)
            assert data["shortlist_size"] == K[stage] and data["missing_members"] == []
            check_report(data, stage, group)
            check_report(cycle.group_status[stage][group], stage, group)
            expected = figures(stage, group)
            on_list = {s for s, f in expected.items() if f.computed}
            if (stage, group) == (MATERIAL, LEADER_CHANGE[0]):
                on_list.discard(LEADER_CHANGE[1])
            seqs = {x["dossier_id"]: x["seq"] for x in data["dossiers"]}
            assert [seqs[d] for d in data["shortlist"]] == in_list_order(expected, on_list)
            assert cycle.report_checks[stage][group]["report"]["report_id"] == data["report_id"]
            assert (cycle.reports[stage][group].with_suffix(".xlsx")).is_file()


def test_the_leader_and_the_chair_change_the_list_only_with_a_reason(cycle: Cycle) -> None:
    report = embedded_json(cycle.reports[MATERIAL][G2].read_bytes(), "group-report.json")
    moved = by_seq(report["dossiers"])[LEADER_CHANGE[1]]
    assert moved["computed_shortlist"] and moved["boundary_tie"] and not moved["shortlist"]
    assert moved["changed"] and moved["decision"]["reason"] == LEADER_CHANGE[2]
    # without --reason the chair's change is refused and changes nothing
    assert "理由" in cycle.refused_change
    assert cycle.status_after_refusal == cycle.chair_status[MATERIAL]
    assert cycle.chair_change["changed"] and cycle.chair_change["included"]
    assert cycle.chair_change["reason"] == CHAIR_CHANGE[1]
    imported = cycle.chair_imports[MATERIAL]
    assert [r["verdict"] for r in imported] == ["applied", "applied"]
    # what the chair saw before changing anything: the groups' figures and proposals
    groups = cycle.chair_status[MATERIAL]["groups"]
    assert [g["name"] for g in groups] == [G1, G2]
    for part in groups:
        f = figures(MATERIAL, part["name"])
        for d in part["dossiers"]:
            mine = f[d["seq"]]
            assert (d["group_score"], d["rank"]) == (format(mine.group_score, "f"), mine.rank)
            assert d["computed"] is mine.computed
            assert d["proposed"] is (mine.computed and d["seq"] != LEADER_CHANGE[1])
    # the signed 入围答辩名单: group by group in name order, each in rank order
    data = embedded_json(cycle.lists[MATERIAL].read_bytes(), "shortlist.json")
    assert data["title"]["zh"] == "入围答辩名单" and data["round"]["stage"] == MATERIAL
    lines = by_seq(data["dossiers"])
    listed = listed_seqs(data)
    expected = []
    for group in (G1, G2):
        f = figures(MATERIAL, group)
        on = {s for s, x in f.items() if x.computed} - {LEADER_CHANGE[1]}
        if group == G1:
            on.add(CHAIR_CHANGE[0])
        expected += in_list_order(f, on)
    assert listed == expected == [1, 3, 5, 7, 8]
    assert lines[CHAIR_CHANGE[0]]["chair_reason"] == CHAIR_CHANGE[1]
    assert not lines[CHAIR_CHANGE[0]]["proposed"] and lines[CHAIR_CHANGE[0]]["included"]
    assert lines[LEADER_CHANGE[1]]["leader_reason"] == LEADER_CHANGE[2]
    assert not lines[LEADER_CHANGE[1]]["included"]
    assert cycle.list_exports[MATERIAL]["changes"] == 1
    text = pdf_text(cycle.lists[MATERIAL].read_bytes())
    assert "入围答辩名单" in text and CHAIR_CHANGE[1] in text
    book = openpyxl.load_workbook(cycle.lists[MATERIAL].with_suffix(".xlsx"))
    cells = {str(v) for row in book.worksheets[0].iter_rows(values_only=True) for v in row if v}
    assert cycle.batch is not None
    assert {cycle.batch.enterprises[s - 1] for s in expected} <= cells


def test_a_tampered_sheet_is_refused_by_the_leader_and_by_pyhanko(cycle: Cycle) -> None:
    assert cycle.tampered is not None
    ca = cycle.ca.read_bytes()
    tampered = validate(cycle.tampered.read_bytes(), ca)
    assert tampered.signer == "陈静" and not tampered.intact  # the digest no longer matches
    original = validate(cycle.sheets[MATERIAL]["陈静"].read_bytes(), ca)
    assert original.intact and original.valid and original.trusted and original.entire_file
    (result,) = cycle.tampered_import
    assert result["verdict"] == "rejected" and result["code"]
    imports = cycle.group_imports[MATERIAL][G1]
    assert [r["verdict"] for r in imports] == ["applied"] * 3
    report = embedded_json(cycle.reports[MATERIAL][G1].read_bytes(), "group-report.json")
    verdicts = [(row["file_name"], row["verdict"]) for row in report["verification"]]
    assert (cycle.tampered.name, "rejected") in verdicts


def test_the_defense_stage_narrows_every_store_and_keeps_the_material_stage(cycle: Cycle) -> None:
    advanced = cycle.advanced[MATERIAL]
    assert advanced["ok"] and advanced["changed"]
    assert (advanced["list_stage"], advanced["stage"], advanced["shortlist_size"]) == (
        MATERIAL,
        DEFENSE,
        K[DEFENSE],
    )
    assert [d["seq"] for d in advanced["listed"]] == [1, 3, 5, 7, 8]
    assert sorted(d["seq"] for d in advanced["dropped"]) == [2, 4, 6, 9, 10, 11, 12]
    on = {G1: [1, 3, 5], G2: [7, 8]}
    for person in PEOPLE:
        if person.group is not None:
            assert cycle.packages[DEFENSE][person.name]["dossiers"] == len(on[person.group])
        assert cycle.package_imports[DEFENSE][person.name]["stage"] == DEFENSE
        with Store.open(cycle.store(person.name), person.passphrase) as store:
            service = ReviewService(store)
            assert service.round().stage.value == DEFENSE
            if person.group is None:
                continue
            assert [d.seq for d in service.dossiers()] == on[person.group]
            with store.session() as session:
                kept = session.scalars(
                    select(ReviewRecordRow).where(ReviewRecordRow.stage == MATERIAL)
                ).all()
                signed = session.scalars(
                    select(SignedRevisionRow).where(SignedRevisionRow.stage == MATERIAL)
                ).all()
                conflicts = session.scalars(select(ConflictRow)).all()
            # every material record is still there, scores and all
            assert len(kept) == len(SCORES[MATERIAL][person.name])
            assert all(json.loads(r.scores) and r.recommendation is not None for r in kept)
            if person.name == CONFLICT[0]:
                # the package names the conflict; the secretariat's reason stays with it
                assert [c.declared_by for c in conflicts] == ["secretariat"]
            own = [r for r in signed if r.kind == "score_sheet" and r.state == "own"]
            assert len(own) == 1
            if person in LEADERS.values():
                applied = [r for r in signed if r.kind == "score_sheet" and r.state == "applied"]
                assert len(applied) == 3  # the members' material sheets


def test_the_preliminary_list_is_the_defense_scores_top_k(cycle: Cycle) -> None:
    data = embedded_json(cycle.lists[DEFENSE].read_bytes(), "shortlist.json")
    assert data["title"]["zh"] == "初评名单" and data["round"]["stage"] == DEFENSE
    assert data["shortlist_size"] == K[DEFENSE]
    expected = []
    for group in (G1, G2):
        f = figures(DEFENSE, group)
        expected += in_list_order(f, {s for s, x in f.items() if x.computed})
    assert listed_seqs(data) == expected == [5, 8]
    assert all(not d["chair_reason"] and not d["leader_reason"] for d in data["dossiers"])
    for d in data["dossiers"]:
        group = G1 if d["seq"] in GROUP_SEQS[G1] else G2
        assert Decimal(d["group_score"]) == figures(DEFENSE, group)[d["seq"]].group_score
    assert cycle.list_exports[DEFENSE]["title"] == "初评名单"
    assert "初评名单" in pdf_text(cycle.lists[DEFENSE].read_bytes())
    recorded = cycle.advanced[DEFENSE]
    assert recorded["ok"] and recorded["changed"]
    assert (recorded["list_stage"], recorded["stage"]) == (DEFENSE, DEFENSE)
    assert [d["seq"] for d in recorded["listed"]] == [5, 8]
    with Store.open(cycle.workspace, WORKSPACE_PASSPHRASE) as store, store.session() as session:
        assert session.scalars(select(RoundRow)).one().stage == DEFENSE
        kinds = session.scalars(
            select(SignedRevisionRow.stage).where(SignedRevisionRow.kind == "shortlist")
        ).all()
    assert sorted(kinds) == [DEFENSE, MATERIAL]


def test_chair_verify_json_is_one_document(cycle: Cycle) -> None:
    for out in cycle.list_verify_out.values():
        json.loads(out)
