"""End-to-end tests of planctl as a client of plan-gateway's binary front: a real plan-catalogue,
plan-metrics (on a temporary SQLite file) and plan-gateway as processes, every client command run
in its three formats (table, json, csv), the answers checked against facts found independently
(`planctl export catalogue` and `planctl export deliverables --format csv`, which read the
document without any service).

Run as: python3 Tests/cli/test_planctl_client.py PATH/TO/.build/debug
"""
import csv
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import unicodedata
import unittest
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = None
DASH = "—"
EXIT_USAGE, EXIT_NOT_FOUND, EXIT_DENIED, EXIT_UNAVAILABLE = 2, 3, 4, 5


def display_width(text):
    """Terminal columns: East Asian wide and fullwidth characters 2, combining marks 0."""
    width = 0
    for character in text:
        if unicodedata.combining(character) or unicodedata.category(character) in ("Mn", "Me", "Cf"):
            continue
        width += 2 if unicodedata.east_asian_width(character) in ("W", "F") else 1
    return width


def counted(text):
    """A CSV figure as counted in totals: a number, a dash as 0, a blank as None."""
    if text == "":
        return None
    return 0 if text == DASH else int(text)


def closed_port():
    """A port nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PlanctlClientTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        os.environ["PLAN_BUILD_DIR"] = BUILD
        sys.path.insert(0, os.path.join(HERE, "..", "python"))
        import plan_stack

        cls.token = plan_stack.WRITE_TOKEN
        cls.folder = tempfile.mkdtemp(prefix="planctl-client-")
        os.makedirs(os.path.join(cls.folder, "data"))
        cls.stack = plan_stack.Stack(cls.folder, replicas=1)
        cls.gateway = "127.0.0.1:%d" % cls.stack.gateway.port
        cls.env = {k: v for k, v in os.environ.items() if k not in ("PLAN_WRITE_TOKEN", "PLAN_GATEWAY")}
        cls.env["PLAN_GATEWAY"] = cls.gateway
        planctl = os.path.join(BUILD, "planctl")
        cls.catalogue = json.loads(subprocess.run(
            [planctl, "export", "catalogue"], check=True, capture_output=True).stdout)
        cls.rows = list(csv.DictReader(io.StringIO(subprocess.run(
            [planctl, "export", "deliverables", "--format", "csv"], check=True, capture_output=True).stdout.decode())))

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def planctl(self, *arguments, env=None, code=0):
        result = subprocess.run(
            [os.path.join(BUILD, "planctl"), *arguments], capture_output=True, timeout=120,
            env=dict(self.env, **(env or {})))
        stdout, stderr = result.stdout.decode(), result.stderr.decode()
        if code is not None:
            self.assertEqual(result.returncode, code, (arguments, stdout[-2000:], stderr))
        return stdout, stderr, result.returncode

    def formats(self, *arguments):
        """The command's output as JSON, as CSV rows (dicts) and as aligned table lines."""
        as_json = json.loads(self.planctl(*arguments, "--format", "json")[0])
        text = self.planctl(*arguments, "--format", "csv")[0]
        self.assertTrue(text.endswith("\r\n") or text == "", text[-50:])
        as_csv = list(csv.DictReader(io.StringIO(text)))
        lines = self.planctl(*arguments)[0].splitlines()
        self.assertAligned(lines)
        return as_json, as_csv, lines

    def assertAligned(self, lines):
        """A table: header, rule, rows; every line the same display width; columns line up."""
        self.assertGreaterEqual(len(lines), 2, lines)
        widths = {display_width(line) for line in lines}
        self.assertEqual(len(widths), 1, [(display_width(line), line) for line in lines][:5])
        self.assertTrue(set(lines[1]) <= {"-", " "}, lines[1])
        # Every column of the rule starts where the header's column does.
        starts = [i for i, c in enumerate(lines[1]) if c == "-" and (i == 0 or lines[1][i - 1] == " ")]
        self.assertEqual(len(starts), len(lines[0].split()), lines[0])

    # MARK: the catalogue

    def test_programmes_in_three_formats(self):
        as_json, as_csv, lines = self.formats("programmes")
        expected = [(p["id"], p["title"]) for p in self.catalogue["programmes"]]
        self.assertEqual(len(expected), 28)
        self.assertEqual([(p["id"], p["title"]) for p in as_json["programmes"]], expected)
        self.assertEqual([(r["id"], r["title"]) for r in as_csv], expected)
        self.assertEqual(len(lines), 28 + 2)
        self.assertEqual(lines[0].split(), ["id", "number", "title", "parts", "units", "line"])
        for line, (identifier, title) in zip(lines[2:], expected):
            self.assertTrue(line.startswith(identifier + " "), line)
            self.assertIn(title, line)
        self.assertEqual(
            [r["units"] for r in as_csv], [str(len(p["units"])) for p in self.catalogue["programmes"]])

    def test_programme_6_by_number_and_id(self):
        programme = next(p for p in self.catalogue["programmes"] if p["number"] == 6)
        as_json, as_csv, lines = self.formats("programme", "6")
        self.assertEqual((as_json["id"], as_json["title"]), ("p6", programme["title"]))
        self.assertEqual([u["id"] for u in as_json["units"]], [u["id"] for u in programme["units"]])
        self.assertIn({"field": "title", "value": programme["title"]}, as_csv)
        self.assertTrue(any(line.split()[:2] == ["title", programme["title"]] for line in lines), lines)
        self.assertEqual(json.loads(self.planctl("programme", "p6", "--format", "json")[0])["title"], programme["title"])

    def test_units_and_tables_filtered(self):
        programme = next(p for p in self.catalogue["programmes"] if p["number"] == 6)
        as_json, as_csv, lines = self.formats("units", "--programme", "6")
        self.assertEqual([u["id"] for u in as_json["units"]], [u["id"] for u in programme["units"]])
        self.assertEqual(len(as_csv), len(programme["units"]))
        everything = json.loads(self.planctl("units", "--format", "json")[0])["units"]
        self.assertEqual(len(everything), sum(len(p["units"]) for p in self.catalogue["programmes"]))
        table_ids = [t for u in programme["units"] for t in u["table_ids"]]
        as_json, as_csv, lines = self.formats("tables", "--programme", "p6")
        self.assertEqual([t["id"] for t in as_json["tables"]], table_ids)
        self.assertEqual([r["id"] for r in as_csv], table_ids)
        self.assertEqual(len(lines), len(table_ids) + 2)

    def test_results_match_the_export(self):
        programme = next(p for p in self.catalogue["programmes"] if p["number"] == 6)
        expected = [u["planned_result"] for u in programme["units"] if "planned_result" in u]
        self.assertEqual(len(expected), 8)
        as_json, as_csv, lines = self.formats("results", "--programme", "6")
        self.assertEqual(as_json["results"], expected)
        self.assertEqual([r["id"] for r in as_csv], [r["id"] for r in expected])
        for row, result in zip(as_csv, expected):
            cells = {c["year"]: c["text"] for c in (result.get("performance") or {}).get("cells", [])}
            self.assertEqual([row["measure_%d" % y] for y in (2018, 2019, 2020)], [cells.get(y, "") for y in (2018, 2019, 2020)])
        self.assertEqual(len(lines), len(expected) + 2)
        one = json.loads(self.planctl("results", "--unit", "p6.sp1", "--format", "json")[0])["results"]
        self.assertEqual([r["id"] for r in one], ["p6.sp1.result"])
        self.assertEqual(json.loads(self.planctl("results", "--programme", "7", "--format", "json")[0])["results"], [])

    def test_table_rows_match_the_export(self):
        expected = [r for r in self.rows if r["table_id"] == "20.3"]
        as_json, as_csv, lines = self.formats("table", "20.3")
        self.assertEqual(len(as_json["rows"]), len(expected))
        self.assertEqual([r["planned_2020"] for r in as_csv], [r["planned_2020"] for r in expected])
        self.assertEqual(len(lines), len(expected) + 2)

    def test_search_finds_the_units_whose_titles_hold_the_word(self):
        titled = {u["id"] for p in self.catalogue["programmes"] for u in p["units"] if "海洋" in u["title"]}
        self.assertTrue(titled)
        as_json, as_csv, lines = self.formats("search", "海洋", "--scope", "unit", "--limit", "0")
        self.assertEqual({h["location"]["entity_id"] for h in as_json["hits"]}, titled)
        self.assertEqual({r["entity_id"] for r in as_csv}, titled)
        self.assertEqual(len(lines), len(titled) + 2)
        every = json.loads(self.planctl("search", "海洋", "--limit", "0", "--format", "json")[0])
        self.assertEqual(len(every["hits"]), every["total_hits"])
        self.assertTrue(all("海洋" in hit["snippet"] for hit in every["hits"]))
        some = json.loads(self.planctl("search", "海洋", "--format", "json")[0])
        self.assertEqual(len(some["hits"]), min(20, every["total_hits"]))
        self.assertEqual(len(self.planctl("search", "海洋", "--limit", "3")[0].splitlines()), 3 + 2)

    # MARK: the metrics

    def test_aggregate_matches_the_exported_sums(self):
        expected = defaultdict(lambda: [0, 0, 0, 0])
        for row in self.rows:
            if row["category"] != "A":
                continue
            cell = expected[("p" + row["programme"], row["measure_code"])]
            value = counted(row["planned_2020"])
            cell[1] += 1
            if value is not None:
                cell[0] += value
                cell[2] += 1
            cell[3] += row["planned_2020"] == DASH
        as_json, as_csv, lines = self.formats("aggregate", "--by", "programme,measure", "--where", "category=A")
        got = {(c["drilldown"][0]["key"], c.get("measure", "")): [c["sum"], c["count"], c["count_reported"], c["count_dashes"]]
               for c in as_json["cells"]}
        self.assertEqual(got, dict(expected))
        totals = defaultdict(int)
        for (_, measure), cell in expected.items():
            totals[measure] += cell[0]
        self.assertEqual({c.get("measure", ""): c["sum"] for c in as_json["summary"]}, dict(totals))
        got_csv = {(r["programme"], r["measure"]): int(r["sum"]) for r in as_csv}  # the last "measure" column: the cell's
        self.assertEqual(got_csv, {key: cell[0] for key, cell in expected.items()})
        self.assertEqual(len(lines), len(expected) + 2)
        self.assertEqual(sum(int(line.split()[-4]) for line in lines[2:]), sum(totals.values()))

    def test_aggregate_cuts_order_limit_and_every_page(self):
        only = json.loads(self.planctl(
            "aggregate", "--by", "programme", "--where", "programme=p6,7", "--format", "json")[0])
        self.assertEqual({c["drilldown"][0]["key"] for c in only["cells"]}, {"p6", "p7"})
        expected = sum(counted(r["planned_2019"]) or 0 for r in self.rows if r["programme"] in ("6", "7"))
        column = json.loads(self.planctl(
            "aggregate", "--column", "planned_2019", "--where", "programme=6", "--where", "programme=6,7",
            "--by", "programme", "--format", "json")[0])
        self.assertEqual(sum(c["sum"] for c in column["cells"]), sum(
            counted(r["planned_2019"]) or 0 for r in self.rows if r["programme"] == "6"))
        self.assertEqual(sum(c["sum"] for c in only["cells"]), sum(
            counted(r["planned_2020"]) or 0 for r in self.rows if r["programme"] in ("6", "7")))
        self.assertGreater(expected, 0)
        ordered = json.loads(self.planctl(
            "aggregate", "--by", "programme", "--order", "-sum", "--limit", "5", "--format", "json")[0])
        sums = [c["sum"] for c in ordered["cells"]]
        self.assertEqual(len(sums), 5)
        self.assertEqual(sums, sorted(sums, reverse=True))
        every = json.loads(self.planctl("aggregate", "--by", "unit", "--format", "json")[0])
        self.assertGreater(every["total_cell_count"], 100)
        self.assertEqual(len(every["cells"]), every["total_cell_count"])
        self.assertEqual(len(self.planctl("aggregate", "--by", "unit", "--format", "csv")[0].splitlines()),
                         every["total_cell_count"] + 1)

    def test_rate_change_and_rankings(self):
        as_json, as_csv, lines = self.formats("rate", "--year", "2018", "--by", "category", "--where", "category=A")
        planned = defaultdict(int)
        for row in self.rows:
            p, a = counted(row["planned_2018"]), counted(row["actual_2018"])
            if row["category"] == "A" and p is not None and a is not None:
                planned[row["measure_code"]] += p
        self.assertEqual({c.get("measure", ""): c["planned"] for c in as_json["cells"] if c["rows_compared"]},
                         {m: v for m, v in planned.items() if m})
        self.assertEqual(len(as_csv), len(as_json["cells"]))
        as_json, as_csv, lines = self.formats("change", "--by", "category")
        self.assertEqual({r["category"] for r in as_csv}, {"A", "B", "C", "D", "E"})
        as_json, as_csv, lines = self.formats(
            "rankings", "--by", "unit", "--measure", "documents", "--metric", "gap", "--year", "2018", "--limit", "5")
        self.assertEqual(len(as_json["entries"]), 5)
        values = [e["value"] for e in as_json["entries"]]
        self.assertEqual(values, sorted(values, reverse=True))
        self.assertEqual(list(as_csv[0].keys()), ["rank", "unit", "unit_label", "value", "rows"])
        ascending = json.loads(self.planctl(
            "rankings", "--by", "programme", "--measure", "documents", "--metric", "total", "--column", "planned_2020",
            "--ascending", "--format", "json")[0])
        values = [e["value"] for e in ascending["entries"]]
        self.assertEqual(values, sorted(values))

    def test_figures_of_a_row_and_a_table(self):
        expected = next(r for r in self.rows if r["table_id"] == "20.3" and r["line"])
        as_json, as_csv, lines = self.formats("figures", "--table", "20.3")
        self.assertEqual(len(as_csv), len([r for r in self.rows if r["table_id"] == "20.3"]))
        self.assertEqual(as_csv[0]["planned_2020"], expected["planned_2020"])
        one = json.loads(self.planctl("figures", "--row", as_csv[0]["row_id"], "--format", "json")[0])
        self.assertEqual([r["row"]["id"] for r in one["rows"]], [as_csv[0]["row_id"]])

    def test_record_actual_needs_the_token_then_history_shows_it(self):
        arguments = ["record-actual", "--row", "20.3.r5", "--year", "2019", "--value", "8", "--reported-by", "OPPBA",
                     "--note", "年度报告"]
        _, stderr, _ = self.planctl(*arguments, code=EXIT_DENIED)
        self.assertIn("UNAUTHENTICATED", stderr)
        _, stderr, _ = self.planctl(*arguments, env={"PLAN_WRITE_TOKEN": "wrong-token-0123456789"}, code=EXIT_DENIED)
        self.assertIn("UNAUTHENTICATED", stderr)

        stdout, stderr, _ = self.planctl(*arguments, "--format", "json", env={"PLAN_WRITE_TOKEN": self.token})
        answer = json.loads(stdout)
        request_id = answer["recording"]["request_id"]
        self.assertIn(request_id, stderr)  # the fresh id is printed
        self.assertEqual((answer["recording"]["value"], answer["replayed"]), (8, False))

        token_file = os.path.join(self.folder, "token")
        with open(token_file, "w") as f:
            f.write(self.token + "\n")
        replay = json.loads(self.planctl(
            *arguments, "--request-id", request_id, "--token-file", token_file, "--format", "json")[0])
        self.assertTrue(replay["replayed"])
        self.planctl("record-actual", "--row", "20.3.r5", "--year", "2020", "--value", DASH, "--reported-by", "OPPBA",
                     "--request-id", "planctl-client-dash", "--token-file", token_file)

        as_json, as_csv, lines = self.formats("history", "20.3.r5")
        self.assertEqual([(r["year"], r["value"]) for r in as_json["recordings"]], [(2019, 8), (2020, DASH)])
        self.assertEqual((as_json["current"]["actual_2019"], as_json["current"]["actual_2020"]), (8, DASH))
        self.assertEqual([(r["request_id"], r["value"], r["source_note"]) for r in as_csv],
                         [(request_id, "8", "年度报告"), ("planctl-client-dash", DASH, "")])
        self.assertEqual(len(lines), 2 + 2)
        figures = json.loads(self.planctl("figures", "--row", "20.3.r5", "--format", "json")[0])
        self.assertEqual(figures["rows"][0]["actual_2019"], 8)

    # MARK: health, errors, usage

    def test_health_of_every_server_and_of_a_closed_port(self):
        for process in (self.stack.gateway, self.stack.catalogue, self.stack.metrics[0]):
            stdout, _, _ = self.planctl("health", "--gateway", "127.0.0.1:%d" % process.port, "--format", "json")
            self.assertEqual(json.loads(stdout)["status"], "SERVING")
        self.assertAligned(self.planctl("health", "--service", "plan.v1.Catalogue")[0].splitlines())
        self.assertIn("SERVING", self.planctl("health", "--service", "metrics", "--format", "csv")[0])
        self.planctl("health", "--service", "plan.v1.Nothing", code=EXIT_NOT_FOUND)
        _, stderr, _ = self.planctl(
            "health", "--gateway", "127.0.0.1:%d" % closed_port(), "--timeout", "1", code=EXIT_UNAVAILABLE)
        self.assertRegex(stderr, "UNAVAILABLE|DEADLINE_EXCEEDED")

    def test_errors_and_usage(self):
        _, stderr, _ = self.planctl("programme", "99", code=EXIT_NOT_FOUND)
        self.assertIn("NOT_FOUND", stderr)
        self.planctl("table", "99.99", code=EXIT_NOT_FOUND)
        self.planctl("history", "no.such.row", code=EXIT_NOT_FOUND)
        for arguments, flag in [
            (["aggregate", "--by", "programme,nonsense"], "--by"),
            (["aggregate", "--where", "colour=red"], "--where"),
            (["aggregate", "--where", "category"], "--where"),
            (["aggregate", "--column", "planned_2021"], "--column"),
            (["aggregate", "--order", "size"], "--order"),
            (["rankings", "--by", "unit", "--measure", "litres", "--metric", "gap"], "--measure"),
            (["search", "海洋", "--scope", "everything"], "--scope"),
            (["programmes", "--format", "xml"], "--format"),
            (["programmes", "--gateway", "nowhere"], "--gateway"),
            (["record-actual", "--row", "20.3.r5", "--year", "2018", "--value", "1", "--reported-by", "x"], "--year"),
            (["record-actual", "--row", "20.3.r5", "--year", "2019", "--value", "many", "--reported-by", "x"], "--value"),
            (["figures"], "--row"),
        ]:
            _, stderr, _ = self.planctl(*arguments, code=EXIT_USAGE)
            self.assertIn(flag, stderr, arguments)
        self.planctl("aggregate", "--by", "programme", "--where", "measure=documents", "--limit", "1")

    def test_gateway_from_the_environment_and_the_flag(self):
        port = closed_port()
        self.planctl("programmes", env={"PLAN_GATEWAY": "127.0.0.1:%d" % port}, code=EXIT_UNAVAILABLE)
        stdout, _, _ = self.planctl("programmes", "--gateway", self.gateway, "--format", "csv",
                                    env={"PLAN_GATEWAY": "127.0.0.1:%d" % port})
        self.assertEqual(len(stdout.splitlines()), 28 + 1)


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: test_planctl_client.py PATH/TO/.build/debug")
    BUILD = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
