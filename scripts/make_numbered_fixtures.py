#!/usr/bin/env python3
"""Writes renderings of a corpus report whose heading and item numbers are AUTOMATIC.

usage: scripts/make_numbered_fixtures.py [OUTDIR [REPORT.txt]]
       (default: tests/fixtures/numbering corpus/jinping-county-school-meals-2022.txt)

Every line of REPORT.txt that starts with a marker — 一、 (chapter), （一） (sub-heading),
1、 or 1. (item) — loses the marker, which is expressed as list numbering instead:

  <stem>.numpr.docx   each numbered paragraph carries w:numPr (numId + ilvl); chapters and
                      sub-headings share one list (chineseCounting "%1、", "（%2）"), each run
                      of items is a new list instance (decimal "%1、", w:startOverride 1);
                      short body lines (under 10 characters) in a chapter without items
                      become bullets, which must add nothing.
  <stem>.styles.docx  numbering comes from paragraph styles linked to one list: Heading1
                      (level 0, chineseCountingThousand), Heading2 (level found through the
                      level's w:pStyle), ReportItem based on ListItemBase (level 2, "%3、",
                      restarting after each higher level, tab after the label); the title uses
                      Heading1 with w:numId 0 (no number).
  <stem>.ol.html      chapters are items of <ol style="list-style-type: cjk-ideographic">,
                      items are <ol><li> (drawn "1. ") holding the lines that follow them,
                      sub-headings stay as written.

Lines of a table of contents (with dot leaders) keep their numbers as text, as in Word,
where a TOC field's result is literal text. The script checks that the numbers Word
would draw are the numbers that were removed, so the renderings read like the text.
Standard library only (zipfile + hand-written XML). Tests use the committed files.
"""
import html
import os
import re
import sys
import zipfile
from xml.sax.saxutils import escape

CN = "一二三四五六七八九十"
CHAPTER = re.compile(r"^([一二三四五六七八九十]{1,3})、(.*)$")
SUB = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)](.*)$")
ITEM = re.compile(r"^(\d{1,2})([、.．])(?!\d)(.*)$")
# The separator after the first item number ("、" or "."), used for every item label.
ITEM_SEPARATOR = {}
TOC = re.compile(r"(\.{4,}|…{2,}|·{4,})\s*\d*\s*$")


def cn_value(s):
    if s == "十":
        return 10
    if s.startswith("十"):
        return 10 + CN.index(s[1]) + 1
    if len(s) >= 2 and s[1] == "十":
        return (CN.index(s[0]) + 1) * 10 + (CN.index(s[2]) + 1 if len(s) == 3 else 0)
    return CN.index(s) + 1


def classify(lines):
    """(kind, number, text) per line: kind is chapter, sub, item, toc, blank or body."""
    out = []
    for raw in lines:
        line = raw.strip()
        if not line:
            out.append(("blank", 0, ""))
        elif TOC.search(line):
            out.append(("toc", 0, line))
        elif m := CHAPTER.match(line):
            out.append(("chapter", cn_value(m.group(1)), m.group(2)))
        elif m := SUB.match(line):
            out.append(("sub", cn_value(m.group(1)), m.group(2)))
        elif m := ITEM.match(line):
            out.append(("item", int(m.group(1)), m.group(3)))
            ITEM_SEPARATOR.setdefault("sep", m.group(2))
        else:
            out.append(("body", 0, line))
    check(out)
    return out


def check(rows):
    """The removed numbers must be the ones the lists will draw."""
    chapter = sub = item = 0
    for kind, n, text in rows:
        if kind == "chapter":
            chapter, sub, item = chapter + 1, 0, 0
            want = chapter
        elif kind == "sub":
            sub, item = sub + 1, 0
            want = sub
        elif kind == "item":
            item += 1
            want = item
        else:
            continue
        if n != want:
            sys.exit(f"numbering would not match: {kind} {n} (lists give {want}): {text}")


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
<Default Extension="xml" ContentType="application/xml"/>
<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>
<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/>
</Types>"""

RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
</Relationships>"""

DOC_RELS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>
</Relationships>"""


def style(sid, name, body="", based_on=None, default=False):
    d = ' w:default="1"' if default else ""
    b = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    return (f'<w:style w:type="paragraph"{d} w:styleId="{sid}"><w:name w:val="{name}"/>{b}'
            f'<w:qFormat/>{body}</w:style>')


def styles_xml(extra=""):
    font = ('<w:rPr><w:rFonts w:ascii="Noto Serif CJK SC" w:eastAsia="Noto Serif CJK SC" '
            'w:hAnsi="Noto Serif CJK SC"/><w:sz w:val="22"/></w:rPr>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:styles xmlns:w="{W_NS}">'
            f'<w:docDefaults><w:rPrDefault>{font}</w:rPrDefault></w:docDefaults>'
            + style("Normal", "Normal", default=True) + extra + "</w:styles>")


def lvl(ilvl, fmt, text, suff="nothing", start=1, pstyle=None, restart=None):
    s = f'<w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/><w:numFmt w:val="{fmt}"/>'
    if restart is not None:
        s += f'<w:lvlRestart w:val="{restart}"/>'
    if pstyle:
        s += f'<w:pStyle w:val="{pstyle}"/>'
    s += f'<w:lvlText w:val="{escape(text)}"/><w:lvlJc w:val="left"/>'
    if suff != "tab":
        s += f'<w:suff w:val="{suff}"/>'
    return s + f'<w:pPr><w:ind w:left="{420 * (ilvl + 1)}" w:hanging="420"/></w:pPr></w:lvl>'


def numbering_xml(abstracts, nums):
    body = "".join(
        f'<w:abstractNum w:abstractNumId="{aid}"><w:multiLevelType w:val="multilevel"/>{lv}</w:abstractNum>'
        for aid, lv in abstracts)
    for nid, aid, start_override in nums:
        o = ""
        if start_override is not None:
            o = f'<w:lvlOverride w:ilvl="0"><w:startOverride w:val="{start_override}"/></w:lvlOverride>'
        body += f'<w:num w:numId="{nid}"><w:abstractNumId w:val="{aid}"/>{o}</w:num>'
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:numbering xmlns:w="{W_NS}">{body}</w:numbering>'


def para(text, style_id=None, num=None):
    ppr = ""
    if style_id or num:
        ppr = "<w:pPr>"
        if style_id:
            ppr += f'<w:pStyle w:val="{style_id}"/>'
        if num:
            nid, ilvl = num
            ilvl_xml = f'<w:ilvl w:val="{ilvl}"/>' if ilvl is not None else ""
            ppr += f'<w:numPr>{ilvl_xml}<w:numId w:val="{nid}"/></w:numPr>'
        ppr += "</w:pPr>"
    run = f'<w:r><w:t xml:space="preserve">{escape(text)}</w:t></w:r>' if text else ""
    return f"<w:p>{ppr}{run}</w:p>"


def write_docx(path, paragraphs, styles, numbering):
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                f'<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>'
                + "".join(paragraphs)
                + '<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>')
    # Fixed timestamps so that re-running the script gives the same bytes.
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", RELS),
                           ("word/_rels/document.xml.rels", DOC_RELS),
                           ("word/document.xml", document), ("word/styles.xml", styles),
                           ("word/numbering.xml", numbering)]:
            info = zipfile.ZipInfo(name, date_time=(2024, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def item_sep():
    return ITEM_SEPARATOR.get("sep", "、")


def numpr_docx(rows, path):
    """Numbering on the paragraphs (w:numPr); a new list instance per run of items."""
    paragraphs = []
    nums = [(1, 0, None), (2, 2, None)]
    item_num = None
    has_items = {}
    chapter = 0
    for kind, _, _ in rows:
        if kind == "chapter":
            chapter += 1
        if kind == "item":
            has_items[chapter] = True
    chapter = 0
    for kind, n, text in rows:
        if kind == "chapter":
            chapter += 1
            paragraphs.append(para(text, num=(1, 0)))
            item_num = None
        elif kind == "sub":
            paragraphs.append(para(text, num=(1, 1)))
            item_num = None
        elif kind == "item":
            if item_num is None:
                item_num = 10 + len(nums)
                nums.append((item_num, 1, 1))
            paragraphs.append(para(text, num=(item_num, 0)))
        elif kind == "body" and chapter and not has_items.get(chapter) and len(text) < 10:
            paragraphs.append(para(text, num=(2, 0)))  # a short line: a bullet
        elif kind != "blank":
            paragraphs.append(para(text))
    numbering = numbering_xml(
        [(0, lvl(0, "chineseCounting", "%1、") + lvl(1, "chineseCounting", "（%2）")),
         (1, lvl(0, "decimal", "%1" + item_sep())),
         (2, lvl(0, "bullet", "\u25cf", suff="tab"))],
        nums)
    write_docx(path, paragraphs, styles_xml(), numbering)


def styles_docx(rows, path):
    """Numbering through paragraph styles linked to one three-level list."""
    extra = (
        style("Heading1", "heading 1", '<w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr>'
              '<w:outlineLvl w:val="0"/></w:pPr>', based_on="Normal")
        + style("Heading2", "heading 2", '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr>'
                '<w:outlineLvl w:val="1"/></w:pPr>', based_on="Normal")
        + style("ListItemBase", "List Item Base", '<w:pPr><w:numPr><w:ilvl w:val="2"/>'
                '<w:numId w:val="1"/></w:numPr></w:pPr>', based_on="Normal")
        + style("ReportItem", "Report Item", based_on="ListItemBase"))
    numbering = numbering_xml(
        [(0, lvl(0, "chineseCountingThousand", "%1、", pstyle="Heading1")
          + lvl(1, "chineseCounting", "（%2）", pstyle="Heading2")
          + lvl(2, "decimal", "%3" + item_sep(), suff="tab"))],
        [(1, 0, None)])
    paragraphs = []
    first = True
    for kind, n, text in rows:
        if kind == "chapter":
            paragraphs.append(para(text, style_id="Heading1"))
        elif kind == "sub":
            paragraphs.append(para(text, style_id="Heading2"))
        elif kind == "item":
            paragraphs.append(para(text, style_id="ReportItem"))
        elif kind != "blank":
            if first:  # the title: a heading style with its numbering removed
                paragraphs.append(para(text, style_id="Heading1", num=(0, None)))
                first = False
            else:
                paragraphs.append(para(text))
    write_docx(path, paragraphs, styles_xml(extra), numbering)


def ol_html(rows, path):
    """Chapters as a cjk-ideographic <ol>, items as <ol><li>, sub-headings as written."""
    out = ['<!doctype html>\n<html lang="zh-CN"><head><meta charset="utf-8"><title>绩效评价报告</title></head>',
           "<body>", '<div class="article">']
    in_chapter = in_items = False
    subs = 0

    def close_items():
        nonlocal in_items
        if in_items:
            out.append("</li></ol>")
            in_items = False

    for kind, n, text in rows:
        t = html.escape(text)
        if kind in ("chapter", "sub"):
            close_items()
        if kind == "chapter":
            if not in_chapter:
                out.append('<ol class="chapters" style="list-style-type: cjk-ideographic">')
                in_chapter = True
            else:
                out.append("</li>")
            out.append(f"<li>\n<h2>{t}</h2>")
            subs = 0
        elif kind == "sub":
            subs += 1
            out.append(f"<h3>（{CN[subs - 1] if subs <= 10 else subs}）{t}</h3>")
        elif kind == "item":
            if in_items:
                out.append("</li>")
            else:
                out.append("<ol>")
                in_items = True
            out.append(f"<li>{t}")
        elif kind in ("body", "toc"):
            out.append(f"<p>{t}</p>")
    close_items()
    if in_chapter:
        out.append("</li></ol>")
    out += ["</div>", "</body></html>\n"]
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(out))


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/numbering"
    src = sys.argv[2] if len(sys.argv) > 2 else "corpus/jinping-county-school-meals-2022.txt"
    os.makedirs(outdir, exist_ok=True)
    stem = os.path.basename(src).rsplit(".", 1)[0]
    with open(src, encoding="utf-8") as f:
        rows = classify(f.read().splitlines())
    numpr_docx(rows, os.path.join(outdir, f"{stem}.numpr.docx"))
    styles_docx(rows, os.path.join(outdir, f"{stem}.styles.docx"))
    ol_html(rows, os.path.join(outdir, f"{stem}.ol.html"))
    counts = {k: sum(1 for r in rows if r[0] == k) for k in ("chapter", "sub", "item", "toc")}
    print(f"{stem}: {counts} -> {outdir}")


if __name__ == "__main__":
    main()
