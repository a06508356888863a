"""End-to-end tests of plan-gateway's binary front: real processes on loopback (plan-catalogue,
two plan-metrics replicas on one SQLite file, plan-gateway), called with the independent Python
PlanWire client.

What they pin: every method answers through the gateway exactly as the backend answers it
directly; request ids are assigned and returned; recording needs the bearer token; a replica
killed while reads stream through the gateway fails none of them; one client's flood is
refused with RESOURCE_EXHAUSTED while another client is served.
"""
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import planwire_client as pw  # noqa: E402
import plan_stack  # noqa: E402

UNAUTHENTICATED = 16
RESOURCE_EXHAUSTED = 8
NOT_FOUND = 5
CALL_TIMEOUT_MICROS = 15_000_000

catalogue = metrics = model = None
_protos = None


def setUpModule():
    global catalogue, metrics, model, _protos
    _protos = pw.GeneratedProtos(os.path.join(plan_stack.ROOT, "Protos"))
    catalogue = _protos.module("plan.v1.catalogue_pb2")
    metrics = _protos.module("plan.v1.metrics_pb2")
    model = _protos.module("plan.v1.model_pb2")


def tearDownModule():
    if _protos:
        _protos.remove()


def connect(testcase, port, **kwargs):
    conn = pw.PlanWireConnection("127.0.0.1", port, io_timeout=20, **kwargs)
    testcase.addCleanup(conn.close)
    return conn


class GatewayTestCase(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-gateway-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)

    def stack(self, **kwargs):
        stack = plan_stack.Stack(self.folder, **kwargs)
        self.addCleanup(stack.close)
        return stack


class ForwardingTests(GatewayTestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder_ = tempfile.mkdtemp(prefix="plan-gateway-")
        cls.stack_ = plan_stack.Stack(cls.folder_)

    @classmethod
    def tearDownClass(cls):
        cls.stack_.close()
        shutil.rmtree(cls.folder_, ignore_errors=True)

    def same_through_gateway(self, backend, method, request, response_cls):
        direct = connect(self, backend.port).call(method, [request], response_cls)
        through = connect(self, self.stack_.gateway.port).call(method, [request], response_cls)
        self.assertEqual(through.raw_responses, direct.raw_responses, method)
        return through

    def test_catalogue_methods_answer_as_the_catalogue_does(self):
        c = self.stack_.catalogue
        self.same_through_gateway(c, "/plan.v1.Catalogue/GetProgramme",
                                  catalogue.GetProgrammeRequest(programme_id="p6"), model.Programme)
        self.same_through_gateway(c, "/plan.v1.Catalogue/Search",
                                  catalogue.SearchRequest(query="海洋", page_size=5),
                                  catalogue.SearchResponse)
        total, token = 0, ""
        conn = connect(self, self.stack_.gateway.port)
        while True:
            page = conn.unary("/plan.v1.Catalogue/ListProgrammes",
                              catalogue.ListProgrammesRequest(page_size=10, page_token=token),
                              catalogue.ListProgrammesResponse)
            total += len(page.programmes)
            token = page.next_page_token
            if not token:
                break
        self.assertEqual(total, 28)

    def test_metrics_methods_answer_as_a_replica_does(self):
        m = self.stack_.metrics[0]
        request = metrics.AggregateRequest(
            column=metrics.FIGURE_COLUMN_PLANNED_2020,
            drilldowns=[metrics.DIMENSION_PROGRAMME, metrics.DIMENSION_MEASURE], page_size=50)
        through = self.same_through_gateway(m, "/plan.v1.Metrics/Aggregate", request,
                                            metrics.AggregateResponse)
        self.assertGreater(len(through.response.cells), 10)
        streamed = connect(self, self.stack_.gateway.port).call(
            "/plan.v1.Metrics/StreamRows",
            [metrics.StreamRowsRequest(cuts=[metrics.Cut(dimension=metrics.DIMENSION_PROGRAMME,
                                                         values=["p6"])])],
            metrics.RowFigures)
        direct = connect(self, m.port).call(
            "/plan.v1.Metrics/StreamRows",
            [metrics.StreamRowsRequest(cuts=[metrics.Cut(dimension=metrics.DIMENSION_PROGRAMME,
                                                         values=["p6"])])],
            metrics.RowFigures)
        self.assertGreater(len(streamed.responses), 5)
        self.assertEqual(streamed.raw_responses, direct.raw_responses)
        # StreamRowBatches: the same rows in the same order, at most 128 a message, none empty.
        everything = connect(self, self.stack_.gateway.port).call(
            "/plan.v1.Metrics/StreamRows", [metrics.StreamRowsRequest()], metrics.RowFigures)
        batched = self.same_through_gateway(m, "/plan.v1.Metrics/StreamRowBatches",
                                            metrics.StreamRowsRequest(), metrics.RowBatch)
        self.assertGreater(len(batched.responses), 1)
        self.assertTrue(all(1 <= len(batch.rows) <= 128 for batch in batched.responses))
        self.assertEqual([row for batch in batched.responses for row in batch.rows], everything.responses)

    def test_errors_come_back_with_their_code_and_message(self):
        with self.assertRaises(pw.PlanWireError) as cm:
            connect(self, self.stack_.gateway.port).unary(
                "/plan.v1.Catalogue/GetProgramme", catalogue.GetProgrammeRequest(programme_id="p99"),
                model.Programme)
        self.assertEqual(cm.exception.code, NOT_FOUND)
        self.assertIn("99", cm.exception.message)

    def test_errors_return_the_request_id_too(self):
        conn = connect(self, self.stack_.gateway.port)
        for metadata in ([("x-request-id", "trace-the-error")], []):
            with self.assertRaises(pw.PlanWireError) as cm:
                conn.unary("/plan.v1.Catalogue/GetProgramme", catalogue.GetProgrammeRequest(programme_id="p99"),
                           model.Programme, metadata=metadata)
            self.assertEqual(cm.exception.code, NOT_FOUND)
            ids = [v for k, v in cm.exception.metadata if k == "x-request-id"]
            self.assertEqual(len(ids), 1, cm.exception.metadata)
            if metadata:
                self.assertEqual(ids[0], "trace-the-error")
            else:
                self.assertRegex(ids[0], r"^[0-9a-f]{32}$")

    def test_request_ids_are_assigned_or_kept_and_returned(self):
        conn = connect(self, self.stack_.gateway.port)
        given = conn.call("/plan.v1.Catalogue/GetProgramme", [catalogue.GetProgrammeRequest(programme_id="p1")],
                          model.Programme, metadata=[("x-request-id", "trace-me-42")])
        self.assertIn(("x-request-id", "trace-me-42"), given.initial_metadata)
        assigned = conn.call("/plan.v1.Catalogue/GetProgramme", [catalogue.GetProgrammeRequest(programme_id="p1")],
                             model.Programme)
        ids = [v for k, v in assigned.initial_metadata if k == "x-request-id"]
        self.assertEqual(len(ids), 1)
        self.assertRegex(ids[0], r"^[0-9a-f]{32}$")

    def test_recording_needs_the_token_and_is_seen_by_every_replica(self):
        conn = connect(self, self.stack_.gateway.port)
        request = metrics.RecordActualRequest(
            row_id="20.3.r4", year=2019, value=model.Figure(number=17), reported_by="gateway test",
            source_note="e2e", request_id="gw-record-1")
        for headers in ([], [("authorization", "Bearer wrong-token-wrong-token")]):
            with self.assertRaises(pw.PlanWireError) as cm:
                conn.unary("/plan.v1.Metrics/RecordActual", request, metrics.RecordActualResponse,
                           metadata=headers)
            self.assertEqual(cm.exception.code, UNAUTHENTICATED)
        auth = [("authorization", "Bearer " + plan_stack.WRITE_TOKEN)]
        answer = conn.unary("/plan.v1.Metrics/RecordActual", request, metrics.RecordActualResponse,
                            metadata=auth)
        self.assertFalse(answer.replayed)
        # Both replicas (asked directly) report the recorded figure at once.
        for replica in self.stack_.metrics:
            figures = connect(self, replica.port).unary(
                "/plan.v1.Metrics/GetFigures", metrics.GetFiguresRequest(row_id="20.3.r4"),
                metrics.GetFiguresResponse)
            self.assertEqual(figures.rows[0].actual_2019.number, 17)


def read_through(gateway_port, request, expected, duration_event, results, lock, marker):
    """Reads Aggregate through the gateway until `duration_event` is set, counting answers
    (those after `marker` is set apart) and recording every failure."""
    conn = pw.PlanWireConnection("127.0.0.1", gateway_port, io_timeout=20)
    try:
        while not duration_event.is_set():
            try:
                answer = conn.unary("/plan.v1.Metrics/Aggregate", request, metrics.AggregateResponse,
                                    timeout_micros=CALL_TIMEOUT_MICROS)
                with lock:
                    if answer != expected:
                        results["failures"].append("a different answer")
                    results["ok"] += 1
                    if marker.is_set():
                        results["after"] += 1
            except Exception as e:  # any failure of a read is what these tests forbid
                with lock:
                    results["failures"].append(repr(e))
    finally:
        conn.close()


class FailoverTests(GatewayTestCase):
    def test_a_replica_killed_during_reads_fails_no_read(self):
        stack = self.stack()
        request = metrics.AggregateRequest(
            column=metrics.FIGURE_COLUMN_ACTUAL_2018,
            drilldowns=[metrics.DIMENSION_CATEGORY, metrics.DIMENSION_MEASURE])
        expected = connect(self, stack.metrics[1].port).unary(
            "/plan.v1.Metrics/Aggregate", request, metrics.AggregateResponse)
        stop, killed, lock = threading.Event(), threading.Event(), threading.Lock()
        results = {"ok": 0, "after": 0, "failures": []}
        threads = [threading.Thread(target=read_through, args=(
            stack.gateway.port, request, expected, stop, results, lock, killed)) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.0)
            stack.metrics[0].signal(signal.SIGKILL)
            killed.set()
            time.sleep(2.0)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
        self.assertEqual(results["failures"], [])
        self.assertGreater(results["ok"], 40)
        self.assertGreater(results["after"], 20)


class LifecycleTests(GatewayTestCase):
    def test_sigterm_to_a_replica_during_reads_fails_no_call_and_it_exits_zero_in_its_grace_period(self):
        stack = self.stack()
        request = metrics.AggregateRequest(
            column=metrics.FIGURE_COLUMN_PLANNED_2019,
            drilldowns=[metrics.DIMENSION_PROGRAMME, metrics.DIMENSION_MEASURE], page_size=100)
        expected = connect(self, stack.metrics[1].port).unary(
            "/plan.v1.Metrics/Aggregate", request, metrics.AggregateResponse)
        stop, signalled, lock = threading.Event(), threading.Event(), threading.Lock()
        results = {"ok": 0, "after": 0, "failures": []}
        threads = [threading.Thread(target=read_through, args=(
            stack.gateway.port, request, expected, stop, results, lock, signalled)) for _ in range(4)]
        for t in threads:
            t.start()
        try:
            time.sleep(1.0)
            started = time.monotonic()
            stack.metrics[0].signal(signal.SIGTERM)
            signalled.set()
            status = stack.metrics[0].wait(timeout=30)
            exited_after = time.monotonic() - started
            time.sleep(1.0)
        finally:
            stop.set()
            for t in threads:
                t.join(timeout=60)
        self.assertEqual(status, 0)
        self.assertLess(exited_after, 20.0, "the default grace period is 20 s")
        self.assertIn("draining: NOT_SERVING", stack.metrics[0].log())
        self.assertEqual(results["failures"], [])
        self.assertGreater(results["after"], 20)


class RateLimitTests(GatewayTestCase):
    def test_a_flood_from_one_client_is_refused_while_another_is_served(self):
        stack = self.stack(replicas=1, gateway_arguments=["--rate", "20", "--burst", "20"])
        request = catalogue.GetProgrammeRequest(programme_id="p2")
        flooder = connect(self, stack.gateway.port)
        codes = []
        for _ in range(60):
            result = flooder.call("/plan.v1.Catalogue/GetProgramme", [request], model.Programme,
                                  raise_on_error=False)
            codes.append(result.code)
        self.assertIn(RESOURCE_EXHAUSTED, codes)
        self.assertGreaterEqual(codes.count(0), 20)
        refused = flooder.call("/plan.v1.Catalogue/GetProgramme", [request], model.Programme,
                               raise_on_error=False)
        if refused.code == RESOURCE_EXHAUSTED:
            self.assertIn("rate limit", refused.trailers.message)
        # Another client (another source address) is served meanwhile.
        other = connect(self, stack.gateway.port, source_address=("127.0.0.2", 0))
        for _ in range(10):
            self.assertEqual(other.unary("/plan.v1.Catalogue/GetProgramme", request,
                                         model.Programme).number, 2)


if __name__ == "__main__":
    unittest.main(verbosity=2)
