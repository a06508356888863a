"""The adversarial suite: what a reliability and security review broke, held to account by real
processes on loopback (plan-catalogue, two plan-metrics replicas on one SQLite file,
plan-gateway), every loop bounded in time and count.

- A NUL byte (and an over-long value) in every text parameter the OpenAPI document lists, and
  in every string of POST /v1/actuals: 400 naming it, never 500; path segments are
  percent-decoded; an over-long URL is 414, an over-large header section 431, both problem
  documents.
- A metrics replica called directly refuses a recording without the write token.
- After both metrics replicas were down, reads succeed within a second of one serving again.
- A slow reader pipelining GET /v1/rows without reading, a client pulling it as fast as it can
  and a client trickling a request head byte by byte, while a third client's calls keep
  succeeding; the trickler is answered 408 and cut off.
- Two plan-metrics replicas started at the same moment on a new SQLite file both start, again
  and again.
- planctl ends quietly when its reader closes the pipe.

Latency figures are for scripts/bench-gateway-admission.sh (BENCHMARKS.md), not asserts here.
"""
import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import planwire_client as pw  # noqa: E402
import plan_stack  # noqa: E402

UNAUTHENTICATED = 16
PERMISSION_DENIED = 7
CALL_TIMEOUT_MICROS = 15_000_000
RECORD = "/plan.v1.Metrics/RecordActual"

PLANCTL = os.environ.get("PLANCTL_BIN", os.path.join(plan_stack.BUILD, "planctl"))

metrics = model = None
_protos = None


def setUpModule():
    global metrics, model, _protos
    _protos = pw.GeneratedProtos(os.path.join(plan_stack.ROOT, "Protos"))
    metrics = _protos.module("plan.v1.metrics_pb2")
    model = _protos.module("plan.v1.model_pb2")


def tearDownModule():
    if _protos:
        _protos.remove()


def http_request(port, method, target, body=None, headers=None, timeout=30):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        connection.putrequest(method, target, skip_accept_encoding=True)
        for name, value in (headers or {}).items():
            connection.putheader(name, value)
        if body is not None:
            connection.putheader("Content-Length", str(len(body)))
        connection.endheaders(body)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


class StackTestCase(unittest.TestCase):
    """One stack per class; the gateway's HTTP port in `http_port`."""

    GATEWAY_ARGUMENTS = ()

    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="plan-adversarial-")
        cls.stack = plan_stack.Stack(cls.folder, replicas=2, gateway_arguments=cls.GATEWAY_ARGUMENTS)
        cls.http_port = cls.stack.gateway.addresses["http"][1]
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if http_request(cls.http_port, "GET", "/readyz")[0] == 200:
                break
            time.sleep(0.1)
        else:
            cls.tearDownClass()
            raise AssertionError("the gateway did not become ready")

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def assertProblem(self, response, status, parameter=None):
        code, headers, body = response
        self.assertEqual(code, status, body[:300])
        self.assertEqual(headers.get("Content-Type"), "application/problem+json")
        problem = json.loads(body)
        self.assertEqual(problem["status"], status)
        if parameter is not None:
            self.assertEqual(problem.get("parameter"), parameter, problem)
        return problem


class BadInputTests(StackTestCase):
    def text_parameters(self):
        """(path template, location, name, example path values) of every text parameter
        without an enumeration in the served OpenAPI document."""
        document = json.loads(http_request(self.http_port, "GET", "/openapi.json")[2])
        found = []
        for path, operations in document["paths"].items():
            for method, operation in operations.items():
                if method != "get":
                    continue
                parameters = operation["parameters"]
                examples = {p["name"]: p.get("example", "") for p in parameters if p["in"] == "path"}
                for parameter in parameters:
                    if parameter["in"] == "header":
                        continue  # X-Request-Id and X-Deadline-Ms: see the header tests
                    schema = parameter["schema"]
                    text = schema if schema["type"] == "string" else schema.get("items", {})
                    if text.get("type") == "string" and "enum" not in text:
                        self.assertIn("maxLength", text, "%s %s" % (path, parameter["name"]))
                        found.append((path, parameter["in"], parameter["name"], examples, text["maxLength"]))
        return found

    def target(self, path, location, name, examples, value):
        url = path
        for key, example in examples.items():
            url = url.replace("{%s}" % key, urllib.parse.quote(value if key == name else example, safe=""))
        if location == "query":
            url += "?" + urllib.parse.urlencode({name: value})
        return url

    def test_nul_and_overlong_in_every_text_parameter_is_400_naming_it(self):
        parameters = self.text_parameters()
        names = {name for _, _, name, _, _ in parameters}
        # What the review found answering 500.
        for name in ("q", "programme_id", "part_id", "issuing_body", "symbol", "unit_id", "row_id", "table_id", "cut"):
            self.assertIn(name, names)
        for path, location, name, examples, limit in parameters:
            for value in ("a\x00b", "\x00", "x" * (limit + 1)):
                with self.subTest(path=path, parameter=name, value=value[:5]):
                    self.assertProblem(
                        http_request(self.http_port, "GET", self.target(path, location, name, examples, value)),
                        400, name)

    def test_a_bad_request_id_is_replaced_never_echoed(self):
        sent = {"over-long": "x" * 129, "with a space": "a b", "not ASCII": "请求"}
        for label, value in sent.items():
            with self.subTest(value=label):
                headers = {"X-Request-Id": value.encode("utf-8")}
                code, answer, _ = http_request(self.http_port, "GET", "/v1/programmes/p6?view=basic", headers=headers)
                self.assertEqual(code, 200)
                returned = answer.get("X-Request-Id", "")
                self.assertNotEqual(returned.encode("latin-1"), headers["X-Request-Id"])
                self.assertRegex(returned, r"^[!-~]{1,128}$")
        code, answer, _ = http_request(self.http_port, "GET", "/healthz", headers={"X-Request-Id": "trace-42"})
        self.assertEqual((code, answer.get("X-Request-Id")), (200, "trace-42"))

    def test_nul_in_every_string_of_a_recording_is_400_naming_it(self):
        body = {"row_id": "20.3.r4", "year": 2019, "value": 1, "reported_by": "adversarial",
                "source_note": "note", "request_id": "adversarial-nul"}
        headers = {"Authorization": "Bearer " + plan_stack.WRITE_TOKEN, "Content-Type": "application/json"}
        for field in ("row_id", "reported_by", "source_note", "request_id"):
            bad = json.dumps(dict(body, **{field: "a\u0000b"})).encode()
            self.assertProblem(http_request(self.http_port, "POST", "/v1/actuals", bad, headers), 400, field)
        long = json.dumps(dict(body, reported_by="人" * 257)).encode()
        self.assertProblem(http_request(self.http_port, "POST", "/v1/actuals", long, headers), 400, "reported_by")
        duplicate = b'{"row_id":"20.3.r4","row_id":"20.3.r5","year":2019,"value":1,"reported_by":"a","request_id":"d"}'
        self.assertProblem(http_request(self.http_port, "POST", "/v1/actuals", duplicate, headers), 400, "body")
        utf16 = json.dumps(body).encode("utf-16")
        self.assertProblem(http_request(self.http_port, "POST", "/v1/actuals", utf16, headers), 400, "body")

    def test_path_segments_are_percent_decoded(self):
        code, _, body = http_request(self.http_port, "GET", "/v1/programmes/p%36?view=basic")
        self.assertEqual(code, 200, body[:200])
        self.assertEqual(json.loads(body)["id"], "p6")
        self.assertProblem(http_request(self.http_port, "GET", "/v1/programmes/p%FF"), 400, "programme_id")

    def test_overlong_url_is_414_and_overlarge_headers_431(self):
        self.assertProblem(http_request(self.http_port, "GET", "/v1/search?q=" + "a" * 18_000), 414)
        self.assertProblem(http_request(self.http_port, "GET", "/healthz", headers={"X-Big": "a" * 9000}), 431)
        many = {"X-H-%d" % i: "v" * 400 for i in range(90)}
        self.assertProblem(http_request(self.http_port, "GET", "/healthz", headers=many), 431)
        self.assertEqual(http_request(self.http_port, "GET", "/healthz")[0], 200)


class DirectReplicaTests(StackTestCase):
    def record(self, port, metadata):
        conn = pw.PlanWireConnection("127.0.0.1", port, io_timeout=20)
        self.addCleanup(conn.close)
        request = metrics.RecordActualRequest(
            row_id="20.3.r4", year=2019, value=model.Figure(number=3), reported_by="adversarial",
            request_id="direct-%d" % time.monotonic_ns())
        return conn.unary(RECORD, request, metrics.RecordActualResponse, metadata=metadata,
                          timeout_micros=CALL_TIMEOUT_MICROS)

    def test_a_replica_called_directly_refuses_a_recording_without_the_token(self):
        port = self.stack.metrics[0].port
        for metadata in ([], [("authorization", "Bearer not-the-token-0123456789")]):
            with self.assertRaises(pw.PlanWireError) as refused:
                self.record(port, metadata)
            self.assertEqual(refused.exception.code, UNAUTHENTICATED)
            self.assertNotIn(plan_stack.WRITE_TOKEN, refused.exception.message)
        answer = self.record(port, [("authorization", "Bearer " + plan_stack.WRITE_TOKEN)])
        self.assertFalse(answer.replayed)
        # planctl pointed at the replica without a token: refused (exit 4), nothing printed of it.
        env = {k: v for k, v in os.environ.items() if k != "PLAN_WRITE_TOKEN"}
        result = subprocess.run(
            [PLANCTL, "record-actual", "--row", "20.3.r4",
             "--year", "2019", "--value", "5", "--reported-by", "x", "--gateway", "127.0.0.1:%d" % port],
            capture_output=True, text=True, timeout=60, env=env)
        self.assertEqual(result.returncode, 4, result.stderr)
        # The token never reaches a log line of any service.
        for process in self.stack.processes:
            self.assertNotIn(plan_stack.WRITE_TOKEN, process.log(), process.name)

    def test_a_replica_without_a_token_refuses_every_recording(self):
        folder = tempfile.mkdtemp(prefix="plan-no-token-", dir=self.folder)
        replica = plan_stack.ServerProcess(
            "plan-metrics", ["--port", "0", "--database", os.path.join(folder, "m.sqlite")], folder)
        self.addCleanup(replica.kill)
        with self.assertRaises(pw.PlanWireError) as refused:
            self.record(replica.port, [("authorization", "Bearer " + plan_stack.WRITE_TOKEN)])
        self.assertEqual(refused.exception.code, PERMISSION_DENIED)
        self.assertIn("no write token configured", refused.exception.message)


class OutageRecoveryTests(StackTestCase):
    def test_reads_succeed_within_a_second_of_a_replica_serving_again(self):
        ports = [m.port for m in self.stack.metrics]
        database = os.path.join(self.folder, "data", "metrics.sqlite")
        read = "/v1/metrics/figures?row_id=20.3.r4"
        self.assertEqual(http_request(self.http_port, "GET", read)[0], 200)
        for replica in self.stack.metrics:
            replica.signal(signal.SIGKILL)
            replica.wait(timeout=15)
        # Reads fail while both are down, long enough for the replicas to be ejected.
        deadline = time.monotonic() + 3
        failures = 0
        while time.monotonic() < deadline:
            code = http_request(self.http_port, "GET", read)[0]
            self.assertNotEqual(code, 200)
            failures += 1
        self.assertGreater(failures, 3)  # they fail fast (UNAVAILABLE), not at a timeout
        replica = plan_stack.ServerProcess(
            "plan-metrics", ["--port", str(ports[0]), "--database", database], self.folder,
            env={"PLAN_WRITE_TOKEN": plan_stack.WRITE_TOKEN})
        self.addCleanup(replica.kill)
        serving = time.monotonic()
        recovered = None
        while time.monotonic() < serving + 5:
            if http_request(self.http_port, "GET", read)[0] == 200:
                recovered = time.monotonic() - serving
                break
            time.sleep(0.02)
        self.assertIsNotNone(recovered, "reads did not recover within 5 s")
        sys.stderr.write("  [outage] first good read %.0f ms after the replica listened\n" % (recovered * 1000))
        self.assertLess(recovered, 1.0)


# Linux's TCP states (include/net/tcp_states.h), as TCP_INFO reports them.
TCP_CLOSE = 7
TCP_CLOSE_WAIT = 8


class SlowClientTests(StackTestCase):
    GATEWAY_ARGUMENTS = ("--http-head-timeout", "2", "--http-write-timeout", "2")

    def test_slow_reader_puller_and_trickler_do_not_starve_a_third_client(self):
        stop = threading.Event()
        errors = []

        slow = {}

        def slow_reader():
            # A 4 KiB receive buffer set before connecting, so that the window is small from the
            # handshake on (shrunk after it, the kernel drops what no longer fits and the sender's
            # retransmissions back off for seconds: a stall of the test's own making).
            sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.settimeout(30)
            sock.connect(("127.0.0.1", self.http_port))
            with sock:
                request = b"GET /v1/rows HTTP/1.1\r\nHost: x\r\n\r\n"
                # 100 answers of about 320 KB: far more than the kernel's socket buffers hold, so
                # the gateway's side becomes unwritable however slowly it makes them (a debug
                # build with the puller beside it makes a few a second).
                for _ in range(100):
                    sock.sendall(request)
                start = time.monotonic()
                # Reads nothing, and looks every 0.25 s at this end's TCP state (TCP_INFO's first
                # byte) for the gateway's cut: once its answers fill the buffers it must close
                # within its 2 s write timeout: a reset shows at once. At most 12 s. Reading instead
                # would keep the connection moving: with a 4 KiB window the answers trickle, the
                # cut never comes.
                while time.monotonic() < start + 12:
                    time.sleep(0.25)
                    state = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)[0]
                    if state == TCP_CLOSE_WAIT:
                        slow["closed"] = "eof"
                        break
                    if state == TCP_CLOSE:
                        slow["closed"] = "reset"
                        break
                else:
                    # No reset seen: a close that queues its FIN behind the answers already in the
                    # socket shows only once they are read, as an EOF.
                    sock.settimeout(5)
                    try:
                        while sock.recv(1 << 20):
                            pass
                        slow["closed"] = "eof"
                    except ConnectionResetError:
                        slow["closed"] = "reset"
                    except socket.timeout:
                        slow["closed"] = None
                slow["seconds"] = time.monotonic() - start

        def puller():
            end = time.monotonic() + 20
            while not stop.is_set() and time.monotonic() < end:
                try:
                    http_request(self.http_port, "GET", "/v1/rows")
                except OSError as error:
                    errors.append("puller: %r" % error)
                    return

        trickle = {}

        def trickler():
            with socket.create_connection(("127.0.0.1", self.http_port), timeout=15) as sock:
                start = time.monotonic()
                head = b"GET /v1/programmes HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 200
                received = b""
                try:
                    for byte in head:
                        sock.sendall(bytes([byte]))
                        time.sleep(0.25)
                        sock.settimeout(0.01)
                        try:
                            chunk = sock.recv(4096)
                        except socket.timeout:
                            continue
                        finally:
                            sock.settimeout(15)
                        received += chunk
                        if not chunk or b"\r\n\r\n" in received:
                            break
                    received += sock.recv(4096)
                except OSError:
                    pass
                trickle["seconds"] = time.monotonic() - start
                trickle["answer"] = received

        threads = [threading.Thread(target=f, daemon=True) for f in (slow_reader, puller, trickler)]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        served = 0
        for i in range(30):
            code, _, body = http_request(self.http_port, "GET", "/v1/programmes?page_size=1&view=basic", timeout=20)
            self.assertEqual(code, 200, body[:200])
            served += 1
        stop.set()
        for thread in threads:
            thread.join(timeout=30)
        self.assertEqual(served, 30)
        self.assertEqual(errors, [])
        self.assertIn(slow.get("closed"), ("eof", "reset"), "the slow reader's connection stayed open: %r" % slow)
        sys.stderr.write("  [slow reader] cut off %.1f s after its requests\n" % slow["seconds"])
        self.assertIn("answer", trickle, "the trickler was not cut off")
        self.assertTrue(trickle["answer"].startswith(b"HTTP/1.1 408 "), trickle["answer"][:100])
        self.assertIn(b"application/problem+json", trickle["answer"])
        self.assertLess(trickle["seconds"], 10)


class ConcurrentFirstStartTests(unittest.TestCase):
    ROUNDS = 6

    def test_two_replicas_starting_together_on_a_new_file_both_start(self):
        folder = tempfile.mkdtemp(prefix="plan-first-start-")
        self.addCleanup(shutil.rmtree, folder, ignore_errors=True)
        for round_ in range(self.ROUNDS):
            database = os.path.join(folder, "round-%d" % round_, "metrics.sqlite")
            replicas = []
            errors = []
            barrier = threading.Barrier(2, timeout=30)

            def start():
                barrier.wait()
                try:
                    replicas.append(plan_stack.ServerProcess(
                        "plan-metrics", ["--port", "0", "--database", database], folder,
                        env={"PLAN_WRITE_TOKEN": plan_stack.WRITE_TOKEN}))
                except Exception as error:  # noqa: BLE001 - reported below
                    errors.append(str(error))

            threads = [threading.Thread(target=start) for _ in range(2)]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join(timeout=120)
            for replica in replicas:
                replica.kill()
            self.assertEqual(errors, [], "round %d" % round_)
            self.assertEqual(len(replicas), 2)


class ClosedPipeTests(StackTestCase):
    def test_planctl_ends_quietly_when_its_reader_goes(self):
        planctl = PLANCTL
        gateway = ["--gateway", "127.0.0.1:%d" % self.stack.gateway.port]
        # The export is megabytes, far more than a pipe holds: its writes do meet the closed pipe.
        for arguments in (["export", "deliverables", "--format", "json"], ["programmes", "--format", "json", *gateway],
                          ["programmes", "--format", "csv", *gateway]):
            process = subprocess.Popen([planctl, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            self.assertEqual(len(process.stdout.read(10)), 10)
            process.stdout.close()
            _, stderr = process.communicate(timeout=60)
            self.assertIn(process.returncode, (0, -signal.SIGPIPE), stderr[-500:])
            self.assertEqual(stderr, b"", arguments)


if __name__ == "__main__":
    unittest.main()
