"""A fixture batch with exactly one instance of every formal-review defect.

Tests of the import, the formal review and the command line need a batch where each rule has
something to find, each on an enterprise of its own so a finding can be traced to its cause,
plus clean enterprises that must raise nothing. It reuses the demo's builders, so the files are
as realistic as the demo's; only the seeded defect differs.
"""

from __future__ import annotations

from pathlib import Path

from app.demo.batch import DemoBatch, DossierPlan, ExtraFile, write_batch
from app.demo.prose import ExperienceVariant
from app.demo.prose_enterprises import EXTRA_FOLDER_PROFILE, enterprise

DEFAULT_PADDING_BYTES = 3 * 1024 * 1024


def defect_plans(big_file_bytes: int = 0) -> list[DossierPlan]:
    """The dossiers in 序号 order, then the stray folder.

    Quota: 安徽省质量协会 ran no activity of its own and recommends four (the fourth by 序号 is
    over its quota of three); 江苏省 and 山东省质量协会 ran their own and recommend five each,
    which is within their quota of five and must not be flagged.
    """
    padding = big_file_bytes if big_file_bytes > 0 else DEFAULT_PADDING_BYTES
    lanhai = enterprise("lanhai").name
    return [
        # 江苏省质量协会 (own activity, 5 of 5)
        DossierPlan(
            enterprise("qiheng"),
            variant=ExperienceVariant(long_title=True),
            defect="title.too_long",
        ),
        DossierPlan(
            enterprise("huilan"),
            heading_styles=False,
            extras=(ExtraFile("证明材料3-专利证书.pdf", "encrypted_pdf"),),
            defect="file.encrypted",
        ),
        DossierPlan(
            enterprise("haihong"),
            extras=(ExtraFile("证明材料3-型式试验报告.pdf", "corrupt_pdf"),),
            defect="file.corrupt",
        ),
        DossierPlan(
            enterprise("huagang"),
            heading_styles=False,
            variant=ExperienceVariant(without_data=True),
            defect="summary.no_data_table",
        ),
        DossierPlan(enterprise("chenghu"), defect="industry.out_of_scope"),
        # 上海市质量协会 (no activity, 3 of 3)
        DossierPlan(enterprise("puchen"), bad_uscc=True, defect="uscc.invalid"),
        DossierPlan(
            enterprise("shenyao"),
            heading_styles=False,
            variant=ExperienceVariant(without_results=True),
            defect="summary.section_missing",
        ),
        DossierPlan(
            enterprise("linjiang"),
            extras=(ExtraFile("证明材料3-营业执照.pdf", "empty"),),
            defect="file.empty",
        ),
        # 山东省质量协会 (own activity, 5 of 5)
        DossierPlan(
            enterprise("lanhai"),
            heading_styles=False,
            folder_name=lanhai.replace("（", "(").replace("）", ")"),
            defect="manifest.name_mismatch",
        ),
        DossierPlan(enterprise("lufeng"), loss_year=1, defect="eligibility.loss"),
        DossierPlan(
            enterprise("ruize"),
            heading_styles=False,
            extras=(ExtraFile("佐证材料-质量奖申报报告.doc", "legacy_doc"),),
            defect="file.legacy_doc",
        ),
        DossierPlan(
            enterprise("taihe"),
            extras=(ExtraFile("证明材料3-现场照片.pdf", "png_as_pdf"),),
            defect="file.wrong_type",
        ),
        DossierPlan(
            enterprise("yanfeng"),
            heading_styles=False,
            variant=ExperienceVariant(long_practice=True),
            defect="summary.section_too_long",
        ),
        # 浙江省质量协会 (own activity, 2 of 5)
        DossierPlan(
            enterprise("qianrun"),
            variant=ExperienceVariant(free_title=True),
            defect="title.pattern",
        ),
        DossierPlan(
            enterprise("yongfeng"),
            heading_styles=False,
            extras=(ExtraFile("附件.exe", "executable"),),
            defect="file.executable",
        ),
        # 广东省质量协会: clean, headings made of bold Normal paragraphs
        DossierPlan(enterprise("chufeng"), heading_styles=False),
        # 安徽省质量协会 (no activity, 4 of 3)
        DossierPlan(
            enterprise("hanyu"),
            extras=(ExtraFile("证明材料3-高清原图.jpg", "padding_jpg", padding),),
            defect="file.too_large",
        ),
        DossierPlan(
            enterprise("jiangwei"),
            with_folder=False,
            defect="manifest.missing_folder",
        ),
        DossierPlan(enterprise("henggang")),
        DossierPlan(enterprise("wanjiang"), heading_styles=False, defect="quota.exceeded"),
        # a folder the table does not list
        DossierPlan(EXTRA_FOLDER_PROFILE, in_manifest=False, defect="manifest.extra_folder"),
    ]


def build_defect_batch(target: Path, *, big_file_bytes: int = 0) -> DemoBatch:
    """Writes the fixture batch at ``target``; ``defects`` names each seeded defect's enterprise.

    ``big_file_bytes`` sets the size of the (sparse) padding file behind ``file.too_large``;
    by default it is 3 MB, which trips the rule only when a test lowers the dossier limit.
    """
    return write_batch(target, defect_plans(big_file_bytes))
