#!/usr/bin/env python3
"""Independent per-column totals over all quantified deliverable rows.

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
NUMBER = re.compile(r"^\d{1,3}(?: \d{3})*$")


def main(path):
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")

    totals = {c: {"sum": 0, "numeric_cells": 0, "dash_cells": 0, "blank_cells": 0} for c in COLUMNS}
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
        for col, v in zip(COLUMNS, values):
            t = totals[col]
            if v == "":
                t["blank_cells"] += 1
            elif v == DASH:
                t["dash_cells"] += 1
            else:
                t["numeric_cells"] += 1
                t["sum"] += int(v.replace(" ", ""))

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
        "columns": totals,
    }
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: independent_totals.py DOCUMENT")
    main(sys.argv[1])
