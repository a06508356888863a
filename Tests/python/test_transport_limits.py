"""The PlanWire transport's limits, tested against the real plan-catalogue process with raw
frames (PROTOCOL.md §6.2, §8, §9, §12.1, §14): one misbehaving client neither pins the
server's memory nor keeps other clients from being served.

* 100,000 HEADERS without a MESSAGE: the server stays under 150 MB resident, is back within
  20 MB of its baseline 10 s after the connection closes, and serves another client throughout.
* 250,000 pipelined calls from a client that never reads its responses: the server stops
  reading from it (back-pressure); its memory stays bounded; others are served.
* Calls opened without a MESSAGE end: at most max_concurrent_calls (100) are started, the rest
  are refused at once with UNAVAILABLE; the started ones end after the first-message timeout.
* Metadata over the limits fails that call with RESOURCE_EXHAUSTED; the connection goes on.
* Connections that say HELLO and nothing more get the two-step GOAWAY after the idle timeout
  (PLAN_WIRE_IDLE_TIMEOUT) and are closed.
* 2,000 connections arriving at once are all accepted and answered with a HELLO; the listening
  socket's backlog is PLAN_WIRE_LISTEN_BACKLOG (4096 by default), as `ss` reports it.
* `--grace-period` governs PlanWire calls in flight: after SIGTERM, a running WatchRecordings
  call ends with UNAVAILABLE when the grace period is over, and plan-metrics exits.

Every loop is bounded by a count or a deadline. Memory is the process's VmRSS
(/proc/PID/status), so these tests run on Linux.

Run with scripts/test-python-client.sh, or directly:

    python -m unittest discover -s Tests/python -p 'test_transport_limits.py' -v
"""

import os
import resource
import select
import selectors
import shutil
import signal
import socket
import struct
import subprocess
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

GET_PROGRAMME = "/plan.v1.Catalogue/GetProgramme"
HEALTH_CHECK = "/grpc.health.v1.Health/Check"
MB = 1024 * 1024

wire = health = catalogue = metrics = None
_protos = None


def setUpModule():
    global wire, health, catalogue, metrics, _protos
    _protos = pw.GeneratedProtos(os.path.join(ROOT, "Protos"))
    wire = _protos.wire
    health = _protos.module("grpc.health.v1.health_pb2")
    catalogue = _protos.module("plan.v1.catalogue_pb2")
    metrics = _protos.module("plan.v1.metrics_pb2")


def tearDownModule():
    if _protos:
        _protos.remove()


resident_bytes = plan_stack.resident_bytes


def hello_frame():
    hello = wire.Hello(version=1, max_message_size=4 * MB, accept_encodings=["identity"], agent="abuse")
    return pw.encode_frame(pw.HELLO, 0, 0, hello.SerializeToString())


def headers_payload(method, timeout_micros=None, metadata=()):
    headers = wire.CallHeaders(method=method, metadata=pw.metadata_entries(metadata),
                               message_encoding="identity", accept_encodings=["identity"])
    if timeout_micros is not None:
        headers.timeout_micros = timeout_micros
    return headers.SerializeToString()


class FrameReader:
    """Reads frames from a raw socket and keeps the TRAILERS and GOAWAYs it sees."""

    def __init__(self, sock):
        self.sock = sock
        self.buffer = bytearray()
        self.trailers = {}
        self.goaways = []
        self.closed = False

    def pump(self, deadline):
        """Reads what arrives until `deadline` (monotonic) or the connection closes."""
        while not self.closed and time.monotonic() < deadline:
            # select, not a socket timeout: another thread may be sending on the same socket.
            ready, _, _ = select.select([self.sock], [], [], max(0.01, min(0.5, deadline - time.monotonic())))
            if not ready:
                continue
            try:
                chunk = self.sock.recv(1 << 16)
            except BlockingIOError:
                continue
            except OSError:
                self.closed = True
                break
            if not chunk:
                self.closed = True
                break
            self.buffer += chunk
            self._parse()

    def _parse(self):
        while len(self.buffer) >= 10:
            length, kind, _flags, stream = struct.unpack(">IBBI", bytes(self.buffer[:10]))
            if len(self.buffer) < 10 + length:
                return
            payload = bytes(self.buffer[10:10 + length])
            del self.buffer[:10 + length]
            if kind == pw.TRAILERS:
                self.trailers[stream] = wire.Trailers.FromString(payload)
            elif kind == pw.GOAWAY:
                self.goaways.append(wire.GoAway.FromString(payload))


class Prober(threading.Thread):
    """Another client: a Health/Check every 50 ms on its own connection, until stopped."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.stop = threading.Event()
        self.served = 0
        self.failures = []

    def run(self):
        try:
            with pw.PlanWireConnection("127.0.0.1", self.port, io_timeout=10.0) as connection:
                while not self.stop.is_set():
                    try:
                        reply = connection.unary(HEALTH_CHECK, health.HealthCheckRequest(service=""),
                                                 health.HealthCheckResponse, timeout_micros=10_000_000)
                        if reply.status != health.HealthCheckResponse.SERVING:
                            self.failures.append("status %r" % reply.status)
                        self.served += 1
                    except Exception as e:  # noqa: BLE001 - recorded and asserted on
                        self.failures.append(repr(e))
                        return
                    self.stop.wait(0.05)
        except Exception as e:  # noqa: BLE001
            self.failures.append("connect: %r" % e)


class TransportLimitsTest(unittest.TestCase):
    """A plan-catalogue server per test, and what the abuse tests share."""

    env = {}

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-limits-")
        self.server = plan_stack.ServerProcess("plan-catalogue", ["--port", "0"], self.folder, env=self.env)
        self.port = self.server.port

    def tearDown(self):
        self.server.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def connect(self):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout=10)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.sendall(hello_frame())
        return sock

    def baseline(self):
        """The server's resident size once it has served a few calls."""
        with pw.PlanWireConnection("127.0.0.1", self.port) as connection:
            for _ in range(20):
                connection.unary(HEALTH_CHECK, health.HealthCheckRequest(service=""), health.HealthCheckResponse)
        time.sleep(1)
        return resident_bytes(self.server.proc.pid)

    def watch_memory(self, stop, peak):
        while not stop.is_set():
            peak[0] = max(peak[0], resident_bytes(self.server.proc.pid))
            stop.wait(0.05)

    def settle(self, baseline, seconds=10.0):
        """The resident size `seconds` after the abusive connection closed."""
        time.sleep(seconds)
        return resident_bytes(self.server.proc.pid)

    def abuse(self, attack):
        """Runs `attack(sock)` with a prober and a memory watcher; returns (baseline, peak, after)."""
        baseline = self.baseline()
        prober = Prober(self.port)
        prober.start()
        stop, peak = threading.Event(), [0]
        watcher = threading.Thread(target=self.watch_memory, args=(stop, peak), daemon=True)
        watcher.start()
        sock = self.connect()
        try:
            attack(sock)
        finally:
            sock.close()
            time.sleep(0.5)
            prober.stop.set()
            prober.join(15)
            stop.set()
            watcher.join(5)
        after = self.settle(baseline)
        print("\n  baseline %.1f MB, peak %.1f MB, 10 s after close %.1f MB, prober served %d calls"
              % (baseline / MB, peak[0] / MB, after / MB, prober.served))
        self.assertEqual(prober.failures, [], "another client was not served")
        self.assertGreater(prober.served, 0)
        return baseline, peak[0], after


class AbuseTest(TransportLimitsTest):
    """A flood of HEADERS, a client that never reads, calls without a message, metadata over the limits."""

    def test_a_flood_of_headers_stays_bounded_and_memory_comes_back(self):
        frames = bytearray()
        payload = headers_payload(GET_PROGRAMME)
        chunks = []
        for stream in range(1, 100_001):
            frames += pw.encode_frame(pw.HEADERS, 0, stream, payload)
            if len(frames) >= 64 * 1024:
                chunks.append(bytes(frames))
                frames = bytearray()
        chunks.append(bytes(frames))

        def attack(sock):
            reader = FrameReader(sock)
            # The client reads what comes back, so that the flood is not held up by
            # back-pressure: all 100,000 HEADERS reach the server.
            # Generous bounds: a debug build on a busy machine takes a minute or more.
            drain = threading.Thread(target=reader.pump, args=(time.monotonic() + 400,), daemon=True)
            drain.start()
            sock.settimeout(120)
            for chunk in chunks:
                sock.sendall(chunk)
            # Every call ends: refused at once (UNAVAILABLE), or started and ended by the
            # first-message timeout (DEADLINE_EXCEEDED), which frees its slot for a later one.
            deadline = time.monotonic() + 240
            while len(reader.trailers) < 100_000 and time.monotonic() < deadline:
                time.sleep(0.1)
            codes = [t.code for t in reader.trailers.values()]
            self.assertEqual(len(codes), 100_000, "not every call got its TRAILERS")
            self.assertEqual(set(codes), {pw.UNAVAILABLE, pw.DEADLINE_EXCEEDED})
            refused = [t for t in reader.trailers.values() if t.code == pw.UNAVAILABLE]
            self.assertGreater(len(refused), 95_000, "HEADERS over max_concurrent_calls were not refused")
            self.assertIn("max_concurrent_calls", refused[0].message)

        baseline, peak, after = self.abuse(attack)
        self.assertLess(peak, 150 * MB)
        self.assertLess(after, baseline + 20 * MB)

    def test_a_client_that_never_reads_is_not_read_from(self):
        request = catalogue.ListProgrammesRequest().SerializeToString()
        call = lambda stream: (pw.encode_frame(pw.HEADERS, 0, stream, headers_payload("/plan.v1.Catalogue/ListProgrammes"))
                               + pw.encode_frame(pw.MESSAGE, 0, stream, request)
                               + pw.encode_frame(pw.HALF_CLOSE, 0, stream))
        # 250,000 calls, about 21 MB: more than the kernel's socket buffers hold, so the send
        # can only finish if the server keeps reading.
        frames = b"".join(call(stream) for stream in range(1, 250_001))

        def attack(sock):
            # Never reads. The server stops reading once its responses back up, so the send
            # stalls: the deadline bounds it.
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 64 * 1024)
            sock.setblocking(False)
            sent, deadline = 0, time.monotonic() + 15
            while sent < len(frames) and time.monotonic() < deadline:
                try:
                    sent += sock.send(frames[sent:sent + 65536])
                except BlockingIOError:
                    time.sleep(0.05)
            print("\n  sent %d of %d bytes before the server stopped reading" % (sent, len(frames)))
            self.assertLess(sent, len(frames), "the server read everything from a client that reads nothing")

        baseline, peak, after = self.abuse(attack)
        self.assertLess(peak, 150 * MB)
        self.assertLess(after, baseline + 20 * MB)

    def test_calls_without_a_message_are_bounded_and_end(self):
        sock = self.connect()
        try:
            reader = FrameReader(sock)
            payload = headers_payload(GET_PROGRAMME)
            sock.sendall(b"".join(pw.encode_frame(pw.HEADERS, 0, stream, payload) for stream in range(1, 1001)))
            reader.pump(time.monotonic() + 3)
            refused = {s: t for s, t in reader.trailers.items() if t.code == pw.UNAVAILABLE}
            self.assertEqual(len(refused), 900, "every call over max_concurrent_calls is refused at once")
            self.assertEqual(min(refused), 101)
            # The 100 started calls end after the first-message timeout (10 s).
            deadline = time.monotonic() + 20
            while len(reader.trailers) < 1000 and time.monotonic() < deadline and not reader.closed:
                reader.pump(min(deadline, time.monotonic() + 1))
            ended = [t for s, t in reader.trailers.items() if s <= 100]
            self.assertEqual(len(ended), 100)
            self.assertTrue(all(t.code == pw.DEADLINE_EXCEEDED for t in ended), [t.code for t in ended[:5]])
            self.assertIn("no request message within 10000 ms", ended[0].message)
        finally:
            sock.close()

    def test_metadata_over_the_limits_fails_the_call_not_the_connection(self):
        with pw.PlanWireConnection("127.0.0.1", self.port) as connection:
            self.assertEqual(connection.server_hello.max_concurrent_calls, 100)
            self.assertEqual(connection.server_hello.max_metadata_size, 16384)
            self.assertEqual(connection.server_hello.max_metadata_entries, 64)
            request = health.HealthCheckRequest(service="")
            many = [("k%d" % i, "v") for i in range(65)]
            with self.assertRaises(pw.PlanWireError) as entries:
                connection.unary(HEALTH_CHECK, request, health.HealthCheckResponse, metadata=many)
            self.assertEqual(entries.exception.code, pw.RESOURCE_EXHAUSTED)
            self.assertIn("65 entries exceeds the limit of 64", entries.exception.message)
            with self.assertRaises(pw.PlanWireError) as size:
                connection.unary(HEALTH_CHECK, request, health.HealthCheckResponse, metadata=[("big", "x" * 20000)])
            self.assertEqual(size.exception.code, pw.RESOURCE_EXHAUSTED)
            self.assertIn("20003 bytes exceeds the limit of 16384 bytes", size.exception.message)
            reply = connection.unary(HEALTH_CHECK, request, health.HealthCheckResponse, metadata=[("x-request-id", "fine")])
            self.assertEqual(reply.status, health.HealthCheckResponse.SERVING)


class IdleConnectionsTest(TransportLimitsTest):
    """The idle timeout, shortened to 2 s for the test."""

    env = {"PLAN_WIRE_IDLE_TIMEOUT": "2"}


    def test_idle_connections_get_goaway_and_are_closed(self):
        baseline = self.baseline()
        sockets = [self.connect() for _ in range(500)]
        readers = [FrameReader(s) for s in sockets]
        try:
            held = resident_bytes(self.server.proc.pid)
            deadline = time.monotonic() + 15
            for reader in readers:
                reader.pump(deadline)
            closed = sum(1 for r in readers if r.closed)
            self.assertEqual(closed, 500, "idle connections left open")
            first = readers[0].goaways
            self.assertEqual([g.last_stream_id for g in first], [0xFFFFFFFF, 0])
            self.assertIn("had no call for 2000 ms", first[0].reason)
        finally:
            for s in sockets:
                s.close()
        after = self.settle(baseline, seconds=5)
        print("\n  baseline %.1f MB, 500 idle connections %.1f MB, after %.1f MB" % (baseline / MB, held / MB, after / MB))
        self.assertLess(after, baseline + 20 * MB)


class GracePeriodTest(unittest.TestCase):
    """plan-metrics --grace-period 2: a watch in flight at SIGTERM ends when the grace period
    is over (not at the transport's 30 s default), and the process exits."""

    GRACE = 2.0

    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-grace-")
        database = os.path.join(self.folder, "metrics.sqlite")
        self.server = plan_stack.ServerProcess(
            "plan-metrics", ["--port", "0", "--database", database, "--grace-period", str(self.GRACE)], self.folder)

    def tearDown(self):
        self.server.kill()
        shutil.rmtree(self.folder, ignore_errors=True)

    def test_sigterm_ends_a_watch_after_the_grace_period(self):
        sock = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        try:
            sock.sendall(hello_frame())
            sock.sendall(pw.encode_frame(pw.HEADERS, 0, 1, headers_payload("/plan.v1.Metrics/WatchRecordings"))
                         + pw.encode_frame(pw.MESSAGE, 0, 1, metrics.WatchRecordingsRequest().SerializeToString())
                         + pw.encode_frame(pw.HALF_CLOSE, 0, 1))
            reader = FrameReader(sock)
            reader.pump(time.monotonic() + 1.5)
            self.assertNotIn(1, reader.trailers, "the watch ended before SIGTERM")
            self.assertFalse(reader.closed)
            started = time.monotonic()
            self.server.signal(signal.SIGTERM)
            deadline = started + 20
            while 1 not in reader.trailers and not reader.closed and time.monotonic() < deadline:
                reader.pump(min(deadline, time.monotonic() + 0.2))
            ended = time.monotonic() - started
            print("\n  the watch ended %.2f s after SIGTERM (grace period %.1f s)" % (ended, self.GRACE))
            self.assertIn(1, reader.trailers, "the watch got no status")
            self.assertEqual(reader.trailers[1].code, pw.UNAVAILABLE)
            self.assertEqual(reader.trailers[1].message, "the server's grace period ended before the call did")
            self.assertEqual([g.last_stream_id for g in reader.goaways[:2]], [0xFFFFFFFF, 1])
            # Ended by the grace period: not before it, and long before the 30 s default.
            self.assertGreaterEqual(ended, self.GRACE - 0.5)
            self.assertLess(ended, self.GRACE + 8)
            self.assertEqual(self.server.wait(timeout=20), 0)
        finally:
            sock.close()



def listen_backlog(port):
    """The backlog of the socket listening on `port`, as `ss` reports it (Send-Q of a listener)."""
    output = subprocess.run(["ss", "-Hltn", "sport = :%d" % port], capture_output=True, text=True, check=True).stdout
    return int(output.split()[2])


class ConnectionBurstTest(TransportLimitsTest):
    """A burst of connections, and the listen backlog that takes it."""

    CONNECTIONS = 2000

    def setUp(self):
        # 2,000 sockets here and as many in the server (which inherits the limit): raise the
        # soft limit on descriptors up to the hard one.
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        needed = 2 * self.CONNECTIONS + 256
        if hard != resource.RLIM_INFINITY and hard < needed:
            self.fail("the hard limit on open files is %d; this test needs %d (ulimit -Hn)" % (hard, needed))
        if soft != resource.RLIM_INFINITY and soft < needed:
            resource.setrlimit(resource.RLIMIT_NOFILE, (needed, hard))
            self.addCleanup(resource.setrlimit, resource.RLIMIT_NOFILE, (soft, hard))
        super().setUp()


    def test_two_thousand_connections_at_once_are_all_answered(self):
        self.assertEqual(listen_backlog(self.port), 4096)
        hello = hello_frame()
        selector = selectors.DefaultSelector()  # epoll: select() stops at descriptor 1024
        received = {}
        start = time.monotonic()
        for _ in range(self.CONNECTIONS):
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", self.port))
            received[sock] = bytearray()
            selector.register(sock, selectors.EVENT_WRITE)
        answered, deadline = 0, time.monotonic() + 60
        try:
            while received and time.monotonic() < deadline:
                for key, events in selector.select(timeout=0.5):
                    sock = key.fileobj
                    if events & selectors.EVENT_WRITE:
                        sock.send(hello)  # a HELLO is 30-odd bytes: one send takes it
                        selector.modify(sock, selectors.EVENT_READ)
                        continue
                    chunk = sock.recv(4096)
                    self.assertTrue(chunk, "the server closed a connection of the burst")
                    received[sock] += chunk
                    if len(received[sock]) >= 10 and received[sock][4] == pw.HELLO:
                        answered += 1
                        selector.unregister(sock)
                        del received[sock]
                        sock.close()
            elapsed = time.monotonic() - start
            sys.stderr.write("  [burst] %d connections answered with a HELLO in %.2f s\n" % (answered, elapsed))
            self.assertEqual(answered, self.CONNECTIONS)
        finally:
            for sock in received:
                sock.close()
            selector.close()


class ListenBacklogSettingTest(TransportLimitsTest):
    env = {"PLAN_WIRE_LISTEN_BACKLOG": "300"}


    def test_the_backlog_is_the_setting(self):
        self.assertEqual(listen_backlog(self.port), 300)


if __name__ == "__main__":
    unittest.main()
