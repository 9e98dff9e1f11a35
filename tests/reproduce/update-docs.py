#!/usr/bin/env python3
"""Splices the reports of `mtlx-cli reproduce` into docs/reproduction.md.

    python3 tests/reproduce/update-docs.py OUT_DIR [docs/reproduction.md]

OUT_DIR is the --out folder of one or more reproductions. For every NAME-SCALE.md in it, the
section "## TITLE (`NAME`, SCALE scale)" of the docs page is replaced by the report (headings two
levels down, figures copied to docs/reproduction/), keeping the section's hand-written
"#### What we read in it" part; a section not there yet is added at the end. The summary table's
row for that reproduction is recomputed from the report's status and verdicts.
"""
import os
import re
import shutil
import sys

OUTCOMES = ["reproduced", "direction only", "not reproduced", "contradicted"]


def read_report(path):
    lines = open(path, encoding="utf-8").read().splitlines()
    m = re.match(r"# (.*) \(`([\w-]+)`, (quick|paper) scale\)$", lines[0])
    if not m:
        sys.exit(f"{path}:1: not a reproduction report heading")
    return m.group(1), m.group(2), m.group(3), lines[1:]


def section_text(title, name, scale, body, read):
    out = [f"## {title} (`{name}`, {scale} scale)", "", f"    mtlx-cli reproduce {name} --scale {scale} --out DIR"]
    for line in body:
        if re.fullmatch(r"\([\w.-]+\.csv\)", line):
            continue
        if line.startswith("## "):
            line = "#### " + line[3:]
        line = re.sub(r"\]\(([\w.-]+\.png)\)", r"](reproduction/\1)", line)
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    out += ["", "#### What we read in it", ""] + read
    return out


def summary_row(title, name, scale, body):
    status = next(l for l in body if l.startswith("Status: "))
    runs = re.search(r"(\d+ of \d+) runs", status).group(1)
    wall = re.search(r"wall time on this machine ([\d:]+)", status)
    counts = {o: 0 for o in OUTCOMES}
    for line in body:
        m = re.match(r"- \*\*(.+?)\*\*: ", line)
        if m and m.group(1) in counts:
            counts[m.group(1)] += 1
    anchor = re.sub(r"[^\w\- ]", "", f"{title} ({name}, {scale} scale)".lower()).replace(" ", "-")
    cells = [f"[`{name}`](#{anchor})", scale, runs] + [str(counts[o]) for o in OUTCOMES]
    cells.append(wall.group(1) if wall else "–")
    return "| " + " | ".join(cells) + " |"


def main():
    out_dir = sys.argv[1]
    docs = sys.argv[2] if len(sys.argv) > 2 else "docs/reproduction.md"
    figures = os.path.join(os.path.dirname(docs), "reproduction")
    text = open(docs, encoding="utf-8").read().splitlines()
    for report in sorted(f for f in os.listdir(out_dir) if re.fullmatch(r"[\w-]+-(quick|paper)\.md", f)):
        title, name, scale, body = read_report(os.path.join(out_dir, report))
        heading = f"## {title} (`{name}`, {scale} scale)"
        start = text.index(heading) if heading in text else len(text)
        end = next((i for i in range(start + 1, len(text)) if text[i].startswith("## ")), len(text))
        old = text[start:end]
        read = []
        if "#### What we read in it" in old:
            read = old[old.index("#### What we read in it") + 2 :]
            while read and read[-1] == "":
                read.pop()
        new = section_text(title, name, scale, body, read or ["(to be written)"]) + [""]
        text[start:end] = ([""] if start == len(text) else []) + new
        row = summary_row(title, name, scale, body)
        for i, line in enumerate(text):
            if line.startswith(f"| [`{name}`](") and f" | {scale} | " in line:
                text[i] = row
        for png in re.findall(r"\]\(([\w.-]+\.png)\)", "\n".join(body)):
            shutil.copyfile(os.path.join(out_dir, png), os.path.join(figures, png))
    open(docs, "w", encoding="utf-8").write("\n".join(text) + "\n")


if __name__ == "__main__":
    main()
