#!/usr/bin/env python3
"""Writes the DOCX, HTML and reportlab renderings of corpus reports (called by make_fixtures.sh).

usage: make_fixtures.py OUTDIR REPORT.txt...
For each REPORT.txt: OUTDIR/<stem>.docx (header block as a Word table), OUTDIR/<stem>.html
(the report inside a government-site page with navigation, metadata bar and footer),
OUTDIR/<stem>.print.html (plain page for Chromium print-to-PDF), and
OUTDIR/<stem>.stsong-cid.pdf (reportlab, non-embedded STSong-Light CID font, UniGB-UCS2-H).
"""
import html
import os
import re
import sys

import docx
from docx.oxml.ns import qn
from docx.shared import Pt
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

FIELD = re.compile(r"^\s*([^：:\s][^：:]{1,14}?)\s*[：:]\s*(\S.*?)\s*$")


def header_rows(lines):
    """Indices and (label, value) of the first run of 'label：value' lines (the header block)."""
    rows = []
    for i, line in enumerate(lines[:40]):
        m = FIELD.match(line)
        if m and len(line.strip()) < 60:
            rows.append((i, m.group(1).strip(), m.group(2).strip()))
        elif rows and line.strip():
            break
    return rows if len(rows) >= 3 else []


def make_docx(lines, path):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Noto Serif CJK SC"
    st.font.size = Pt(11)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    rows = header_rows(lines)
    first, last = (rows[0][0], rows[-1][0]) if rows else (-1, -1)
    for i, line in enumerate(lines):
        if i == first:
            table = d.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for _, label, value in rows:
                cells = table.add_row().cells
                cells[0].text = label
                cells[1].text = value
        if first <= i <= last and FIELD.match(line):
            continue
        if line.strip():
            d.add_paragraph(line.strip())
    d.save(path)


def paragraphs_html(lines):
    return "\n".join("<p>%s</p>" % html.escape(l.strip()) for l in lines if l.strip())


def make_site_html(lines, title, path):
    # The title lines (up to the first blank line) become the page's <h1>, one per <br>.
    k = next((i for i, l in enumerate(lines) if not l.strip()), len(lines))
    heading = "<br>".join(html.escape(l.strip()) for l in lines[:k])
    lines = lines[k:]
    page = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}_西山县人民政府</title>
<style>body{{font-family:serif}} .nav a{{margin:0 8px}}</style>
<script>var _hmt = _hmt || []; document.write("评价分值：100");</script></head>
<body>
<div class="header"><img src="logo.png" alt="县人民政府门户网站"><span>县人民政府门户网站</span></div>
<div class="nav"><a href="/">首页</a><a href="/zwgk">政务公开</a><a href="/czzj">财政资金</a><a href="/jxgl">绩效管理</a><a href="/hdjl">互动交流</a></div>
<div class="crumb">当前位置：首页 &gt; 政务公开 &gt; 财政信息 &gt; 绩效评价</div>
<div class="article">
  <h1 class="title">{heading}</h1>
  <div class="info">发布时间：2024-09-12 来源：县财政局 浏览量：356 字号：【大 中 小】</div>
  <div class="TRS_Editor" id="zoom">
{paragraphs_html(lines)}
  </div>
  <div class="btns">【打印本页】 【关闭窗口】</div>
</div>
<div class="related"><h3>相关链接</h3><ul><li><a href="#">国务院</a></li><li><a href="#">省人民政府</a></li></ul></div>
<div class="footer"><p>主办单位：县人民政府办公室 承办单位：县大数据中心</p><p>网站标识码：1234567890 备案号：某ICP备12345678号</p></div>
</body></html>
"""
    open(path, "w", encoding="utf-8").write(page)


def make_print_html(lines, path):
    page = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>report</title>'
            '<style>body{font-family:"Noto Serif CJK SC",serif;font-size:11pt}</style></head><body>\n'
            + paragraphs_html(lines) + "\n</body></html>\n")
    open(path, "w", encoding="utf-8").write(page)


def make_reportlab(lines, path):
    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    sty = ParagraphStyle("zh", fontName="STSong-Light", fontSize=11, leading=16, wordWrap="CJK")
    story = [Paragraph(html.escape(l.strip()), sty) if l.strip() else Spacer(1, 6) for l in lines]
    SimpleDocTemplate(path, pagesize=A4, title="report").build(story)


def main():
    out = sys.argv[1]
    for src in sys.argv[2:]:
        stem = os.path.basename(src)[: -len(".txt")]
        lines = open(src, encoding="utf-8").read().split("\n")
        title = "".join(l.strip() for l in lines[:3] if l.strip())
        make_docx(lines, os.path.join(out, stem + ".docx"))
        make_site_html(lines, title, os.path.join(out, stem + ".html"))
        make_print_html(lines, os.path.join(out, stem + ".print.html"))
        make_reportlab(lines, os.path.join(out, stem + ".stsong-cid.pdf"))


if __name__ == "__main__":
    main()
