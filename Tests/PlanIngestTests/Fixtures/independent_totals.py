#!/usr/bin/env python3
"""Independent per-column totals, per unit of measure, over all quantified deliverable rows.

Usage: python3 independent_totals.py path/to/programme-budget-2020.zh.txt

Written without reference to the Swift parser, as a cross-check for it.
Rule (deliberately simple):
  * A table starts at a title line containing "按类别和子类(别)分列的 ... 应交付产出"
    (one title, table 1.2 at line 131, misspells it as "按类别和子类分列的").
  * Inside a table, the line "量化的应交付产出" opens the quantified section and
    "非量化的应交付产出" closes it. The table (and the section) ends at the next
    heading: 方案 N / 次级方案 N / 构成部分 N / 宗旨 / 立法授权.
  * A quantified row is a line inside a quantified section whose first cell
    ends with "(...)" (an optional footnote marker such as " ^a" may follow),
    followed by exactly four tab-separated cells, each empty, "—",
    or digits with spaces as thousands separators.
  * "—" counts as 0 (and as a dash cell); an empty cell is blank (not summed).
Prints one JSON object.
"""
import json
import re
import sys

COLUMNS = ["planned_2018", "actual_2018", "planned_2019", "planned_2020"]
DASH = "\u2014"  # "—"

TITLE = re.compile(r"按类别和子类别?分列的.*应交付产出")
HEADING = re.compile(r"^\s*(?:(?:方案|次级方案|构成部分)\s*\d|宗旨\s*$|立法授权\s*$)")
FIRST_CELL = re.compile(r"^[^\t]*\([^()\t]*\)(?:\s*\^?[a-z])?\s*$")
# Spellings of each unit of measure, mapped to one code.
MEASURES = {
    "文件数目": "documents", "文件数量": "documents", "文件数": "documents",
    "三小时会议次数": "three_hour_meetings", "千字": "thousands_of_words", "天数": "days",
    "出版物数目": "publications", "出版物数量": "publications", "出版物数": "publications",
    "材料数目": "materials", "材料数量": "materials", "材料数": "materials",
    "项目数目": "projects", "项目数量": "projects", "项目数": "projects",
}
NUMBER = re.compile(r"^\d{1,3}(?: \d{3})*$")


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")

    # Figures of different measures are never added: the same totals, per measure.
    by_measure = {}
    rows = 0
    tables = 0
    in_table = False
    in_quant = False
    for lineno, line in enumerate(lines, 1):
        stripped = line.strip()
        first = line.split("\t")[0].strip()
        if TITLE.search(line) and not re.match(r"^\d+\.\d+ ", stripped):
            tables += 1
            in_table, in_quant = True, False
            continue
        if not in_table:
            continue
        if HEADING.match(line):
            in_table = in_quant = False
            continue
        if first == "量化的应交付产出":
            in_quant = True
            continue
        if first == "非量化的应交付产出":
            in_quant = False
            continue
        if not in_quant:
            continue
        cells = line.split("\t")
        if len(cells) != 5 or not FIRST_CELL.match(cells[0]):
            continue
        values = [c.strip() for c in cells[1:]]
        if not all(v == "" or v == DASH or NUMBER.match(v) for v in values):
            continue
        rows += 1
        measure = MEASURES[re.search(r"\(([^()]*)\)", cells[0]).group(1)]
        per = by_measure.setdefault(measure, {c: {"sum": 0, "numeric_cells": 0, "dash_cells": 0, "blank_cells": 0} for c in COLUMNS})
        for col, v in zip(COLUMNS, values):
            p = per[col]
            if v == "":
                p["blank_cells"] += 1
            elif v == DASH:
                p["dash_cells"] += 1
            else:
                p["numeric_cells"] += 1
                p["sum"] += int(v.replace(" ", ""))

    # Cross-check: the same row pattern over the whole file, ignoring table context.
    anywhere = sum(
        1
        for line in lines
        if len(line.split("\t")) == 5
        and FIRST_CELL.match(line.split("\t")[0])
        and all(
            c.strip() == "" or c.strip() == DASH or NUMBER.match(c.strip())
            for c in line.split("\t")[1:]
        )
    )

    result = {
        "tables": tables,
        "quantified_rows": rows,
        "quantified_rows_matching_anywhere_in_file": anywhere,
        "by_measure": dict(sorted(by_measure.items())),
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: independent_totals.py DOCUMENT")
    main(sys.argv[1])
