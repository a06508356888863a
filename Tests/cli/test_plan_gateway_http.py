"""End-to-end tests of plan-gateway's HTTP front: a real plan-catalogue, two plan-metrics
replicas and the gateway as processes, every HTTP endpoint called with urllib, the answers
checked against facts found independently (`planctl export deliverables --format csv`).

Run as: python3 Tests/cli/test_plan_gateway_http.py PATH/TO/.build/debug
"""
import csv
import http.client
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request
from collections import defaultdict

BUILD = None
TOKEN = "http-front-test-token-0123456789"
DASH = "—"


class Stack:
    """The processes of one test class; stdout and stderr go to files, never to unread pipes."""

    def __init__(self):
        self.folder = tempfile.mkdtemp(prefix="plan-gateway-http-")
        self.processes = []

    def start(self, name, *arguments, announcements=1, env=None):
        out = os.path.join(self.folder, f"{name}.out")
        err = os.path.join(self.folder, f"{name}.err")
        with open(out, "wb") as stdout, open(err, "wb") as stderr:
            process = subprocess.Popen(
                [os.path.join(BUILD, arguments[0]), *arguments[1:]], stdout=stdout, stderr=stderr,
                env=env or os.environ)
        self.processes.append(process)
        deadline = time.time() + 60
        while time.time() < deadline:
            with open(out) as file:
                # The PlanWire line comes first, then (the gateway's) HTTP line; the Prometheus
                # endpoint's "… metrics listening on" line is not one of the ports asked for.
                lines = [line for line in file.read().splitlines()
                         if "listening on" in line and " metrics listening on" not in line]
            if len(lines) >= announcements:
                lines.sort(key=lambda line: " HTTP listening on" in line)
                return [int(line.rsplit(":", 1)[1]) for line in lines[:announcements]], err
            if process.poll() is not None:
                raise AssertionError(f"{name} exited {process.returncode}: {open(err).read()}")
            time.sleep(0.05)
        raise AssertionError(f"{name} did not announce its ports")

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(self.folder, ignore_errors=True)


def start_gateway(stack, name, catalogue, metrics, *extra):
    env = dict(os.environ, PLAN_WRITE_TOKEN=TOKEN)
    (binary, http_port), log = stack.start(
        name, "plan-gateway", "--catalogue", catalogue, "--metrics", metrics, "--port", "0", "--http-port", "0",
        *extra, announcements=2, env=env)
    with open(os.path.join(stack.folder, f"{name}.out")) as file:
        text = file.read()
    assert f"plan-gateway listening on 127.0.0.1:{binary}" in text, text
    assert f"plan-gateway HTTP listening on 127.0.0.1:{http_port}" in text, text
    return http_port, log


def wait_ready(port, expected=200, timeout=30):
    deadline = time.time() + timeout
    status = None
    while time.time() < deadline:
        status = Client(port).get("/readyz")[0]
        if status == expected:
            return
        time.sleep(0.1)
    raise AssertionError(f"/readyz stayed {status}, expected {expected}")


class Client:
    def __init__(self, port):
        self.base = f"http://127.0.0.1:{port}"

    def request(self, method, path, query=None, body=None, headers=None):
        url = self.base + path + ("?" + urllib.parse.urlencode(query, doseq=True) if query else "")
        data = body if isinstance(body, (bytes, type(None))) else json.dumps(body).encode()
        request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
        if data is not None and "Content-Type" not in (headers or {}):
            request.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return response.status, dict(response.headers), response.read()
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read()

    def get(self, path, query=None, headers=None):
        return self.request("GET", path, query, headers=headers)

    def json(self, path, query=None, headers=None, status=200):
        code, response_headers, body = self.get(path, query, headers)
        assert code == status, f"GET {path} {query}: {code} {body[:500]!r}"
        assert response_headers["Content-Type"].startswith("application/json"), response_headers
        return json.loads(body)

    def pages(self, path, field, query=None):
        items, token, seen = [], "", set()
        while True:
            page = self.json(path, dict(query or {}, page_size=37, page_token=token))
            items += page[field]
            token = page["next_page_token"]
            if not token:
                return items
            assert token not in seen
            seen.add(token)


def deliverables():
    """Every row with its figures, from planctl (independent of the services)."""
    output = subprocess.run(
        [os.path.join(BUILD, "planctl"), "export", "deliverables", "--format", "csv"], check=True,
        capture_output=True).stdout.decode()
    return list(csv.DictReader(io.StringIO(output)))


def counted(text):
    """A CSV figure as counted in totals: a number, a dash as 0, a blank as None."""
    if text == "":
        return None
    return 0 if text == DASH else int(text)


class HTTPFrontTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.stack = Stack()
        try:
            (catalogue,), _ = cls.stack.start("catalogue", "plan-catalogue", "--port", "0")
            # Both replicas share one database, as replicas of one service do.
            # The replicas check the write token of recordings too (the gateway passes it on).
            metrics_env = dict(os.environ, PLAN_WRITE_TOKEN=TOKEN)
            (metrics1,), cls.metrics1_log = cls.stack.start(
                "metrics1", "plan-metrics", "--port", "0", "--database", os.path.join(cls.stack.folder, "m1.sqlite"),
                env=metrics_env)
            (metrics2,), cls.metrics2_log = cls.stack.start(
                "metrics2", "plan-metrics", "--port", "0", "--database", os.path.join(cls.stack.folder, "m1.sqlite"),
                env=metrics_env)
            cls.port, cls.gateway_log = start_gateway(
                cls.stack, "gateway", f"127.0.0.1:{catalogue}", f"127.0.0.1:{metrics1},127.0.0.1:{metrics2}")
            cls.catalogue_port = catalogue
            wait_ready(cls.port)
        except BaseException:
            cls.stack.stop()
            raise
        cls.client = Client(cls.port)
        cls.rows = deliverables()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def assertProblem(self, response, status, parameter=None):
        code, headers, body = response
        self.assertEqual(code, status, body)
        self.assertEqual(headers["Content-Type"], "application/problem+json")
        problem = json.loads(body)
        self.assertEqual(problem["status"], status)
        self.assertTrue(problem["type"].startswith("urn:plan:problem:"))
        self.assertTrue(problem["title"])
        self.assertTrue(problem["detail"])
        self.assertEqual(problem["request_id"], headers["X-Request-Id"])
        if parameter:
            self.assertEqual(problem.get("parameter"), parameter, problem)
        return problem

    # Catalogue

    def test_programmes_paged_and_by_number(self):
        programmes = self.client.pages("/v1/programmes", "programmes", {"view": "basic"})
        self.assertEqual(len(programmes), 28)
        self.assertEqual([p["number"] for p in programmes], list(range(1, 29)))
        self.assertLessEqual({int(r["programme"]) for r in self.rows}, set(range(1, 29)))
        self.assertEqual(programmes[0]["parts"], [])
        full = self.client.json("/v1/programmes/6")
        self.assertEqual((full["id"], full["number"]), ("p6", 6))
        self.assertTrue(full["units"])
        self.assertEqual(self.client.json("/v1/programmes/p6", {"view": "basic"})["units"], [])
        self.assertProblem(self.client.get("/v1/programmes/p99"), 404)
        self.assertProblem(self.client.get("/v1/programmes", {"view": "most"}), 400, "view")

    def test_units_objectives_mandates(self):
        units = self.client.pages("/v1/units", "units", {"programme_id": "p6"})
        self.assertTrue(units and all(u["programme"] == 6 for u in units))
        unit = self.client.json(f"/v1/units/{units[0]['id']}")
        self.assertEqual(unit["id"], units[0]["id"])
        self.assertIn("table_ids", unit)
        kinds = self.client.pages("/v1/units", "units", {"kind": "office"})
        self.assertTrue(kinds and all(u["kind"] == "office" for u in kinds))
        self.assertProblem(self.client.get("/v1/units", {"kind": "team"}), 400, "kind")
        self.assertProblem(self.client.get("/v1/units/p6.sp99"), 404)
        objectives = self.client.pages("/v1/objectives", "objectives", {"programme_id": "p6"})
        self.assertTrue(objectives and all(o["programme"] == 6 and o["objective"]["text"] for o in objectives))
        first = self.client.json("/v1/mandates", {"page_size": 1})["mandates"][0]
        mandates = self.client.pages("/v1/mandates", "mandates", {"programme_id": f"p{first['programme']}"})
        self.assertTrue(mandates and all(m["programme"] == first["programme"] for m in mandates))
        symbol = next(m["mandate"]["symbols"][0] for m in mandates if m["mandate"]["symbols"])
        by_symbol = self.client.pages("/v1/mandates", "mandates", {"symbol": symbol})
        self.assertTrue(all(symbol in m["mandate"]["symbols"] for m in by_symbol))
        # Either form of a UN symbol finds the same mandates.
        printed = self.client.pages("/v1/mandates", "mandates", {"symbol": "70/1"})
        canonical = self.client.pages("/v1/mandates", "mandates", {"symbol": "A/RES/70/1"})
        self.assertTrue(printed and printed == canonical)
        self.assertTrue(all(m["mandate"]["canonical_symbols"] == ["A/RES/70/1"] for m in printed))

    def test_results(self):
        results = self.client.pages("/v1/results", "results", {"programme_id": "p6"})
        self.assertEqual(len(results), 8)
        self.assertEqual(results[0]["id"], "p6.sp1.result")
        cells = results[0]["performance"]["cells"]
        self.assertEqual([c["year"] for c in cells], [2018, 2019, 2020])
        self.assertEqual(cells[0]["text"], "重振后的驻地协调员制度缺乏东道国协定")
        one = self.client.json("/v1/results/p6.sp1.result")
        self.assertEqual(one, results[0])
        self.assertProblem(self.client.get("/v1/results/p6.sp99.result"), 404)
        self.assertEqual(self.client.pages("/v1/results", "results", {"programme_id": "p7"}), [])

    def test_tables_and_csv(self):
        tables = self.client.pages("/v1/tables", "tables", {"period": "2020", "view": "basic"})
        self.assertEqual(len(tables), 19)
        self.assertTrue(all(t["period"] == "2020" and t["rows"] == [] for t in tables))
        self.assertEqual(len(self.client.pages("/v1/tables", "tables", {"view": "basic"})), 141)
        table = self.client.json("/v1/tables/20.3")
        expected = [r for r in self.rows if r["table_id"] == "20.3"]
        self.assertEqual([r["id"] for r in table["rows"]], [f"20.3.r{i + 1}" for i in range(len(expected))])
        for row, record in zip(table["rows"], expected):
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                text = record[column]
                self.assertEqual(row[column], None if text == "" else (DASH if text == DASH else int(text)))
        code, headers, body = self.client.get("/v1/tables/20.3", headers={"Accept": "text/csv"})
        self.assertEqual(code, 200)
        self.assertTrue(headers["Content-Type"].startswith("text/csv"))
        lines = list(csv.DictReader(io.StringIO(body.decode())))
        self.assertEqual([r["planned_2020"] for r in lines], [r["planned_2020"] for r in expected])
        self.assertProblem(self.client.get("/v1/tables", {"period": "2021"}), 400, "period")

    def test_search(self):
        result = self.client.json("/v1/search", {"q": "会议", "page_size": 5})
        self.assertTrue(0 < len(result["hits"]) <= 5 and result["total_hits"] >= len(result["hits"]))
        self.assertIn("会议", result["hits"][0]["snippet"])
        scoped = self.client.json("/v1/search", {"q": "会议", "scope": "table,row"})
        self.assertTrue(all(h["location"]["scope"] in ("table", "row") for h in scoped["hits"]))
        self.assertProblem(self.client.get("/v1/search", {"q": "会议", "scope": "page"}), 400, "scope")
        self.assertProblem(self.client.get("/v1/search"), 400, "q")
        code, _, body = self.client.get("/v1/search", {"q": "会议", "format": "csv"})
        self.assertEqual(code, 200)
        self.assertEqual(body.decode().split("\r\n")[0], "score,scope,entity_id,field,programme,unit_id,line,snippet")

    # Metrics

    def test_aggregate_matches_planctl_sums(self):
        expected = defaultdict(lambda: [0, 0, 0, 0])
        for row in self.rows:
            if row["category"] != "A":
                continue
            cell = expected[(f"p{row['programme']}", row["measure_code"])]
            value = counted(row["planned_2020"])
            cell[1] += 1
            if value is not None:
                cell[0] += value
                cell[2] += 1
            cell[3] += row["planned_2020"] == DASH
        cells = self.client.pages(
            "/v1/metrics/aggregate", "cells",
            {"column": "planned_2020", "drilldown": "programme,measure", "cut": "category:A"})
        got = {
            (c["drilldown"][0]["key"], c.get("measure", "")): [c["sum"], c["count"], c["count_reported"], c["count_dashes"]]
            for c in cells
        }
        self.assertEqual(got, dict(expected))
        ordered = self.client.json(
            "/v1/metrics/aggregate", {"column": "planned_2020", "drilldown": "programme", "order": "-sum", "page_size": 100})
        sums = [c["sum"] for c in ordered["cells"]]
        self.assertEqual(sums, sorted(sums, reverse=True))
        code, _, body = self.client.get(
            "/v1/metrics/aggregate", {"column": "planned_2020", "drilldown": "programme", "page_size": 3},
            headers={"Accept": "text/csv"})
        self.assertEqual(code, 200)
        self.assertEqual(
            body.decode().split("\r\n")[0], "programme,programme_label,measure,sum,count,count_reported,count_dashes")
        for query, parameter in [
            ({"column": "planned_2021"}, "column"), ({}, "column"),
            ({"column": "planned_2020", "drilldown": "country"}, "drilldown"),
            ({"column": "planned_2020", "cut": "category"}, "cut"),
            ({"column": "planned_2020", "cut": "colour:A"}, "cut"),
            ({"column": "planned_2020", "order": "size"}, "order"),
            ({"column": "planned_2020", "page_size": "ten"}, "page_size"),
            ({"column": "planned_2020", "page_size": "-1"}, "page_size"),
            ({"column": "planned_2020", "pagesize": "1"}, "pagesize"),
        ]:
            self.assertProblem(self.client.get("/v1/metrics/aggregate", query), 400, parameter)

    def test_implementation_rate_change_rankings(self):
        planned, actual, compared = defaultdict(int), defaultdict(int), defaultdict(int)
        p19, p20, both = defaultdict(int), defaultdict(int), defaultdict(int)
        documents = defaultdict(int)
        for row in self.rows:
            measure = row["measure_code"]
            p, a = counted(row["planned_2018"]), counted(row["actual_2018"])
            if p is not None and a is not None:
                planned[measure] += p
                actual[measure] += a
                compared[measure] += 1
            x, y = counted(row["planned_2019"]), counted(row["planned_2020"])
            if x is not None and y is not None:
                p19[measure] += x
                p20[measure] += y
                both[measure] += 1
            if measure == "documents" and y is not None:
                documents[f"p{row['programme']}"] += y
        rates = self.client.pages("/v1/metrics/implementation-rate", "cells", {"year": 2018})
        for cell in rates:
            measure = cell.get("measure", "")
            self.assertEqual((cell["planned"], cell["actual"], cell["rows_compared"]),
                             (planned[measure], actual[measure], compared[measure]), measure)
            if cell["planned"]:
                self.assertAlmostEqual(cell["rate"], cell["actual"] / cell["planned"])
        self.assertProblem(self.client.get("/v1/metrics/implementation-rate", {"year": "2017"}), 400, "year")
        self.assertProblem(self.client.get("/v1/metrics/implementation-rate"), 400, "year")
        changes = self.client.pages("/v1/metrics/change", "cells")
        for cell in changes:
            measure = cell.get("measure", "")
            self.assertEqual((cell["planned_2019"], cell["planned_2020"], cell["rows_compared"]),
                             (p19[measure], p20[measure], both[measure]), measure)
            self.assertEqual(cell["difference"], cell["planned_2020"] - cell["planned_2019"])
        ranking = self.client.json(
            "/v1/metrics/rankings",
            {"by": "programme", "measure": "documents", "metric": "total", "column": "planned_2020", "limit": 5})
        self.assertEqual(len(ranking["entries"]), 5)
        top = sorted(documents.values(), reverse=True)[:5]
        self.assertEqual([e["value"] for e in ranking["entries"]], top)
        self.assertEqual(ranking["entries"][0]["item"]["key"], max(documents, key=documents.get))
        self.assertProblem(self.client.get(
            "/v1/metrics/rankings", {"by": "programme", "measure": "pages", "metric": "total"}), 400, "measure")
        self.assertProblem(self.client.get(
            "/v1/metrics/rankings", {"by": "programme", "measure": "documents", "metric": "total",
                                      "ascending": "yes"}), 400, "ascending")
        code, _, body = self.client.get(
            "/v1/metrics/rankings", {"by": "programme", "measure": "documents", "metric": "total",
                                      "column": "planned_2020", "format": "csv"})
        self.assertEqual(code, 200)
        self.assertEqual(body.decode().split("\r\n")[0], "rank,programme,programme_label,value,rows")

    def test_rows_stream_and_figures(self):
        everything = self.client.json("/v1/rows")["rows"]
        self.assertEqual(len(everything), len(self.rows))
        code, _, body = self.client.get("/v1/rows", {"cut": ["programme:p20", "category:B|C"], "format": "csv"})
        self.assertEqual(code, 200)
        streamed = list(csv.DictReader(io.StringIO(body.decode())))
        expected = [r for r in self.rows if r["programme"] == "20" and r["category"] in ("B", "C")]
        self.assertEqual(len(streamed), len(expected))
        for got, row in zip(streamed, expected):
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                self.assertEqual(got[column], row[column])
        figures = self.client.json("/v1/metrics/figures", {"table_id": "20.3"})["rows"]
        self.assertEqual(len(figures), len([r for r in self.rows if r["table_id"] == "20.3"]))
        self.assertProblem(self.client.get("/v1/metrics/figures"), 400, "table_id")
        self.assertProblem(self.client.get("/v1/metrics/figures", {"table_id": "20.3", "row_id": "20.3.r1"}), 400)
        self.assertProblem(self.client.get("/v1/metrics/figures", {"table_id": "99.9"}), 404)
        # A dash, a zero and a blank stay three different things, in JSON and CSV.
        kinds = {}
        for row in self.rows:
            for column in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                text = row[column]
                key = "dash" if text == DASH else "blank" if text == "" else "zero" if text == "0" else None
                if key and key not in kinds:
                    kinds[key] = (row, column)
        self.assertEqual(set(kinds), {"dash", "blank", "zero"})
        for key, (row, column) in kinds.items():
            row_id = f"{row['table_id']}.r"
            got = self.client.json("/v1/metrics/figures", {"table_id": row["table_id"]})["rows"]
            match = [g for g in got if g["row"]["line"] == int(row["line"])][0]
            self.assertEqual(match["row"][column], {"dash": DASH, "blank": None, "zero": 0}[key], (key, row_id))
            code, _, body = self.client.get(
                "/v1/metrics/figures", {"row_id": match["row"]["id"]}, headers={"Accept": "text/csv"})
            self.assertEqual(list(csv.DictReader(io.StringIO(body.decode())))[0][column], row[column])

    # Recording

    def test_record_actual_needs_token_then_shows_in_figures_and_history(self):
        body = {"row_id": "20.3.r4", "year": 2019, "value": 7, "reported_by": "http-test",
                "source_note": "A/75/6", "request_id": "http-test-record-1"}
        self.assertProblem(self.client.request("POST", "/v1/actuals", body=body), 401)
        self.assertProblem(
            self.client.request("POST", "/v1/actuals", body=body, headers={
                "Authorization": "Bearer not-the-token-at-all-sorry", "Content-Type": "application/json"}), 401)
        auth = {"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json", "X-Request-Id": "trace-me-42"}
        code, headers, answer = self.client.request("POST", "/v1/actuals", body=body, headers=auth)
        self.assertEqual(code, 201, answer)
        self.assertEqual(headers["X-Request-Id"], "trace-me-42")
        recording = json.loads(answer)
        self.assertEqual(recording["recording"]["value"], 7)
        self.assertFalse(recording["replayed"])
        code, _, again = self.client.request("POST", "/v1/actuals", body=body, headers=auth)
        self.assertEqual(code, 200)
        self.assertTrue(json.loads(again)["replayed"])
        figures = self.client.json("/v1/metrics/figures", {"row_id": "20.3.r4"})["rows"][0]
        self.assertEqual(figures["actual_2019"], 7)
        self.assertIsNone(figures["actual_2020"])
        dash = dict(body, year=2020, value=DASH, request_id="http-test-record-2")
        self.assertEqual(self.client.request("POST", "/v1/actuals", body=dash, headers=auth)[0], 201)
        self.assertEqual(self.client.json("/v1/metrics/figures", {"row_id": "20.3.r4"})["rows"][0]["actual_2020"], DASH)
        history = self.client.json("/v1/rows/20.3.r4/history")
        self.assertEqual([r["request_id"] for r in history["recordings"]], ["http-test-record-1", "http-test-record-2"])
        code, _, text = self.client.get("/v1/rows/20.3.r4/history", {"format": "csv"})
        self.assertEqual(list(csv.DictReader(io.StringIO(text.decode())))[1]["value"], DASH)
        # The request id reaches the metrics replica (its call log records failed calls).
        problem = self.assertProblem(
            self.client.get("/v1/rows/99.9.r1/history", headers={"X-Request-Id": "trace-me-43"}), 404)
        self.assertEqual(problem["request_id"], "trace-me-43")
        time.sleep(0.2)
        logs = ""
        for log in (self.metrics1_log, self.metrics2_log):
            with open(log) as file:
                logs += file.read()
        self.assertIn("request-id=trace-me-43", logs)
        # Bad bodies are refused naming the field.
        for bad, field in [(dict(body, year="2019"), "year"), (dict(body, value="many"), "value"),
                           (dict(body, colour="red"), "colour"), ({k: v for k, v in body.items() if k != "row_id"}, "row_id"),
                           ({k: v for k, v in body.items() if k != "value"}, "value")]:
            self.assertProblem(self.client.request("POST", "/v1/actuals", body=bad, headers=auth), 400, field)
        self.assertProblem(self.client.request("POST", "/v1/actuals", body=b"not json", headers=auth), 400)
        self.assertProblem(self.client.request(
            "POST", "/v1/actuals", body=dict(body, year=2018, request_id="http-test-3"), headers=auth), 400)
        self.assertProblem(self.client.request(
            "POST", "/v1/actuals", body={"row_id": "x" * 70_000}, headers=auth), 413)

    # Errors, ids, limits

    def test_unknown_routes_and_request_ids(self):
        self.assertProblem(self.client.get("/v1/nothing-here"), 404)
        self.assertProblem(self.client.get("/explorer/nothing-here.js"), 404)
        # `/` is the explorer, the page for people on this API.
        code, headers, page = self.client.get("/")
        self.assertEqual((code, headers["Content-Type"]), (200, "text/html; charset=utf-8"))
        self.assertIn(b'<script type="module" src="explorer/app.js">', page)
        code, headers, _ = self.client.get("/v1/programmes", headers={"X-Request-Id": "my-own-id-1"})
        self.assertEqual((code, headers["X-Request-Id"]), (200, "my-own-id-1"))
        code, headers, _ = self.client.get("/v1/programmes")
        self.assertRegex(headers["X-Request-Id"], r"^[0-9a-f]{32}$")
        self.assertProblem(self.client.get("/v1/programmes", headers={"X-Deadline-Ms": "soon"}), 400, "X-Deadline-Ms")
        self.assertEqual(self.client.get("/v1/programmes", headers={"X-Deadline-Ms": "5000"})[0], 200)

    def assert_stream_opens(self, path, query):
        """The event stream answers its head and its first field; it is not read to its end."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.request("GET", path + "?" + urllib.parse.urlencode(query))
            response = connection.getresponse()
            self.assertEqual((response.status, response.getheader("Content-Type")),
                             (200, "text/event-stream; charset=utf-8"), query)
            self.assertEqual(response.readline(), b"retry: 2000\n")
        finally:
            connection.close()

    def test_header_limit(self):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        try:
            connection.putrequest("GET", "/healthz")
            connection.putheader("X-Big", "a" * 40_000)
            connection.endheaders()
            status = connection.getresponse().status
        except (ConnectionError, http.client.HTTPException):
            status = None  # the server closed the connection
        finally:
            connection.close()
        self.assertIn(status, (None, 400, 431))
        self.assertEqual(self.client.get("/healthz")[0], 200)

    def test_health(self):
        self.assertEqual(self.client.json("/healthz")["status"], "ok")
        ready = self.client.json("/readyz")
        self.assertEqual(ready["status"], "ready")
        self.assertEqual([b["replicas"] for b in ready["backends"]], [1, 2])

    def test_openapi_document_matches_served_routes(self):
        document = self.client.json("/openapi.json")
        self.assertEqual(document["openapi"], "3.1.0")
        documented = {(path, method.upper()) for path, operations in document["paths"].items() for method in operations}
        expected = {
            ("/v1/programmes", "GET"), ("/v1/programmes/{programme_id}", "GET"), ("/v1/units", "GET"),
            ("/v1/units/{unit_id}", "GET"), ("/v1/objectives", "GET"), ("/v1/mandates", "GET"), ("/v1/results", "GET"),
            ("/v1/results/{result_id}", "GET"), ("/v1/tables", "GET"),
            ("/v1/tables/{table_id}", "GET"), ("/v1/search", "GET"), ("/v1/metrics/figures", "GET"),
            ("/v1/metrics/aggregate", "GET"), ("/v1/metrics/implementation-rate", "GET"), ("/v1/metrics/change", "GET"),
            ("/v1/metrics/rankings", "GET"), ("/v1/rows", "GET"), ("/v1/rows/{row_id}/history", "GET"),
            ("/v1/actuals", "POST"), ("/healthz", "GET"), ("/readyz", "GET"), ("/openapi.json", "GET"),
            ("/v1/recordings/stream", "GET"), ("/", "GET"), ("/explorer/{asset}", "GET"),
        }
        self.assertEqual(documented, expected)
        # Every documented operation is served, with every documented parameter accepted.
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                url, query = path, {}
                for parameter in operation["parameters"]:
                    if parameter["in"] == "path":
                        url = url.replace("{" + parameter["name"] + "}", parameter["example"])
                    elif parameter["in"] == "query" and "example" in parameter:
                        query[parameter["name"]] = parameter["example"]
                if path == "/v1/metrics/figures":
                    query.pop("row_id")
                if path == "/v1/recordings/stream":
                    self.assert_stream_opens(url, query)
                    continue
                headers = {"Authorization": f"Bearer {TOKEN}"} if method == "post" else {}
                body = {} if method == "post" else None
                code, _, answer = self.client.request(method.upper(), url, query or None, body=body, headers=headers)
                if code == 404:
                    self.assertNotIn("no such resource", answer.decode(), f"{method} {url} is not served")
                self.assertNotIn("unknown query parameter", answer.decode(), f"{method} {url} {query}")
                self.assertLess(code, 500, f"{method} {url} {query}: {answer[:300]!r}")
        # An undocumented method on a documented path is not served.
        code, _, _ = self.client.request("DELETE", "/v1/programmes")
        self.assertIn(code, (404, 405))


class RateLimitTests(unittest.TestCase):
    """A gateway with a small rate limit and a metrics backend that is down."""

    @classmethod
    def setUpClass(cls):
        cls.stack = Stack()
        try:
            (catalogue,), _ = cls.stack.start("catalogue", "plan-catalogue", "--port", "0")
            cls.port, _ = start_gateway(
                cls.stack, "limited", f"127.0.0.1:{catalogue}", "127.0.0.1:1", "--rate", "2", "--burst", "5")
        except BaseException:
            cls.stack.stop()
            raise

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def get(self, source, path):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10, source_address=(source, 0))
        try:
            connection.request("GET", path)
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def test_flood_from_one_client_is_limited_while_another_is_served(self):
        statuses = [self.get("127.0.0.1", "/v1/programmes?page_size=1") for _ in range(30)]
        limited = [s for s in statuses if s[0] == 429]
        self.assertTrue(limited, [s[0] for s in statuses])
        status, headers, body = limited[0]
        self.assertGreaterEqual(int(headers["Retry-After"]), 1)
        self.assertEqual(headers["Content-Type"], "application/problem+json")
        self.assertEqual(json.loads(body)["status"], 429)
        self.assertEqual(self.get("127.0.0.2", "/v1/programmes?page_size=1")[0], 200)
        self.assertEqual(self.get("127.0.0.1", "/healthz")[0], 200)

    def test_not_ready_without_metrics_and_503_for_metrics_calls(self):
        wait_ready(self.port, expected=503)
        status, _, body = self.get("127.0.0.3", "/readyz")
        ready = json.loads(body)
        self.assertEqual((status, ready["status"]), (503, "not_ready"))
        self.assertEqual([b["available"] for b in ready["backends"]], [1, 0])
        status, headers, body = self.get("127.0.0.3", "/v1/metrics/change")
        self.assertEqual(status, 503)
        self.assertEqual(headers["Content-Type"], "application/problem+json")


if __name__ == "__main__":
    BUILD = sys.argv.pop(1) if len(sys.argv) > 1 else ".build/debug"
    unittest.main(verbosity=1)
