#!/usr/bin/env python3
"""Compares `jixiao extract` JSON of each text fixture with that of its renderings.

usage: scripts/compare_renderings.py [STEM-SUBSTRING...]
Env: BIN (default target/release/jixiao), SRC (default tests/fixtures/unseen), OUT (renderings,
default /tmp/pdfr, as written by scripts/render_unseen.py), PRODS (default lo,chrome,docx).
Ignores source, provenance and warnings; prints the differing fields and the count of
differing files per producer.
"""
import json, subprocess, sys, os, glob
BIN = os.environ.get("BIN", "target/release/jixiao")
SRC = os.environ.get("SRC", "tests/fixtures/unseen")
OUT = os.environ.get("OUT", "/tmp/pdfr")
keys = sys.argv[1:]
IGN = {"source", "provenance", "warnings"}
def run(p):
    r = subprocess.run([BIN, "extract", p], capture_output=True, text=True)
    try:
        j = json.loads(r.stdout)
    except Exception:
        return {"_error": r.stderr[-300:]}
    return {k: v for k, v in j.items() if k not in IGN}
def diff(a, b, path=""):
    out = []
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            out += diff(a.get(k), b.get(k), f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            out += diff(x, y, f"{path}[{i}]")
    elif a != b:
        out.append(f"  {path}: text={json.dumps(a, ensure_ascii=False)[:300]}\n  {' '*len(path)}  rend={json.dumps(b, ensure_ascii=False)[:300]}")
    return out
counts = {"lo": 0, "chrome": 0, "docx": 0}
stems = sorted(os.path.splitext(os.path.basename(f))[0] for f in glob.glob(SRC + "/*") if f.endswith((".txt", ".md")))
from concurrent.futures import ThreadPoolExecutor
PRODS = [x for x in os.environ.get("PRODS", "lo,chrome,docx").split(",")]
EXT = {"lo": "pdf", "chrome": "pdf", "docx": "docx"}
stems = [s for s in stems if not keys or any(k in s for k in keys)]
paths = []
for stem in stems:
    src = next(f for f in glob.glob(f"{SRC}/{stem}.*") if f.endswith((".txt", ".md")))
    paths.append(src)
    paths += [f"{OUT}/{p}/{stem}.{EXT[p]}" for p in PRODS]
with ThreadPoolExecutor(2) as ex:
    res = dict(zip(paths, ex.map(run, paths)))
for stem in stems:
    src = next(f for f in glob.glob(f"{SRC}/{stem}.*") if f.endswith((".txt", ".md")))
    t = res[src]
    for prod in PRODS:
        p = f"{OUT}/{prod}/{stem}.{EXT[prod]}"
        d = diff(t, res[p])
        if d:
            counts[prod] += 1
            print(f"== {stem} [{prod}]")
            print("\n".join(d[:8]))
print("differing:", counts, "of", len(stems))
