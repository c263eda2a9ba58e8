"""Japanese PDFs made by the tests themselves: CID-font, embedded-TrueType, encrypted, corrupt,
image-only and empty, so that PDF ingestion is tested on real pypdf parsing without shipping files.

The embedded TrueType font is built with fontTools (a box glyph per character, with a real cmap),
because no Japanese .ttf ships in a package we can rely on; what matters to ingestion is the
font program and ToUnicode map that reportlab embeds, not the glyph shapes.
"""

from __future__ import annotations

from pathlib import Path


def build_box_font(path: Path, text: str, family: str = "AdvisorTestJP") -> Path:
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.ttGlyphPen import TTGlyphPen

    chars = sorted({c for c in text if not c.isspace()} | set("0123456789"))
    glyph_names = [".notdef", "space"] + [f"uni{ord(c):04X}" for c in chars]
    fb = FontBuilder(1000, isTTF=True)
    fb.setupGlyphOrder(glyph_names)
    cmap = {ord(" "): "space"} | {ord(c): f"uni{ord(c):04X}" for c in chars}
    fb.setupCharacterMap(cmap)

    def box() -> object:
        pen = TTGlyphPen(None)
        pen.moveTo((100, 0))
        pen.lineTo((100, 800))
        pen.lineTo((900, 800))
        pen.lineTo((900, 0))
        pen.closePath()
        return pen.glyph()

    empty = TTGlyphPen(None).glyph()
    fb.setupGlyf({name: (empty if name == "space" else box()) for name in glyph_names})
    fb.setupHorizontalMetrics({name: (1000, 100) for name in glyph_names})
    fb.setupHorizontalHeader(ascent=880, descent=-120)
    fb.setupNameTable({"familyName": family, "styleName": "Regular"})
    fb.setupOS2(sTypoAscender=880, usWinAscent=880, usWinDescent=120)
    fb.setupPost()
    fb.save(str(path))
    return path


def _write_pages(path: Path, pages: list[list[str]], font_name: str, encrypt: str | None = None) -> Path:
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for lines in pages:
        y = 800
        c.setFont(font_name, 11)
        for line in lines:
            c.drawString(50, y, line)
            y -= 18
        c.showPage()
    c.save()
    return path


def cid_font_pdf(path: Path, pages: list[list[str]], encrypt: str | None = None) -> Path:
    """Japanese text in the standard CID font HeiseiMin-W3 (not embedded, as in many official PDFs)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    return _write_pages(path, pages, "HeiseiMin-W3", encrypt)


def truetype_pdf(path: Path, pages: list[list[str]], font_dir: Path) -> Path:
    """Japanese text in an embedded (subset) TrueType font."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    text = "".join("".join(lines) for lines in pages)
    font_path = build_box_font(font_dir / "advisor-test-jp.ttf", text)
    pdfmetrics.registerFont(TTFont("AdvisorTestJP", str(font_path)))
    return _write_pages(path, pages, "AdvisorTestJP")


def image_only_pdf(path: Path) -> Path:
    """A page with only a drawing on it, like a scanned page with no text layer."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    c = canvas.Canvas(str(path), pagesize=A4)
    c.rect(50, 50, 400, 600, fill=1)
    c.showPage()
    c.save()
    return path


def corrupt_pdf(path: Path, valid_source: Path) -> Path:
    """The first part of a valid PDF's bytes with garbage after it: truncated downloads look so."""
    data = valid_source.read_bytes()
    path.write_bytes(data[: len(data) // 3] + b"\x00garbage" * 50)
    return path


def positioned_pdf(path: Path, runs: list[tuple[float, float, str]]) -> Path:
    """One page of text runs drawn at (x, y) in the given order, in the CID font: a table whose
    cells the content stream holds cell by cell, as official PDFs made from Word or Excel do."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("HeiseiMin-W3"))
    c = canvas.Canvas(str(path), pagesize=A4)
    c.setFont("HeiseiMin-W3", 10.5)
    for x, y, text in runs:
        c.drawString(x, y, text)
    c.showPage()
    c.save()
    return path
