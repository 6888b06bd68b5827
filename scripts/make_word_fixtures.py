#!/usr/bin/env python3
"""Writes Word-style report fixtures (DOCX) and their LibreOffice PDF prints.

usage: scripts/make_word_fixtures.py [OUTDIR]     (default: tests/fixtures/word)

Each report is laid out the way evaluation reports printed from Word/WPS usually are:
  - a header block as a ruled Word table (2x4 or 4x4: label | value | label | value),
    some values long enough to wrap onto two lines inside their cell;
  - a score table (一级指标 | 分值 | 得分 ..., a 合计 row), cells that wrap;
  - body paragraphs with a 2-character first-line indent;
  - chapter headings (一、…) in the "Heading 1" style, items (（一）…) as text;
  - a page header with the report title and a footer with page fields
    (第 X 页 共 Y 页, - X - or 第 X 页), 2–4 pages long;
  - a signature and a date at the end.

Needs python-docx and LibreOffice (soffice). The tests use the committed files only; the
expected answers (<stem>.json) are hand-written and not made by this script.
"""
import os
import shutil
import subprocess
import sys
import tempfile

from docx import Document
from docx.enum.section import WD_ORIENT  # noqa: F401  (kept for A4 portrait default)
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT = "仿宋_GB2312"
HEAD_FONT = "黑体"


def set_font(run, name, size=None, bold=None):
    run.font.name = name
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), name)
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


def add_field(paragraph, instr, size):
    """A complex field (PAGE, NUMPAGES) with a placeholder result, as Word writes it."""
    def fld(kind):
        r = paragraph.add_run()
        set_font(r, BODY_FONT, size)
        e = OxmlElement("w:fldChar")
        e.set(qn("w:fldCharType"), kind)
        r._element.append(e)

    fld("begin")
    r = paragraph.add_run()
    set_font(r, BODY_FONT, size)
    t = OxmlElement("w:instrText")
    t.set(qn("xml:space"), "preserve")
    t.text = f" {instr} "
    r._element.append(t)
    fld("separate")
    r = paragraph.add_run("1")
    set_font(r, BODY_FONT, size)
    fld("end")


def add_text(paragraph, text, size, font=BODY_FONT, bold=None):
    r = paragraph.add_run(text)
    set_font(r, font, size, bold)
    return r


def style_document(doc, size):
    normal = doc.styles["Normal"]
    normal.font.name = BODY_FONT
    normal.font.size = Pt(size)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), BODY_FONT)
    h1 = doc.styles["Heading 1"]
    h1.font.name = HEAD_FONT
    h1.font.size = Pt(size + 1)
    h1.font.bold = False
    h1.font.color.rgb = RGBColor(0, 0, 0)
    h1.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), HEAD_FONT)
    h1.paragraph_format.space_before = Pt(6)
    h1.paragraph_format.space_after = Pt(6)
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21.0)
    sec.top_margin = sec.bottom_margin = Cm(2.54)
    sec.left_margin = sec.right_margin = Cm(2.8)


def header_footer(doc, title, footer, size):
    sec = doc.sections[0]
    hp = sec.header.paragraphs[0]
    hp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add_text(hp, title, 9)
    # A rule under the header text, as Word's default header style draws it.
    ppr = hp._element.get_or_add_pPr()
    bdr = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(qn(f"w:{k}"), v)
    bdr.append(bottom)
    ppr.append(bdr)
    fp = sec.footer.paragraphs[0]
    fp.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if footer == "total":
        add_text(fp, "第 ", 9)
        add_field(fp, "PAGE", 9)
        add_text(fp, " 页 共 ", 9)
        add_field(fp, "NUMPAGES", 9)
        add_text(fp, " 页", 9)
    elif footer == "dash":
        add_text(fp, "- ", 9)
        add_field(fp, "PAGE", 9)
        add_text(fp, " -", 9)
    else:
        add_text(fp, "第", 9)
        add_field(fp, "PAGE", 9)
        add_text(fp, "页", 9)


def ruled_table(doc, rows, widths, size, bold_cols=(), center=True):
    table = doc.add_table(rows=len(rows), cols=len(rows[0]))
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            cell = table.cell(i, j)
            cell.width = Cm(widths[j])
            p = cell.paragraphs[0]
            if center:
                p.alignment = WD_ALIGN_PARAGRAPH.CENTER
            head = bold_cols == "head"
            add_text(p, value, size, bold=(i == 0) if head else (j in bold_cols))
    return table


def build(report, out_dir):
    size = report.get("size", 14)
    doc = Document()
    style_document(doc, size)
    header_footer(doc, report["running_title"], report["footer"], size)

    for line in report.get("pre_title", []):
        p = doc.add_paragraph()
        add_text(p, line, size, HEAD_FONT)
    for line in report["title"]:
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(p, line, size + 6, "方正小标宋简体")
    for line in report.get("subtitle", []):
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        add_text(p, line, size, BODY_FONT)

    for kind, *content in report["body"]:
        if kind == "h1":
            doc.add_heading(content[0], level=1)
        elif kind == "p":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(2 * size)
            p.paragraph_format.line_spacing = 1.25
            add_text(p, content[0], size)
        elif kind == "item":
            # "（一）heading。" in bold, the text straight after it in the same paragraph.
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(2 * size)
            p.paragraph_format.line_spacing = 1.25
            add_text(p, content[0], size, bold=True)
            if len(content) > 1:
                add_text(p, content[1], size)
        elif kind == "label":
            p = doc.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(2 * size)
            add_text(p, content[0], size)
        elif kind == "table":
            rows, widths = content[0], content[1]
            ruled_table(doc, rows, widths, size - 2, bold_cols=content[2] if len(content) > 2 else ())
            doc.add_paragraph()
        elif kind == "sign":
            for line in content:
                p = doc.add_paragraph()
                p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                add_text(p, line, size)
        else:
            raise ValueError(kind)

    path = os.path.join(out_dir, report["stem"] + ".docx")
    doc.save(path)
    return path


def to_pdf(docx_path, out_dir):
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation=file://{profile}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                out_dir,
                docx_path,
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )


from word_fixture_reports import REPORTS  # noqa: E402  (content lives beside this script)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/word"
    os.makedirs(out_dir, exist_ok=True)
    if shutil.which("soffice") is None:
        sys.exit("soffice (LibreOffice) not found")
    for report in REPORTS:
        path = build(report, out_dir)
        to_pdf(path, out_dir)
        print(path)


if __name__ == "__main__":
    main()
