"""The chair's list printed (PDF) and copied for the office (XLSX), read back as a reader would."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import openpyxl
import pymupdf
import pytest

from app.chair.shortlist import ListedDossier, ListedGroup, Shortlist
from app.chair.shortlist_pdf import AID_NOTE_ZH, render_shortlist_pdf
from app.chair.shortlist_xlsx import ALL, BASIS, LISTED, NOTES, write_shortlist_xlsx
from app.models.round import Stage
from app.printed import RenderedPdf

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHAIR_ADDED = "创新做法具有行业示范意义，与第 2 名仅差 5.25 分，调入以兼顾行业代表性"
CHAIR_REMOVED = "对标数据只覆盖一年，效果证据不足，经与组长沟通后调出"
LEADER_ADDED = "服务质量数据完整、可复制性强，组内合议同意调入"
AMPERSAND = "北方重工&<机械>集团有限公司"
LONG_NAME = "中国东方某某超长名称高端装备与智能制造技术集团股份有限公司（华东区域总部）"


def _dossier(
    n: int,
    seq: int,
    enterprise: str,
    group: str,
    score: str | None,
    rank: int | None,
    z: float | None,
    *,
    proposed: bool,
    included: bool,
    flagged: bool = False,
    leader_reason: str = "",
    chair_reason: str = "",
) -> ListedDossier:
    return ListedDossier(
        dossier_id=f"d{n}",
        seq=seq,
        enterprise=enterprise,
        title=f"以全面质量管理推动{enterprise[:4]}高质量发展的实践（第 {seq} 号）",
        group_id=group,
        group_score=None if score is None else Decimal(score),
        rank=rank,
        z_in_group=z,
        flagged=flagged,
        proposed=proposed,
        leader_reason=leader_reason,
        included=included,
        chair_reason=chair_reason,
    )


def _group(gid: str, name: str, leader: str, digit: str) -> ListedGroup:
    return ListedGroup(
        id=gid,
        name=name,
        leader_id=f"{gid}-leader",
        leader_name=leader,
        report_id=f"r2025:material:{gid}:report",
        report_revision=2,
        report_content_hash=(digit + "a1b2c3d4e5f6") * 5 + "abcd",
        report_file_sha256=(digit + "f0e1d2c3b4a5") * 5 + "0123",
    )


def _shortlist(
    stage: Stage = Stage.MATERIAL, dossiers: tuple[ListedDossier, ...] = ()
) -> Shortlist:
    return Shortlist(
        shortlist_id=f"r2025:{stage.value}:shortlist",
        revision=3,
        prev_hash="0" * 64,
        created_at="2025-06-18T07:30:05+00:00",
        audit_head="e" * 64,
        round_id="r2025",
        round_name="2025 年度质量标杆评审",
        year=2025,
        stage=stage.value,
        chair_id="chair",
        chair_name="王建国",
        shortlist_size=3,
        groups=(
            _group("g1", "制造业专业组", "李明华", "1"),
            _group("g2", "服务业专业组", "赵丽", "2"),
        ),
        dossiers=dossiers or DOSSIERS,
    )


DOSSIERS = (
    _dossier(
        1, 3, "华东精密制造股份有限公司", "g1", "88.50", 1, 1.2345, proposed=True, included=True
    ),
    _dossier(2, 7, AMPERSAND, "g1", "85.25", 2, 0.51, proposed=True, included=True, flagged=True),
    _dossier(
        3,
        12,
        LONG_NAME,
        "g1",
        "80.00",
        3,
        -0.3,
        proposed=False,
        included=True,
        chair_reason=CHAIR_ADDED,
    ),
    _dossier(4, 15, "西部化工有限公司", "g1", None, None, None, proposed=False, included=False),
    _dossier(5, 2, "岭南数字服务有限公司", "g2", "90.00", 1, 1.05, proposed=True, included=True),
    _dossier(
        6,
        11,
        "中原物流集团有限公司",
        "g2",
        "86.33",
        2,
        0.4,
        proposed=True,
        included=False,
        chair_reason=CHAIR_REMOVED,
    ),
    _dossier(
        7,
        9,
        "海滨文旅服务股份有限公司",
        "g2",
        "84.67",
        4,
        -0.2,
        proposed=True,
        included=True,
        leader_reason=LEADER_ADDED,
    ),
    _dossier(8, 5, "东海金融服务有限公司", "g2", "85.00", 3, 0.1, proposed=False, included=False),
)


def _flat(text: str) -> str:
    return "".join(text.split())


@pytest.fixture(scope="module")
def rendered() -> RenderedPdf:
    return render_shortlist_pdf(_shortlist())


def _assert_signature_box_is_clear(data: bytes, rendered: RenderedPdf) -> None:
    with pymupdf.open(stream=data, filetype="pdf") as doc:
        assert rendered.signature_page == doc.page_count - 1
        page = doc[rendered.signature_page]
        x1, y1, x2, y2 = rendered.signature_box
        width, height = page.rect.width, page.rect.height
        assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
        assert (x2 - x1, y2 - y1) == pytest.approx((75 / 25.4 * 72, 24 / 25.4 * 72))
        box = pymupdf.Rect(x1, height - y2, x2, height - y1)  # PDF points → top-left origin
        inside = [w[4] for w in page.get_text("words") if pymupdf.Rect(w[:4]).intersects(box)]
        assert inside == []
        label = page.search_for("主任委员（签名）")
        assert label and label[-1].x1 <= box.x0 and label[-1].y0 < box.y1


def test_the_pdf_reads_as_the_chairs_list(rendered: RenderedPdf) -> None:
    with pymupdf.open(stream=rendered.pdf, filetype="pdf") as doc:
        fonts = [f for page in doc for f in page.get_fonts()]
        assert any("WenQuanYi" in f[3] and f[1] == "ttf" for f in fonts), fonts
        text = _flat("".join(page.get_text() for page in doc))
        assert doc.metadata is not None and doc.metadata["author"] == "王建国"
    for expected in (
        "入围答辩名单",
        "2025年度质量标杆评审·资料评审·主任委员：王建国",
        "第3版",
        "2025-06-1807:30UTC",
        "列入名单5项",
        "机密·仅供评审使用",
        "88.50",
        "+1.23",
        "主任委员调入：" + CHAIR_ADDED,
        "组长调入：" + LEADER_ADDED,
        "主任委员调出：" + CHAIR_REMOVED,
        "评分分歧",
        "调整记录",
        "未列入名单的申报材料",
        "未列入专业组报送名单",
        "依据的专业组汇总表",
        "李明华",
        "1a1b2c3d4e5f61a1",  # the first 16 hex digits of a report's content hash
        "2f0e1d2c3b4a52f0",  # and of its file's sha256
        _flat(AID_NOTE_ZH),
        "主任委员（签名）",
    ):
        assert _flat(expected) in text, expected
    for d in DOSSIERS:
        assert _flat(d.enterprise) in text, d.enterprise
    assert "1a1b2c3d4e5f61a1b" not in text  # hashes are cut to 16 digits
    main = text[: text.index("调整记录")]
    listed = [d for d in DOSSIERS if d.included]
    positions = [main.index(_flat(d.enterprise)) for d in listed]
    assert positions == sorted(positions)  # in the list's order
    assert "西部化工有限公司" not in main and "中原物流集团有限公司" not in main


def test_the_signature_box_is_on_the_last_page_and_clear(rendered: RenderedPdf) -> None:
    _assert_signature_box_is_clear(rendered.pdf, rendered)
    with pymupdf.open(stream=rendered.pdf, filetype="pdf") as doc:
        ARTIFACTS.mkdir(exist_ok=True)
        doc[0].get_pixmap(dpi=110).save(ARTIFACTS / "shortlist-page-1.png")
        doc[-1].get_pixmap(dpi=110).save(ARTIFACTS / "shortlist-page-last.png")


def test_a_long_list_runs_over_pages_and_still_ends_with_the_box() -> None:
    many = tuple(
        dataclasses.replace(
            DOSSIERS[i % len(DOSSIERS)], dossier_id=f"x{i}", seq=100 + i, rank=i + 1
        )
        for i in range(60)
    )
    result = render_shortlist_pdf(_shortlist(dossiers=many))
    with pymupdf.open(stream=result.pdf, filetype="pdf") as doc:
        assert doc.page_count > 2
        last = _flat(doc[-1].get_text())
        assert f"共{doc.page_count}页" in last
    _assert_signature_box_is_clear(result.pdf, result)


def test_after_the_defense_it_is_the_preliminary_list_and_may_have_no_changes() -> None:
    plain = tuple(
        dataclasses.replace(d, included=d.proposed, chair_reason="", leader_reason="")
        for d in DOSSIERS
    )
    result = render_shortlist_pdf(_shortlist(Stage.DEFENSE, plain))
    with pymupdf.open(stream=result.pdf, filetype="pdf") as doc:
        text = _flat("".join(page.get_text() for page in doc))
    assert "初评名单" in text and "答辩评审" in text and "入围答辩名单" not in text
    assert "无调整" in text and "调入：" not in text


def test_the_xlsx_has_the_list_every_dossier_and_the_basis(tmp_path: Path) -> None:
    path = tmp_path / "out" / "名单.xlsx"
    write_shortlist_xlsx(_shortlist(), path)
    assert [p.name for p in path.parent.iterdir()] == ["名单.xlsx"]  # no temp file left
    book = openpyxl.load_workbook(path)
    assert book.sheetnames == [LISTED, ALL, BASIS, NOTES]

    sheet = book[LISTED]
    assert sheet.freeze_panes == "A2"
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == [
        "序号",
        "申报序号",
        "企业名称",
        "典型经验题目",
        "专业组",
        "组评分",
        "组内排名",
        "组内标准分（参考）",
        "说明",
    ]
    listed = [d for d in DOSSIERS if d.included]
    assert [r[2] for r in rows[1:]] == [d.enterprise for d in listed]
    assert [r[0] for r in rows[1:]] == [1, 2, 3, 4, 5]
    first = rows[1]
    assert first[1] == 3 and first[4] == "制造业专业组" and first[6] == 1
    assert isinstance(first[5], float) and first[5] == 88.5
    assert first[7] == 1.23
    assert sheet.cell(row=2, column=6).number_format == "0.00"
    assert rows[3][8] == "主任委员调入：" + CHAIR_ADDED
    assert rows[5][8] == "组长调入：" + LEADER_ADDED
    assert rows[2][2] == AMPERSAND and "评分分歧" in rows[2][8]

    every = [[c.value for c in row] for row in book[ALL].iter_rows()]
    assert every[0][-4:] == ["组报送", "列入名单", "组长调整理由", "主任委员调整理由"]
    assert len(every) == 1 + len(DOSSIERS)
    by_name = {r[2]: r for r in every[1:]}
    none = by_name["西部化工有限公司"]
    assert none[4] is None and none[5] is None and none[6] is None
    assert none[7:10] == ["否", "否", "否"]
    removed = by_name["中原物流集团有限公司"]
    assert removed[4] == pytest.approx(86.33) and removed[8:] == ["是", "否", None, CHAIR_REMOVED]
    flagged = by_name[AMPERSAND]
    assert flagged[7] == "是"

    basis = [[c.value for c in row] for row in book[BASIS].iter_rows()]
    assert basis[1][:4] == ["制造业专业组", "李明华", "r2025:material:g1:report", 2]
    assert basis[1][4] == _shortlist().groups[0].report_content_hash  # full, not cut
    notes = {r[0].value: r[1].value for r in book[NOTES].iter_rows()}
    assert notes["名单"] == "入围答辩名单" and notes["调整"] == "3 项"
