"""Two plan-metrics replicas on one PostgreSQL database, as real processes over PlanWire.

* Replica A is killed with SIGKILL while writers stream recordings through it; replica B, asked
  directly, has every recording A acknowledged, unchanged, and at most the calls that were in
  flight at the kill. Those, sent again through B with their request ids, are recorded once.
* Read-your-writes across replicas: right after A acknowledges a recording, B's RowHistory
  lists it and B's current figure is its value (each writer has rows of its own).
* The password of the database URL never appears in the replicas' logs.

Needs PLAN_TEST_POSTGRES_URL (postgres://USER:PASSWORD@HOST:PORT/DATABASE; scripts/with-postgres.sh
sets it); each test uses a schema of its own. Run with scripts/test-python-client.sh, or:

    python -m unittest discover -s Tests/python -p 'test_metrics_postgres.py' -v
"""

import os
import signal
import sys
import threading
import time
import unittest
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import test_metrics_durability as durability  # noqa: E402
from test_metrics_durability import (  # noqa: E402,F401 - setUpModule loads the protobuf modules
    IO_TIMEOUT, MetricsTestCase, connection_failure, figure, figure_key, setUpModule,
    tearDownModule)

POSTGRES_URL = os.environ.get("PLAN_TEST_POSTGRES_URL", "")


@unittest.skipUnless(POSTGRES_URL, "PLAN_TEST_POSTGRES_URL is not set (scripts/with-postgres.sh sets it)")
class TwoReplicasKillTests(MetricsTestCase):
    WRITERS = 3
    ROWS_PER_WRITER = 12
    KILL_AFTER_ACKS = 60
    KILL_DEADLINE = 60.0
    MIN_ACKS = 20

    def setUp(self):
        super().setUp()
        schema = "py_" + uuid.uuid4().hex[:16]
        self.database = POSTGRES_URL + ("&" if "?" in POSTGRES_URL else "?") + "schema=" + schema
        self.password = POSTGRES_URL.split("://", 1)[1].split("@", 1)[0].partition(":")[2]

    def start_replica(self, name):
        self.log_path = os.path.join(self.folder, "plan-metrics-%s.stderr" % name)
        return self.start_server()

    def test_sigkill_of_one_replica_loses_nothing_the_other_serves(self):
        a = self.start_replica("a")
        b = self.start_replica("b")
        rows = self.row_ids(self.connect(b))[:self.WRITERS * self.ROWS_PER_WRITER]
        shares = [rows[n::self.WRITERS] for n in range(self.WRITERS)]

        lock = threading.Lock()
        acked = []  # (request, recording) in the order of the answers
        unanswered = {}  # writer -> the request that got no answer
        problems = []  # anything else unexpected, while A was alive
        stop = threading.Event()
        started = threading.Barrier(self.WRITERS + 1, timeout=60)
        through_a = [self.connect(a) for _ in range(self.WRITERS)]
        ask_b = [self.connect(b) for _ in range(self.WRITERS)]

        def writer(n):
            i = 0
            try:
                started.wait()
            except threading.BrokenBarrierError:
                return
            while not stop.is_set():
                row = shares[n][(i // 2) % len(shares[n])]
                year = 2019 + i % 2
                value = "-" if i % 11 == 4 else (n + 1) * 100_000 + i
                request_id = "pg-w%d-%d" % (n, i)
                try:
                    request, response = self.record(through_a[n], row, year, value, request_id,
                                                     reported_by="writer %d" % n)
                except Exception as e:  # noqa: BLE001 - sorted out below
                    with lock:
                        unanswered[n] = durability.metrics.RecordActualRequest(
                            row_id=row, year=year, value=figure(value),
                            reported_by="writer %d" % n, request_id=request_id)
                        if not connection_failure(e):
                            problems.append("%s: %r" % (request_id, e))
                    return
                with lock:
                    acked.append((request, response.recording))
                # Read-your-writes on the other replica: B has it the moment A answered.
                try:
                    recordings, current = self.history(ask_b[n], row)
                except Exception as e:  # noqa: BLE001
                    with lock:
                        problems.append("B's RowHistory after %s: %r" % (request_id, e))
                    return
                if response.recording not in recordings:
                    with lock:
                        problems.append("%s acknowledged by A, not in B's history" % request_id)
                if figure_key(getattr(current, "actual_%d" % year)) != figure_key(response.recording.value):
                    with lock:
                        problems.append("%s acknowledged by A, B's current figure is %r"
                                        % (request_id, current))
                i += 1

        threads = [threading.Thread(target=writer, args=(n,), daemon=True)
                   for n in range(self.WRITERS)]
        for t in threads:
            t.start()
        killed = False
        try:
            started.wait()
            began = time.monotonic()
            while True:
                time.sleep(0.01)
                with lock:
                    count, failures = len(acked), len(unanswered) + len(problems)
                if failures or count >= self.KILL_AFTER_ACKS \
                        or time.monotonic() - began >= self.KILL_DEADLINE:
                    break
            self.assertIsNone(a.proc.poll(), "replica A exited before the kill: %s"
                              % a.stderr_text())
            a.sigkill()
            killed = True
        finally:
            if not killed:
                stop.set()
            for t in threads:
                t.join(timeout=IO_TIMEOUT + 10)
        self.assertFalse(any(t.is_alive() for t in threads), "a writer hangs after the kill")
        self.assertEqual(a.wait(timeout=30), -signal.SIGKILL)
        self.assertEqual(problems, [])
        self.assertGreaterEqual(len(acked), self.MIN_ACKS, "too few acknowledged recordings")
        sys.stderr.write("\n  [postgres] %d recordings acknowledged by A before SIGKILL, each "
                         "read back from B at once; %d in flight\n" % (len(acked), len(unanswered)))

        # B, asked directly, has every recording A acknowledged, unchanged, in order.
        conn = self.connect(b)
        by_pair = {}
        for request, recording in acked:
            by_pair.setdefault((request.row_id, request.year), []).append(recording)
        in_flight = {(r.row_id, r.year): r for r in unanswered.values()}
        for row in rows:
            recordings, current = self.history(conn, row)
            for year in (2019, 2020):
                stored = [r for r in recordings if r.year == year]
                expected = by_pair.get((row, year), [])
                self.assertEqual(expected, stored[:len(expected)],
                                 "%s %d: acknowledged recordings lost or changed" % (row, year))
                extra = stored[len(expected):]
                if extra:
                    pending = in_flight.get((row, year))
                    self.assertEqual(len(extra), 1, "%s %d: unknown recordings" % (row, year))
                    self.assertIsNotNone(pending, "%s %d: a recording nobody sent" % (row, year))
                    self.assertEqual(extra[0].request_id, pending.request_id)
                for earlier, later in zip(stored, stored[1:]):
                    self.assertEqual(figure_key(later.previous), figure_key(earlier.value))
                want = figure_key(stored[-1].value) if stored else ("blank",)
                self.assertEqual(figure_key(getattr(current, "actual_%d" % year)), want)

        # The calls in flight at the kill, sent again through B, are recorded once.
        for request in unanswered.values():
            response = conn.unary(durability.RECORD, request, durability.metrics.RecordActualResponse,
                                  timeout_micros=durability.CALL_TIMEOUT_MICROS,
                                  metadata=durability.AUTHORIZATION)
            recordings, _ = self.history(conn, request.row_id)
            self.assertEqual([r.request_id for r in recordings].count(request.request_id), 1)
            self.assertEqual(response.recording.request_id, request.request_id)

        if self.password:
            for name in ("a", "b"):
                with open(os.path.join(self.folder, "plan-metrics-%s.stderr" % name), "rb") as f:
                    self.assertNotIn(self.password.encode(), f.read(), "the password is in %s's log" % name)


if __name__ == "__main__":
    unittest.main()
