#!/usr/bin/env python3
"""Independent count of the legislative mandates of every programme and part.

Usage: python3 independent_mandate_counts.py path/to/programme-budget-2020.zh.txt

Written without reference to the Swift reader, as a cross-check for it. Rules (deliberately
simple, one printed mandate = one symbol cell, or one symbol of a cell the extraction merged):
  * A block runs from a line "立法授权" to the next line 工作方案 / 宗旨 / 总方向 / 次级方案 N.
    It belongs to the programme ("方案 N") and, when a lettered part heading ("A. 管理…", no
    tab) came after the programme heading, to that part ("p25.A").
  * Blank lines and separator lines ("-----") count nothing. A one-cell line that does not
    start with a digit is a body heading, or (when it holds a colon) a wrapped title.
  * A one-cell line starting with a digit prints one mandate per "symbol title" pair: the
    start of the line, and each space after a Chinese character that is followed by a symbol
    ("938 (XLIX)", "2017/28").
  * A two-cell line prints two mandates when both cells are symbols (two columns of symbols),
    one when only the first is ("2018/11\t标题"), and one per cell when neither is (instruments
    listed by title, "公约和会议宣言").
  * A four-cell line is two columns of (symbol cell, title cell). An empty symbol cell counts
    nothing (a title carried over). A symbol cell counts nothing when its title cell is empty
    and it continues the cell above: that cell ended with ";" or it holds no digit ("A-C").
    Otherwise a cell of several space-separated words that are each a symbol ("72/288 72/304",
    "2008 2008") counts one per word; any other cell counts one.
Prints one JSON object: owner id -> count.
"""
import json
import re
import sys

END = re.compile(r"^(工作方案|宗旨|总方向)$|^次级方案\s*\d")
PART = re.compile(r"^([A-Z])\. [^\t]+$")
SYMBOL_WORD = re.compile(r"^(S-)?\d+/\d+$|^\d{4}$")
PAIR_START = re.compile(r"(?<=[^\x00-\x7f]) (?=\d+ ?\([IVXL]+\)|\d+/\d+ )")
CATEGORIES = ("协助政府间进程和专家机构", "生成和转让知识", "实质性应交付产出", "信息传播方面的应交付产出", "辅助性应交付产出")


def is_symbol(cell):
    return bool(re.match(r"^(\d|S-|S/)", cell)) and ("/" in cell or "(" in cell)


def count_symbol_cell(cell):
    words = cell.split()
    if len(words) > 1 and ";" not in cell and "," not in cell and all(SYMBOL_WORD.match(w) for w in words):
        return len(words)
    return 1


def main(path):
    lines = open(path, encoding="utf-8").read().split("\n")
    counts = {}
    owner = None
    programme = None
    in_block = False
    above = {}
    for line in lines:
        text = line.strip()
        m = re.match(r"^方案 (\d+)$", text)
        if m:
            programme, owner, in_block = int(m.group(1)), f"p{m.group(1)}", False
            continue
        if programme is None:
            continue
        if not in_block:
            m = PART.match(line)
            if m and not any(text.endswith(c) or text.endswith(c + ":") for c in CATEGORIES):
                owner = f"p{programme}.{m.group(1)}"
            if text == "立法授权":
                in_block, above = True, {}
                counts.setdefault(owner, 0)
            continue
        if END.match(text):
            in_block = False
            continue
        if not text or text.startswith("--"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if len(cells) == 1:
            if text[0].isdigit():
                counts[owner] += 1 + len(PAIR_START.findall(text))
            continue
        if len(cells) == 2:
            first, second = cells
            if is_symbol(first) and is_symbol(second):
                counts[owner] += 2
            elif is_symbol(first):
                counts[owner] += 1
            else:
                counts[owner] += (1 if first else 0) + (1 if second else 0)
            continue
        for column in (0, 2):
            symbol, title = cells[column], cells[column + 1] if column + 1 < len(cells) else ""
            previous = above.get(column, "")
            if symbol:
                continues = not title and (previous.endswith(";") or not re.search(r"\d", symbol))
                if not continues:
                    counts[owner] += count_symbol_cell(symbol)
                above[column] = symbol
    print(json.dumps(counts, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1])
