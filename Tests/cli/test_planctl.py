"""End-to-end tests of the planctl executable: real process, real files, exit codes.

Run as: python3 Tests/cli/test_planctl.py PATH/TO/planctl
"""
import csv
import io
import json
import os
import subprocess
import sys
import tempfile
import unittest

PLANCTL = None
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DOCUMENT = os.path.join(ROOT, "Data", "programme-budget-2020.zh.txt")
FIELDS = ["programme", "part", "unit_id", "unit_title", "table", "table_id", "period", "category", "quantified",
          "subcategory", "measure", "measure_code", "planned_2018", "actual_2018", "planned_2019", "planned_2020",
          "dashes", "footnotes", "line"]


def run(*args, timeout=60):
    return subprocess.run([PLANCTL, *args], capture_output=True, timeout=timeout)


class IngestTests(unittest.TestCase):
    def test_summary_prints_the_counts(self):
        result = run("ingest", "--summary")
        self.assertEqual(result.returncode, 0, result.stderr)
        out = result.stdout.decode()
        self.assertRegex(out, r"programmes\s+28\b")
        self.assertIn("141 (122 covering 2018-2020, 19 covering 2020 only)", out)
        self.assertIn("927 (445 quantified, 482 non-quantified)", out)
        self.assertRegex(out, r"diagnostics\s+0\b")

    def test_strict_passes_on_the_document(self):
        self.assertEqual(run("ingest", DOCUMENT, "--strict").returncode, 0)

    def bad(self, content, message):
        with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
            f.write(content)
        try:
            result = run("ingest", f.name, "--summary")
        finally:
            os.unlink(f.name)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn(message, result.stderr.decode())

    def test_empty_file(self):
        self.bad(b"", "the document is empty")

    def test_binary_garbage(self):
        self.bad(bytes(range(256)) * 64, "not valid UTF-8")

    def test_non_utf8(self):
        self.bad("方案 1\n".encode("utf-8") + b"\xff\xfe", "not valid UTF-8 (first bad byte at offset 9)")

    def test_not_a_budget(self):
        self.bad(b"hello\n", "no programme heading")

    def test_missing_file(self):
        result = run("ingest", "/nonexistent/budget.txt")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("/nonexistent/budget.txt", result.stderr.decode())

    def test_strict_fails_with_diagnostics_naming_lines(self):
        with open(DOCUMENT, encoding="utf-8") as f:
            text = f.read()
        text = text.replace("议事机构文件(文件数量)\t21\t170", "议事机构文件(文件数量)\t21\tx170", 1)
        with tempfile.NamedTemporaryFile(suffix=".txt", delete=False) as f:
            f.write(text.encode())
        try:
            lenient = run("ingest", f.name)
            strict = run("ingest", f.name, "--strict")
        finally:
            os.unlink(f.name)
        self.assertEqual(lenient.returncode, 0)
        self.assertIn("line 106:", lenient.stderr.decode())
        self.assertNotEqual(strict.returncode, 0)
        self.assertIn("line 106", strict.stderr.decode())


class ExportTests(unittest.TestCase):
    def test_json_has_every_row_with_exactly_the_fields(self):
        result = run("export", "deliverables", "--format", "json")
        self.assertEqual(result.returncode, 0, result.stderr)
        records = json.loads(result.stdout)
        self.assertEqual(len(records), 927)
        for record in records:
            self.assertEqual(list(record.keys()), FIELDS)
        self.assertEqual([r["line"] for r in records], sorted(r["line"] for r in records))
        first = records[0]
        self.assertEqual((first["table"], first["table_id"], first["planned_2018"], first["actual_2018"]), ("1.1", "1.1", 21, 170))
        dashed = next(r for r in records if r["line"] == 110)
        self.assertEqual((dashed["planned_2018"], dashed["dashes"]), (0, ["planned_2018", "actual_2018", "planned_2019"]))

    def test_csv_matches_json(self):
        as_json = json.loads(run("export", "deliverables").stdout)
        result = run("export", "deliverables", "--format", "csv", "--document", DOCUMENT)
        self.assertEqual(result.returncode, 0, result.stderr)
        rows = list(csv.reader(io.StringIO(result.stdout.decode().rstrip("\n"))))
        self.assertEqual(rows[0], FIELDS)
        self.assertEqual(len(rows) - 1, len(as_json))
        for row, record in zip(rows[1:], as_json):
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                cell = row[FIELDS.index(column)]
                if column in record["dashes"]:
                    self.assertEqual(cell, "—")
                elif record[column] is None:
                    self.assertEqual(cell, "")
                else:
                    self.assertEqual(int(cell), record[column])

    def test_catalogue_export(self):
        result = run("export", "catalogue")
        self.assertEqual(result.returncode, 0, result.stderr)
        catalogue = json.loads(result.stdout)
        self.assertEqual(len(catalogue["programmes"]), 28)
        self.assertEqual(len(catalogue["tables"]), 141)
        # One key style with the deliverables export and the HTTP API: snake_case.
        unit = catalogue["programmes"][5]["units"][0]
        self.assertIn("table_ids", unit)
        self.assertEqual(unit["planned_result"]["performance"]["cells"][0]["year"], 2018)
        mandate = catalogue["programmes"][3]["mandates"][0]
        self.assertEqual(sorted(mandate), ["canonical_symbols", "id", "issuing_body", "line", "lines", "symbols", "title"])
        text = result.stdout.decode()
        self.assertNotIn('"issuingBody"', text)
        self.assertNotIn('"tableIDs"', text)

    def test_unknown_format_is_refused(self):
        result = run("export", "deliverables", "--format", "xml")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("xml", result.stderr.decode())


if __name__ == "__main__":
    PLANCTL = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
