#!/usr/bin/env python3
"""Renders the .txt/.md fixtures of a folder three ways, to compare their JSON with the text's.

usage: scripts/render_unseen.py [SRC [STEM-SUBSTRING...]]   (default SRC: tests/fixtures/unseen)
Writes under $OUT (default /tmp/pdfr): lo/<stem>.pdf (LibreOffice text import, Noto Serif CJK
SC), chrome/<stem>.pdf (Chromium print of an HTML page: paragraphs as <p> with a 2 em first-line
indent, table lines as unindented pre-wrap lines), docx/<stem>.docx (python-docx: first-line
indents, table lines — pipe, box-drawn or cells set apart by two spaces — as Word tables).
Env NOLO=1 skips LibreOffice. Needs soffice, chromium, python-docx. Compare with
scripts/compare_renderings.py.
"""
import html, os, re, subprocess, sys, tempfile, glob, shutil
import docx
from docx.oxml.ns import qn
from docx.shared import Pt

SRC = sys.argv[1] if len(sys.argv) > 1 else "tests/fixtures/unseen"
OUT = os.environ.get("OUT", "/tmp/pdfr")
for d in ("lo", "chrome", "docx", "html", "src"):
    os.makedirs(f"{OUT}/{d}", exist_ok=True)
files = sorted(f for f in glob.glob(SRC + "/*") if f.endswith((".txt", ".md")))
if len(sys.argv) > 2:
    files = [f for f in files if any(k in f for k in sys.argv[2:])]
SEP = re.compile(r"^\s*\|?\s*:?-{3,}")

BOX = set("┌┐└┘├┤┬┴┼─━═╔╗╚╝╠╣╦╩╬")
def cells(line):
    s = line.strip()
    if s and all(c in BOX or c == " " for c in s):
        return []
    if "│" in s or "║" in s:
        return [c.strip() for c in s.replace("║", "│").strip("│").split("│")]
    if re.match(r"^第\S{1,4}(章|节|部分|篇)\s{2,}", s):
        return None
    if "|" in s and s.count("|") >= 2 or (s.startswith("|") or s.endswith("|")) and "|" in s[1:]:
        return [c.strip() for c in s.strip("|").split("|")]
    parts = re.split(r"\s{2,}|\u3000{2,}", s)
    if len(parts) >= 2:
        return parts
    return None

def blocks(lines):
    """('p', text) or ('table', rows)."""
    out = []
    for line in lines:
        if not line.strip():
            out.append(("blank", ""))
            continue
        if SEP.match(line) and "|" in line:
            continue
        c = cells(line)
        if c == []:
            continue
        if c is not None:
            if out and out[-1][0] == "table":
                out[-1][1].append(c)
            else:
                out.append(("table", [c]))
        else:
            out.append(("p", line.strip()))
    return out

def make_docx(lines, path):
    d = docx.Document()
    st = d.styles["Normal"]
    st.font.name = "Noto Serif CJK SC"
    st.font.size = Pt(12)
    st.element.rPr.rFonts.set(qn("w:eastAsia"), "Noto Serif CJK SC")
    for kind, v in blocks(lines):
        if kind == "p":
            p = d.add_paragraph(v)
            p.paragraph_format.first_line_indent = Pt(24)
        elif kind == "table":
            n = max(len(r) for r in v)
            t = d.add_table(rows=0, cols=n)
            t.style = "Table Grid"
            for r in v:
                cs = t.add_row().cells
                for j, c in enumerate(r):
                    cs[j].text = c
    d.save(path)

def make_html(lines, path):
    body = []
    for kind, v in blocks(lines):
        if kind == "p":
            body.append("<p>%s</p>" % html.escape(v))
        elif kind == "table":
            for r in v:
                body.append('<p class="t">%s</p>' % html.escape("    ".join(r)))
    page = ('<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>report</title>'
            '<style>body{font-family:"Noto Serif CJK SC",serif;font-size:12pt} p{text-indent:2em;margin:0.3em 0}'
            ' p.t{text-indent:0;white-space:pre-wrap}</style></head><body>\n' + "\n".join(body) + "\n</body></html>\n")
    open(path, "w", encoding="utf-8").write(page)

prof = tempfile.mkdtemp()
for f in files:
    stem = os.path.splitext(os.path.basename(f))[0]
    lines = open(f, encoding="utf-8").read().split("\n")
    shutil.copy(f, f"{OUT}/src/{stem}.txt")
    make_docx(lines, f"{OUT}/docx/{stem}.docx")
    make_html(lines, f"{OUT}/html/{stem}.html")
    if not os.environ.get("NOLO"): subprocess.run(["soffice", f"-env:UserInstallation=file://{prof}", "--headless", "--norestore",
                    "--infilter=Text (encoded):UTF8,LF,Noto Serif CJK SC,zh-CN,", "--convert-to", "pdf",
                    "--outdir", f"{OUT}/lo", f"{OUT}/src/{stem}.txt"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    ud = tempfile.mkdtemp()
    subprocess.run(["timeout", "120", "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={ud}", "--no-pdf-header-footer", f"--print-to-pdf={OUT}/chrome/{stem}.pdf",
                    f"file://{OUT}/html/{stem}.html"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    shutil.rmtree(ud, ignore_errors=True)
    print(stem, flush=True)
