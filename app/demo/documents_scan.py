"""Scanned evidence (证明材料): certificates and test reports as image-only PDFs.

Evidence usually arrives as scans with no text layer, slightly skewed, on grey paper, with a red
seal. The viewer, the OCR and the formal review must cope with exactly that, so the demo draws
such pages with Pillow and wraps the JPEGs into PDF pages with PyMuPDF.
"""

from __future__ import annotations

import functools
import io
import math
import random
from collections.abc import Callable
from typing import Any

import pymupdf
from PIL import Image, ImageDraw, ImageFont

from app.demo.prose_model import YEARS, EnterpriseProfile
from app.resources import CJK_FONT, CJK_FONT_FACE

DPI = 150
PAGE = (1240, 1754)  # A4 at 150 dpi
A4_POINTS = (595.28, 841.89)
# PyMuPDF's annotations are partial (many calls are untyped); use it as an untyped module.
mupdf: Any = pymupdf
INK = (28, 28, 30)
SEAL_RED = (205, 32, 38)

Font = ImageFont.FreeTypeFont
Colour = tuple[int, ...]
_PAPER = [round(v * tone / 255) for tone in (236, 234, 228) for v in range(256)]
_NO_LINE_START = "。，、；：！？）》”’"


@functools.cache
def _font(size: int) -> Font:
    return ImageFont.truetype(str(CJK_FONT), size, index=CJK_FONT_FACE)


def _length(text: str, size: int) -> float:
    return _font(size).getlength(text)


def _text(
    draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, fill: Colour = INK
) -> None:
    draw.text(xy, text, font=_font(size), fill=fill)


def _centre(draw: ImageDraw.ImageDraw, y: int, text: str, size: int, x: int = PAGE[0] // 2) -> None:
    _text(draw, (x - _length(text, size) / 2, y), text, size)


def _wrap(text: str, size: int, width: int) -> list[str]:
    lines, line = [], ""
    for ch in text:
        if _length(line + ch, size) > width and ch not in _NO_LINE_START:
            lines.append(line)
            line = ""
        line += ch
    return [*lines, line] if line else lines


def _block(draw: ImageDraw.ImageDraw, x: int, y: int, text: str, size: int, width: int) -> int:
    """Draws wrapped text and returns the y below it."""
    for line in _wrap(text, size, width):
        _text(draw, (x, y), line, size)
        y += int(size * 1.6)
    return y


def _seal(page: Image.Image, centre: tuple[int, int], text: str, rng: random.Random) -> None:
    """A round red seal with the issuer's name on the rim and a star in the middle."""
    radius = 150
    layer = Image.new("RGBA", (2 * radius + 20, 2 * radius + 20), (0, 0, 0, 0))
    draw = ImageDraw.Draw(layer)
    c = radius + 10
    red = (*SEAL_RED, 200)
    draw.ellipse((10, 10, 2 * radius + 10, 2 * radius + 10), outline=red, width=9)
    star = [
        (c + 52 * math.cos(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4),
         c + 52 * math.sin(math.radians(-90 + 36 * i)) * (1 if i % 2 == 0 else 0.4))
        for i in range(10)
    ]  # fmt: skip
    draw.polygon(star, fill=red)
    size = 34
    span = min(250.0, 22.0 * len(text))
    for i, ch in enumerate(text):
        angle = -90 - span / 2 + span * (i + 0.5) / len(text)
        glyph = Image.new("RGBA", (size + 8, size + 8), (0, 0, 0, 0))
        _text(ImageDraw.Draw(glyph), (4, 0), ch, size, red)
        glyph = glyph.rotate(-angle - 90, resample=Image.Resampling.BICUBIC)
        gx = c + (radius - 38) * math.cos(math.radians(angle)) - glyph.width / 2
        gy = c + (radius - 38) * math.sin(math.radians(angle)) - glyph.height / 2
        layer.alpha_composite(glyph, (int(gx), int(gy)))
    layer = layer.rotate(rng.uniform(-25, 25), resample=Image.Resampling.BICUBIC)
    page.paste(layer, (centre[0] - c, centre[1] - c), layer)


def _frame(draw: ImageDraw.ImageDraw, colour: tuple[int, int, int]) -> None:
    draw.rectangle((70, 70, PAGE[0] - 70, PAGE[1] - 70), outline=colour, width=10)
    draw.rectangle((92, 92, PAGE[0] - 92, PAGE[1] - 92), outline=colour, width=3)


def _certificate(profile: EnterpriseProfile, rng: random.Random) -> list[Image.Image]:
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    _frame(draw, (40, 80, 140))
    number = f"0{rng.randint(1000, 9999)}Q{rng.randint(10000, 99999)}R{rng.randint(1, 5)}M"
    _centre(draw, 230, "质量管理体系认证证书", 78)
    _centre(draw, 340, f"证书编号：{number}", 30)
    y = _block(draw, 170, 470, f"兹证明　{profile.name}", 36, 900)
    y = _block(draw, 170, y + 20, f"注册地址：{profile.city}", 30, 900)
    text = "质量管理体系符合 GB/T 19001-2016/ISO 9001:2015 标准要求。"
    y = _block(draw, 170, y + 40, text, 32, 900)
    y = _block(
        draw, 170, y + 40, f"认证范围：{profile.products}的设计、开发、生产和服务。", 30, 900
    )
    issued = YEARS[-1] - rng.randint(0, 1)
    y = _block(
        draw,
        170,
        y + 60,
        f"颁证日期：{issued}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        30,
        900,
    )
    _block(
        draw,
        170,
        y + 10,
        f"有效期至：{issued + 3}年{rng.randint(1, 12)}月{rng.randint(1, 28)}日",
        30,
        900,
    )
    _block(draw, 170, 1420, "本证书信息可在国家认证认可监督管理委员会官方网站查询", 26, 900)
    _centre(draw, 1500, "中衡质信认证有限公司", 40, 820)
    _seal(page, (820, 1470), "中衡质信认证有限公司", rng)
    return [page]


def _qc_award(profile: EnterpriseProfile, rng: random.Random) -> list[Image.Image]:
    page = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(page)
    _frame(draw, (170, 40, 40))
    province = profile.province + ("市" if profile.province == "上海" else "省")
    topic = f"降低{profile.process}不良率"
    _centre(draw, 260, "荣 誉 证 书", 96)
    _centre(draw, 420, "QC小组活动成果发表证书", 44)
    text = (
        f"{profile.name}“{profile.short}质量攻关QC小组”完成的《{topic}》课题，"
        f"在{YEARS[-1]}年{province}质量管理小组活动成果发表交流活动中，"
        "经评审，荣获一等成果。"
    )
    _block(draw, 170, 600, "　　" + text, 38, 900)
    _block(draw, 170, 1000, "特发此证，以资鼓励。", 38, 900)
    _centre(draw, 1380, f"{province}质量协会", 40, 820)
    _centre(draw, 1450, f"{YEARS[-1]}年{rng.randint(9, 12)}月", 34, 820)
    _seal(page, (820, 1420), f"{province}质量协会", rng)
    return [page]


def _table(
    draw: ImageDraw.ImageDraw, top: int, rows: list[tuple[str, ...]], widths: list[int]
) -> int:
    x0, height = 130, 64
    for r, row in enumerate(rows):
        x = x0
        for value, width in zip(row, widths, strict=True):
            draw.rectangle(
                (x, top + r * height, x + width, top + (r + 1) * height), outline=INK, width=2
            )
            _text(draw, (x + 14, top + r * height + 16), value, 28)
            x += width
    return top + len(rows) * height


def _test_report(profile: EnterpriseProfile, rng: random.Random) -> list[Image.Image]:
    lab = "华衡精工检测技术有限公司"
    number = f"HH{YEARS[-1]}-{rng.randint(1000, 9999)}"
    cover = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(cover)
    _centre(draw, 300, "检 测 报 告", 96)
    _centre(draw, 440, f"报告编号：{number}", 32)
    info = [
        ("样品名称", profile.product),
        ("委托单位", profile.name),
        ("检测类别", "委托检验"),
        ("检测依据", "相关国家标准、行业标准及委托方技术要求"),
        ("签发日期", f"{YEARS[-1]}年{rng.randint(3, 11)}月{rng.randint(1, 28)}日"),
    ]
    _table(draw, 640, [(k, v) for k, v in info], [260, 720])
    _centre(draw, 1420, lab, 42, 820)
    _seal(cover, (820, 1400), lab, rng)
    results = Image.new("RGB", PAGE, "white")
    draw = ImageDraw.Draw(results)
    _centre(draw, 160, "检测结果", 52)
    _block(draw, 130, 250, f"报告编号：{number}　　样品名称：{profile.product}", 28, 980)
    rows: list[tuple[str, ...]] = [("序号", "检测项目", "标准要求", "检测结果", "单项判定")]
    items = ("外观质量", "关键尺寸", "力学性能", "耐久性能", "环境适应性", "安全性能", "标志包装")
    for i, item in enumerate(items, start=1):
        rows.append((str(i), item, "符合要求", f"{rng.uniform(0.9, 1.0) * 100:.1f}%达标", "合格"))
    y = _table(draw, 340, rows, [110, 250, 220, 250, 150])
    _block(draw, 130, y + 60, "检测结论：所检项目均符合标准和技术要求。", 32, 980)
    _block(draw, 130, y + 140, "批准：　　　　审核：　　　　主检：", 30, 980)
    _seal(results, (860, y + 380), lab, rng)
    return [cover, results]


EVIDENCE_KINDS: dict[str, Callable[[EnterpriseProfile, random.Random], list[Image.Image]]] = {
    "质量管理体系认证证书": _certificate,
    "QC小组活动成果证书": _qc_award,
    "检测报告": _test_report,
}


def _scanned(page: Image.Image, rng: random.Random) -> Image.Image:
    """Skew, grey paper and grain, as a flatbed scanner leaves them."""
    # Nearest-neighbour keeps this fast; the text is already anti-aliased, so it looks scanned.
    page = page.rotate(rng.uniform(-1.2, 1.2), Image.Resampling.NEAREST, fillcolor=(252, 252, 250))
    small = (PAGE[0] // 4, PAGE[1] // 4)
    grain = Image.frombytes("L", small, rng.randbytes(small[0] * small[1]))
    grain = grain.resize(PAGE, Image.Resampling.BILINEAR).convert("RGB")
    return Image.blend(page.point(_PAPER), grain, 0.07)


def evidence_pages(kind: str, profile: EnterpriseProfile, rng: random.Random) -> list[Image.Image]:
    """The scanned pages of one piece of evidence of the given kind."""
    return [_scanned(page, rng) for page in EVIDENCE_KINDS[kind](profile, rng)]


def jpeg_bytes(page: Image.Image) -> bytes:
    """A page as the JPEG a scanner would produce (quality 70, 150 dpi)."""
    buffer = io.BytesIO()
    page.save(buffer, "JPEG", quality=70, dpi=(DPI, DPI))
    return buffer.getvalue()


def scan_pdf_bytes(pages: list[Image.Image], *, password: str | None = None) -> bytes:
    """An image-only PDF, one A4 page per image; AES-256 encrypted when a password is given."""
    doc = mupdf.open()
    for image in pages:
        page = doc.new_page(width=A4_POINTS[0], height=A4_POINTS[1])
        page.insert_image(page.rect, stream=jpeg_bytes(image))
    doc.set_metadata({"creator": "Scanner", "producer": "Scanner"})
    options: dict[str, object] = {"garbage": 3, "deflate": True, "no_new_id": True}
    if password is not None:
        options.update(
            encryption=mupdf.PDF_ENCRYPT_AES_256,
            owner_pw=password + "-owner",
            user_pw=password,
            permissions=mupdf.PDF_PERM_PRINT,
        )
    data: bytes = doc.tobytes(**options)
    doc.close()
    return data
