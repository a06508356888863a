"""Durability and concurrency of recorded actuals, tested against the real plan-metrics process
over PlanWire with the independent Python client.

* Killing plan-metrics with SIGKILL while recordings stream in loses no acknowledged recording:
  after a restart on the same database every acknowledged recording is there, unchanged.
* Concurrent recordings of one row and year are all kept, once each, in a strict order whose
  `previous` chain is consistent, and the figure is the one of the highest sequence.
* RecordActual is idempotent by request_id, also for concurrent duplicates and across a
  restart.
* Bad requests get INVALID_ARGUMENT naming the field, record nothing, and the server serves on.

Run with scripts/test-python-client.sh, or directly:

    python -m unittest discover -s Tests/python -p 'test_metrics_durability.py' -v

Environment:
  PLAN_METRICS_BIN    the server executable (default: .build/debug/plan-metrics)
  PLANWIRE_PROTO_OUT  a directory with the generated *_pb2.py (default: generated here, into a
                      temporary directory, with protoc -I Protos)
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
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import planwire_client as pw  # noqa: E402
import plan_stack  # noqa: E402

INVALID_ARGUMENT = 3

RECORD = "/plan.v1.Metrics/RecordActual"
# plan-metrics checks the write token itself (PLAN_WRITE_TOKEN): every recording carries it.
AUTHORIZATION = [("authorization", "Bearer " + plan_stack.WRITE_TOKEN)]
HISTORY = "/plan.v1.Metrics/RowHistory"
FIGURES = "/plan.v1.Metrics/GetFigures"
STREAM_ROWS = "/plan.v1.Metrics/StreamRows"
HEALTH_CHECK = "/grpc.health.v1.Health/Check"

# Generous: the machine running the tests may be small and busy.
IO_TIMEOUT = 20.0
CALL_TIMEOUT_MICROS = 15_000_000

wire = metrics = model = health = None
_generated_dir = None
_owned_generated_dir = False


def setUpModule():
    global wire, metrics, model, health, _generated_dir, _owned_generated_dir
    _generated_dir = os.environ.get("PLANWIRE_PROTO_OUT")
    if not _generated_dir:
        _generated_dir = tempfile.mkdtemp(prefix="planwire-pb2-")
        _owned_generated_dir = True
        pw.generate_protos(os.path.join(ROOT, "Protos"), _generated_dir)
    wire = pw.load_protos(_generated_dir)
    metrics = pw.import_generated(_generated_dir, "plan.v1.metrics_pb2")
    model = pw.import_generated(_generated_dir, "plan.v1.model_pb2")
    health = pw.import_generated(_generated_dir, "grpc.health.v1.health_pb2")


def tearDownModule():
    if _owned_generated_dir and _generated_dir:
        shutil.rmtree(_generated_dir, ignore_errors=True)


# --- The process --------------------------------------------------------------------------------


class MetricsProcess(plan_stack.ServerProcess):
    """plan-metrics --port 0 --database DATABASE, its stderr in `log_path` (plan_stack's process)."""

    def __init__(self, database, log_path):
        super().__init__("plan-metrics", ["--port", "0", "--database", database],
                         os.path.dirname(log_path), log_path=log_path,
                         env={"PLAN_WRITE_TOKEN": plan_stack.WRITE_TOKEN})
        self.host = self.addresses["binary"][0]

    def stderr_text(self):
        return self.log()

    def sigkill(self):
        self.signal(signal.SIGKILL)


# --- Helpers ------------------------------------------------------------------------------------


def figure(value):
    """A Figure from an int (a number), "-" (a dash) or None (a blank)."""
    if value is None:
        return model.Figure(blank=model.Figure.Blank())
    if value == "-":
        return model.Figure(dash=model.Figure.Dash())
    return model.Figure(number=value)


def figure_key(f):
    """A comparable form of a Figure; a Figure with nothing set counts as blank."""
    which = f.WhichOneof("value")
    if which == "number":
        return ("number", f.number)
    if which == "dash":
        return ("dash",)
    return ("blank",)


def connection_failure(exc):
    """True for what a call gets when the server goes away under it."""
    if isinstance(exc, (OSError, pw.ProtocolError)):  # includes TimeoutError, resets, EPIPE
        return True
    return isinstance(exc, pw.PlanWireError) and exc.code == pw.UNAVAILABLE


class MetricsTestCase(unittest.TestCase):
    """A temporary folder per test and helpers to start plan-metrics and call it."""

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-metrics-durability-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.database = os.path.join(self.folder, "metrics.sqlite")
        self.log_path = os.path.join(self.folder, "plan-metrics.stderr")

    def start_server(self):
        server = MetricsProcess(self.database, self.log_path)
        # Killed even if the test fails or hangs on an assertion.
        self.addCleanup(server.kill)
        return server

    def connect(self, server):
        conn = pw.PlanWireConnection(server.host, server.port, io_timeout=IO_TIMEOUT)
        self.addCleanup(conn.close)
        return conn

    @staticmethod
    def record(conn, row_id, year, value, request_id, reported_by="durability test",
               source_note="", **kwargs):
        request = metrics.RecordActualRequest(row_id=row_id, year=year, value=figure(value),
                                              reported_by=reported_by, source_note=source_note,
                                              request_id=request_id)
        return request, conn.unary(RECORD, request, metrics.RecordActualResponse,
                                   timeout_micros=CALL_TIMEOUT_MICROS, metadata=AUTHORIZATION, **kwargs)

    @staticmethod
    def history(conn, row_id):
        """Every recording of a row (all pages), and the last page's `current`."""
        recordings, token, current, pages = [], "", None, 0
        while True:
            response = conn.unary(HISTORY, metrics.RowHistoryRequest(row_id=row_id, page_size=100,
                                                                     page_token=token),
                                  metrics.RowHistoryResponse, timeout_micros=CALL_TIMEOUT_MICROS)
            recordings.extend(response.recordings)
            current = response.current
            token = response.next_page_token
            pages += 1
            if not token:
                return recordings, current
            if pages > 1000:
                raise AssertionError("RowHistory of %s does not end" % row_id)

    @staticmethod
    def stream_rows(conn):
        """Every row with its figures, by row id."""
        result = conn.call(STREAM_ROWS, [metrics.StreamRowsRequest()], metrics.RowFigures,
                           timeout_micros=CALL_TIMEOUT_MICROS)
        return {r.row.id: r for r in result.responses}

    @staticmethod
    def figures_of_row(conn, row_id):
        response = conn.unary(FIGURES, metrics.GetFiguresRequest(row_id=row_id),
                              metrics.GetFiguresResponse, timeout_micros=CALL_TIMEOUT_MICROS)
        assert len(response.rows) == 1, response
        return response.rows[0]

    def row_ids(self, conn):
        rows = list(self.stream_rows(conn))
        self.assertGreater(len(rows), 100, "StreamRows returned too few rows")
        self.assertIn("20.3.r4", rows)
        return rows

    def assert_serving(self, conn):
        response = conn.unary(HEALTH_CHECK, health.HealthCheckRequest(service="plan.v1.Metrics"),
                              health.HealthCheckResponse, timeout_micros=CALL_TIMEOUT_MICROS)
        self.assertEqual(response.status, health.HealthCheckResponse.SERVING)


# --- 1. SIGKILL during a stream of recordings ---------------------------------------------------


class KillDuringRecordingTests(MetricsTestCase):
    WRITERS = 4
    ROWS = 160  # × 2 years, split among the writers; they cycle, so later rounds are corrections
    KILL_AFTER_ACKS = 80
    KILL_AFTER_SECONDS = 0.75  # of recordings, at least
    KILL_DEADLINE = 60.0  # kill by then whatever the count
    MIN_ACKS = 20

    def test_sigkill_loses_no_acknowledged_recording(self):
        first = self.start_server()
        rows = self.row_ids(self.connect(first))[:self.ROWS]
        pairs = [(row, year) for row in rows for year in (2019, 2020)]
        shares = [pairs[i::self.WRITERS] for i in range(self.WRITERS)]

        lock = threading.Lock()
        acked = []  # (request, recording) in the order of the answers
        acked_count = [0]
        unanswered = {}  # writer -> the request that got no answer (its last)
        unexpected = []  # non-OK answers while the server was alive, and other surprises
        stop = threading.Event()  # the safety stop if the kill never comes
        started = threading.Barrier(self.WRITERS + 1, timeout=60)
        conns = [self.connect(first) for _ in range(self.WRITERS)]

        def writer(n):
            conn, share, i = conns[n], shares[n], 0
            try:
                started.wait()
            except threading.BrokenBarrierError:
                return
            while not stop.is_set():
                row, year = share[i % len(share)]
                # Mostly numbers, some dashes and blanks (a blank withdraws the figure).
                value = "-" if i % 13 == 5 else None if i % 17 == 9 else (n + 1) * 100_000 + i
                request_id = "kill-w%d-%d" % (n, i)
                request = None
                try:
                    request, response = self.record(
                        conn, row, year, value, request_id, reported_by="writer %d" % n,
                        source_note="kill test round %d" % (i // len(share)))
                except Exception as e:  # noqa: BLE001 - sorted out below
                    request = metrics.RecordActualRequest(
                        row_id=row, year=year, value=figure(value), reported_by="writer %d" % n,
                        source_note="kill test round %d" % (i // len(share)),
                        request_id=request_id)
                    with lock:
                        unanswered[n] = request
                        if not connection_failure(e):
                            unexpected.append("%s: %r" % (request_id, e))
                    return
                with lock:
                    if response.replayed:
                        unexpected.append("%s: replayed on its first sending" % request_id)
                    acked.append((request, response.recording))
                    acked_count[0] += 1
                i += 1

        threads = [threading.Thread(target=writer, args=(n,), daemon=True)
                   for n in range(self.WRITERS)]
        for t in threads:
            t.start()
        killed_at = None
        try:
            started.wait()
            began = time.monotonic()
            while True:
                time.sleep(0.01)
                elapsed = time.monotonic() - began
                with lock:
                    count, failures = acked_count[0], len(unanswered)
                if failures:
                    break  # a writer stopped early: kill now, the checks below say why
                if (count >= self.KILL_AFTER_ACKS and elapsed >= self.KILL_AFTER_SECONDS) \
                        or elapsed >= self.KILL_DEADLINE:
                    break
            self.assertIsNone(first.proc.poll(), "plan-metrics exited before the kill: %s"
                              % first.stderr_text())
            first.sigkill()
            killed_at = time.monotonic()
        finally:
            if killed_at is None:
                stop.set()  # not killed: stop the writers rather than leave them running
            for t in threads:
                t.join(timeout=IO_TIMEOUT + 10)
        self.assertFalse(any(t.is_alive() for t in threads), "a writer hangs after the kill")
        self.assertEqual(first.wait(timeout=30), -signal.SIGKILL)
        with lock:
            acked_at_kill = len(acked)
        self.assertEqual(unexpected, [], "answers other than OK or a closed connection")
        # Every writer runs until its connection fails: its last call was in flight at the kill.
        self.assertEqual(sorted(unanswered), list(range(self.WRITERS)),
                         "every writer should have had a call in flight at the kill")
        self.assertGreaterEqual(acked_at_kill, self.MIN_ACKS,
                                "too few recordings acknowledged before the kill to prove much")
        sys.stderr.write("\n  [kill test] %d recordings acknowledged by %d writers in %.2f s "
                         "before SIGKILL; %d calls in flight without an answer\n"
                         % (acked_at_kill, self.WRITERS, killed_at - began, len(unanswered)))

        # Restart on the same database.
        second = self.start_server()
        conn = self.connect(second)
        by_pair = {}
        for request, recording in acked:
            by_pair.setdefault((request.row_id, request.year), []).append((request, recording))
        in_flight = {(r.row_id, r.year): r for r in unanswered.values()}
        touched_rows = sorted({row for row, _ in by_pair} | {row for row, _ in in_flight})
        current_rows = self.stream_rows(conn)
        max_sequence = 0
        present_in_flight = 0
        for row in touched_rows:
            recordings, current = self.history(conn, row)
            sequences = [r.sequence for r in recordings]
            self.assertEqual(sequences, sorted(set(sequences)),
                             "%s: sequences not strictly increasing" % row)
            max_sequence = max([max_sequence] + sequences)
            for year in (2019, 2020):
                stored = [r for r in recordings if r.year == year]
                expected = by_pair.get((row, year), [])
                # Every acknowledged recording, unchanged (sequence, value, previous, reporter,
                # note, request id, time), in the order it was acknowledged.
                self.assertEqual([r for _, r in expected], stored[:len(expected)],
                                 "%s %d: acknowledged recordings lost or changed" % (row, year))
                extra = stored[len(expected):]
                # Beyond them at most the call in flight at the kill, which may or may not be in.
                pending = in_flight.get((row, year))
                if extra:
                    self.assertEqual(len(extra), 1, "%s %d: unknown recordings %r"
                                     % (row, year, extra))
                    self.assertIsNotNone(pending, "%s %d: a recording nobody sent: %r"
                                         % (row, year, extra[0]))
                    self.assertEqual(extra[0].request_id, pending.request_id)
                    self.assertEqual(figure_key(extra[0].value), figure_key(pending.value))
                    self.assertEqual(extra[0].reported_by, pending.reported_by)
                    present_in_flight += 1
                # The current figure is the one of the last recording.
                want = figure_key(stored[-1].value) if stored else ("blank",)
                self.assertEqual(figure_key(getattr(current, "actual_%d" % year)), want,
                                 "%s %d: RowHistory's current figure" % (row, year))
                self.assertEqual(figure_key(getattr(current_rows[row], "actual_%d" % year)), want,
                                 "%s %d: StreamRows' figure" % (row, year))
        sys.stderr.write("  [kill test] after the restart: all %d acknowledged recordings "
                         "present; %d of %d unanswered ones were recorded\n"
                         % (len(acked), present_in_flight, len(in_flight)))

        # Replaying acknowledged requests after the restart records nothing new.
        for request, recording in (acked[0], acked[-1]):
            response = conn.unary(RECORD, request, metrics.RecordActualResponse,
                                  timeout_micros=CALL_TIMEOUT_MICROS, metadata=AUTHORIZATION)
            self.assertTrue(response.replayed, request.request_id)
            self.assertEqual(response.recording, recording)
        # A new recording after the restart continues the log.
        _, response = self.record(conn, rows[0], 2019, 7, "after-restart")
        self.assertFalse(response.replayed)
        self.assertGreater(response.recording.sequence, max_sequence)


# --- 2. Concurrent recordings of one row and year -----------------------------------------------


class ConcurrentSameRowTests(MetricsTestCase):
    WRITERS = 6
    PER_WRITER = 15
    ROW = "20.3.r4"
    YEAR = 2020

    def test_concurrent_corrections_of_one_row_are_all_kept_in_order(self):
        server = self.start_server()
        conns = [self.connect(server) for _ in range(self.WRITERS)]
        lock = threading.Lock()
        acked, errors = [], []
        barrier = threading.Barrier(self.WRITERS, timeout=60)

        def writer(n):
            try:
                barrier.wait()
                for i in range(self.PER_WRITER):
                    request, response = self.record(
                        conns[n], self.ROW, self.YEAR, 1000 * (n + 1) + i, "same-w%d-%d" % (n, i),
                        reported_by="writer %d" % n, source_note="correction %d" % i)
                    with lock:
                        acked.append((request, response))
            except Exception as e:  # noqa: BLE001 - reported by the test
                with lock:
                    errors.append("writer %d: %r" % (n, e))

        threads = [threading.Thread(target=writer, args=(n,), daemon=True)
                   for n in range(self.WRITERS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertFalse(any(t.is_alive() for t in threads), "a writer hangs")
        self.assertEqual(errors, [])
        self.assertEqual(len(acked), self.WRITERS * self.PER_WRITER)
        self.assertFalse(any(response.replayed for _, response in acked))
        sequences = [response.recording.sequence for _, response in acked]
        self.assertEqual(len(set(sequences)), len(sequences), "two recordings share a sequence")

        conn = self.connect(server)
        recordings, current = self.history(conn, self.ROW)
        stored = [r for r in recordings if r.year == self.YEAR]
        ids = [r.request_id for r in stored]
        self.assertEqual(len(ids), len(set(ids)), "a recording is listed twice")
        self.assertEqual(sorted(ids), sorted(req.request_id for req, _ in acked),
                         "RowHistory does not list exactly the acknowledged recordings")
        self.assertEqual([r.sequence for r in stored], sorted(set(r.sequence for r in stored)),
                         "sequences not strictly increasing")
        by_id = {req.request_id: (req, response.recording) for req, response in acked}
        for r in stored:
            request, recording = by_id[r.request_id]
            self.assertEqual(r, recording, "the history differs from the acknowledgement")
            self.assertEqual(figure_key(r.value), figure_key(request.value))
            self.assertEqual(r.reported_by, request.reported_by)
            self.assertEqual(r.source_note, request.source_note)
        # Serialized: each recording's previous is the figure of the one before it.
        self.assertEqual(figure_key(stored[0].previous), ("blank",))
        for before, after in zip(stored, stored[1:]):
            self.assertEqual(figure_key(after.previous), figure_key(before.value),
                             "recording %d's previous is not recording %d's value"
                             % (after.sequence, before.sequence))
        # Each writer's own recordings keep the order it made them in.
        for n in range(self.WRITERS):
            mine = [r.request_id for r in stored if r.request_id.startswith("same-w%d-" % n)]
            self.assertEqual(mine, ["same-w%d-%d" % (n, i) for i in range(self.PER_WRITER)])

        latest = max(stored, key=lambda r: r.sequence)
        self.assertEqual(figure_key(current.actual_2020), figure_key(latest.value))
        self.assertEqual(figure_key(self.figures_of_row(conn, self.ROW).actual_2020),
                         figure_key(latest.value))
        self.assertEqual(figure_key(self.figures_of_row(conn, self.ROW).actual_2019), ("blank",))


# --- 3. Idempotency by request_id ---------------------------------------------------------------


class IdempotencyTests(MetricsTestCase):
    ROW = "20.3.r4"

    def test_same_request_id_records_once_also_across_a_restart(self):
        server = self.start_server()
        conn = self.connect(server)
        _, first = self.record(conn, self.ROW, 2019, 41, "idem-1", reported_by="ada",
                               source_note="A/75/6 (Sect. 20)")
        self.assertFalse(first.replayed)
        self.assertEqual(figure_key(first.recording.value), ("number", 41))
        self.assertEqual(first.recording.request_id, "idem-1")
        self.assertEqual(first.recording.reported_by, "ada")

        _, again = self.record(conn, self.ROW, 2019, 41, "idem-1", reported_by="ada",
                               source_note="A/75/6 (Sect. 20)")
        self.assertTrue(again.replayed)
        self.assertEqual(again.recording, first.recording)
        # The same id with another request is refused, naming request_id: nothing new is recorded.
        with self.assertRaises(pw.PlanWireError) as cm:
            self.record(conn, self.ROW, 2019, 99, "idem-1", reported_by="bob")
        self.assertEqual(cm.exception.code, INVALID_ARGUMENT)
        self.assertIn("request_id: 'idem-1' was already used for a different recording", cm.exception.message)

        recordings, current = self.history(conn, self.ROW)
        self.assertEqual([r.request_id for r in recordings], ["idem-1"])
        self.assertEqual(recordings[0], first.recording)
        self.assertEqual(figure_key(current.actual_2019), ("number", 41))

        # Concurrent duplicates: one of them records, the others are replays of it.
        lock, answers, errors = threading.Lock(), [], []
        conns = [self.connect(server) for _ in range(5)]
        barrier = threading.Barrier(len(conns), timeout=60)

        def duplicate(c):
            try:
                barrier.wait()
                _, response = self.record(c, self.ROW, 2020, 12, "idem-concurrent",
                                          reported_by="race")
                with lock:
                    answers.append(response)
            except Exception as e:  # noqa: BLE001 - reported by the test
                with lock:
                    errors.append(repr(e))

        threads = [threading.Thread(target=duplicate, args=(c,), daemon=True) for c in conns]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=120)
        self.assertFalse(any(t.is_alive() for t in threads), "a caller hangs")
        self.assertEqual(errors, [])
        self.assertEqual(sorted(a.replayed for a in answers), [False] + [True] * 4)
        self.assertEqual(len({a.recording.SerializeToString(deterministic=True)
                              for a in answers}), 1, "the replays differ from the recording")
        concurrent_recording = answers[0].recording

        recordings, _ = self.history(conn, self.ROW)
        self.assertEqual([r.request_id for r in recordings], ["idem-1", "idem-concurrent"])

        # Across a restart on the same database.
        server.kill()
        second = self.start_server()
        conn = self.connect(second)
        _, after = self.record(conn, self.ROW, 2019, 41, "idem-1", reported_by="ada",
                               source_note="A/75/6 (Sect. 20)")
        self.assertTrue(after.replayed)
        self.assertEqual(after.recording, first.recording)
        _, after = self.record(conn, self.ROW, 2020, 12, "idem-concurrent", reported_by="race")
        self.assertTrue(after.replayed)
        self.assertEqual(after.recording, concurrent_recording)
        recordings, current = self.history(conn, self.ROW)
        self.assertEqual([r.request_id for r in recordings], ["idem-1", "idem-concurrent"])
        self.assertEqual(figure_key(current.actual_2019), ("number", 41))
        self.assertEqual(figure_key(current.actual_2020), ("number", 12))


# --- 4. Bad input -------------------------------------------------------------------------------


class BadInputTests(MetricsTestCase):
    ROW = "20.3.r4"

    def assert_invalid(self, conn, field, **overrides):
        arguments = dict(row_id=self.ROW, year=2019, value=5, request_id="bad-" + field,
                         reported_by="durability test")
        arguments.update(overrides)
        request = metrics.RecordActualRequest(
            row_id=arguments["row_id"], year=arguments["year"], value=figure(arguments["value"]),
            reported_by=arguments["reported_by"], request_id=arguments["request_id"])
        with self.assertRaises(pw.PlanWireError) as cm:
            conn.unary(RECORD, request, metrics.RecordActualResponse,
                       timeout_micros=CALL_TIMEOUT_MICROS, metadata=AUTHORIZATION)
        self.assertEqual(cm.exception.code, INVALID_ARGUMENT,
                         "%s: %s" % (field, cm.exception))
        self.assertIn(field, cm.exception.message)
        return cm.exception.message

    def test_bad_requests_are_invalid_argument_naming_the_field(self):
        server = self.start_server()
        conn = self.connect(server)
        # The request's form is checked first (INVALID_ARGUMENT naming the field), then the row:
        # NOT_FOUND naming row_id, as the reading calls answer for an unknown row.
        self.assert_invalid(conn, "year", row_id="20.3.r999", year=2018, request_id="bad-both")
        message = self.assert_invalid(conn, "year", year=2018)
        self.assertIn("2018", message)
        self.assert_invalid(conn, "year", year=2021, request_id="bad-year-2021")
        self.assert_invalid(conn, "year", year=0, request_id="bad-year-0")
        message = self.assert_invalid(conn, "value", value=-1)
        self.assertIn("-1", message)
        self.assert_invalid(conn, "value", value=10_000_001, request_id="bad-value-big")
        self.assert_invalid(conn, "request_id", request_id="")
        self.assert_invalid(conn, "row_id", row_id="", request_id="bad-row-empty")
        self.assert_invalid(conn, "reported_by", reported_by="  ", request_id="bad-reporter")

        # Every call answers NOT_FOUND for an unknown row, the recording too.
        for method, request, response_cls in (
                (RECORD, metrics.RecordActualRequest(
                    row_id="20.3.r999", year=2019, value=figure(1), reported_by="test",
                    request_id="unknown-row"), metrics.RecordActualResponse),
                (HISTORY, metrics.RowHistoryRequest(row_id="20.3.r999"),
                 metrics.RowHistoryResponse),
                (FIGURES, metrics.GetFiguresRequest(row_id="20.3.r999"),
                 metrics.GetFiguresResponse)):
            with self.assertRaises(pw.PlanWireError) as cm:
                conn.unary(method, request, response_cls, timeout_micros=CALL_TIMEOUT_MICROS,
                           metadata=AUTHORIZATION)
            self.assertEqual(cm.exception.code, pw.NOT_FOUND, method)
            self.assertIn("20.3.r999", cm.exception.message)

        # Nothing was recorded, and the server (and this very connection) serves on.
        recordings, current = self.history(conn, self.ROW)
        self.assertEqual(list(recordings), [])
        self.assertEqual(figure_key(current.actual_2019), ("blank",))
        self.assert_serving(conn)
        _, response = self.record(conn, self.ROW, 2019, 0, "good-after-bad")
        self.assertFalse(response.replayed)
        self.assertEqual(figure_key(response.recording.value), ("number", 0))
        # A request id a rejected request carried is still free.
        _, response = self.record(conn, self.ROW, 2020, 3, "bad-year")
        self.assertFalse(response.replayed)
        recordings, _ = self.history(conn, self.ROW)
        self.assertEqual([r.request_id for r in recordings], ["good-after-bad", "bad-year"])
        fresh = self.connect(server)
        self.assert_serving(fresh)
        self.assertEqual(figure_key(self.figures_of_row(fresh, self.ROW).actual_2020),
                         ("number", 3))


if __name__ == "__main__":
    unittest.main(verbosity=2)
