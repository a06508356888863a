"""Tests of the independent Python PlanWire client against the real plan-catalogue server.

Run with scripts/test-python-client.sh, or directly:

    python -m unittest discover -s Tests/python -p 'test_planwire_client.py' -v

Environment:
  PLAN_CATALOGUE_BIN  the server executable (default: .build/debug/plan-catalogue)
  PLANWIRE_PROTO_OUT  a directory with the generated *_pb2.py (default: generated here, into a
                      temporary directory, with protoc -I Protos)
"""

import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
import unittest
import zlib

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)

import planwire_client as pw  # noqa: E402

SERVER_BIN = os.environ.get("PLAN_CATALOGUE_BIN",
                            os.path.join(ROOT, ".build", "debug", "plan-catalogue"))

wire = catalogue = model = health = None
_generated_dir = None
_owned_generated_dir = False


def setUpModule():
    global wire, catalogue, model, health, _generated_dir, _owned_generated_dir
    _generated_dir = os.environ.get("PLANWIRE_PROTO_OUT")
    if not _generated_dir:
        _generated_dir = tempfile.mkdtemp(prefix="planwire-pb2-")
        _owned_generated_dir = True
        pw.generate_protos(os.path.join(ROOT, "Protos"), _generated_dir)
    wire = pw.load_protos(_generated_dir)
    catalogue = pw.import_generated(_generated_dir, "plan.v1.catalogue_pb2")
    model = pw.import_generated(_generated_dir, "plan.v1.model_pb2")
    health = pw.import_generated(_generated_dir, "grpc.health.v1.health_pb2")


def tearDownModule():
    if _owned_generated_dir and _generated_dir:
        shutil.rmtree(_generated_dir, ignore_errors=True)


class ServerProcess:
    """plan-catalogue --port 0, with the port read from its 'listening on' line."""

    def __init__(self, binary=SERVER_BIN, startup_timeout=30.0):
        if not os.path.exists(binary):
            raise RuntimeError("server executable %s not found; build it with "
                               "`swift build --product plan-catalogue` or set PLAN_CATALOGUE_BIN"
                               % binary)
        self.proc = subprocess.Popen([binary, "--port", "0"], stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, cwd=ROOT)
        try:
            self.host, self.port = self._read_address(startup_timeout)
        except BaseException:
            self.kill()
            raise

    def _read_address(self, timeout):
        deadline = time.monotonic() + timeout
        seen = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                seen += chunk
                for line in seen.decode("utf-8", "replace").splitlines():
                    marker = "plan-catalogue listening on "
                    if marker in line:
                        address = line.split(marker, 1)[1].strip()
                        host, port = address.rsplit(":", 1)
                        return host, int(port)
            elif self.proc.poll() is not None:
                break
        raise RuntimeError("the server did not report its port (exit status %r, output %r)"
                           % (self.proc.poll(), seen))

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            pass
        if self.proc.stdout:
            self.proc.stdout.close()


class ServerTestCase(unittest.TestCase):
    server = None

    @classmethod
    def setUpClass(cls):
        cls.server = ServerProcess()
        # Killed even if a test (or the rest of setUpClass) fails.
        cls.addClassCleanup(cls.server.kill)

    def connect(self, **kwargs):
        conn = pw.PlanWireConnection(self.server.host, self.server.port, **kwargs)
        self.addCleanup(conn.close)
        return conn

    def get_programme(self, conn, programme_id, **kwargs):
        return conn.call("/plan.v1.Catalogue/GetProgramme",
                         [catalogue.GetProgrammeRequest(programme_id=programme_id)],
                         model.Programme, **kwargs)


class WireBytesTests(unittest.TestCase):
    """The generated classes and the framing produce the bytes of PROTOCOL.md §16."""

    def test_hello_frame_matches_worked_example(self):
        hello = wire.Hello(version=1, max_message_size=4194304,
                           accept_encodings=["identity", "deflate"], agent="example")
        frame = pw.encode_frame(pw.HELLO, 0, 0, hello.SerializeToString())
        self.assertEqual(frame.hex(), "00000023010000000000080110808080021a086964656e746974791a07"
                                      "6465666c61746522076578616d706c65")

    def test_headers_frame_matches_worked_example(self):
        headers = wire.CallHeaders(method="/grpc.health.v1.Health/Check",
                                   message_encoding="identity",
                                   accept_encodings=["identity", "deflate"])
        headers.timeout_micros = 1000000
        frame = pw.encode_frame(pw.HEADERS, 0, 1, headers.SerializeToString())
        self.assertEqual(frame.hex(), "0000003f0200000000010a1c2f677270632e6865616c74682e76312e48"
                                      "65616c74682f436865636b18c0843d22086964656e746974792a086964"
                                      "656e746974792a076465666c617465")

    def test_timeout_zero_is_written(self):
        headers = wire.CallHeaders(method="/a.B/C")
        headers.timeout_micros = 0
        self.assertIn(b"\x18\x00", headers.SerializeToString())
        self.assertEqual(headers.WhichOneof("timeout_present"), "timeout_micros")

    def test_server_response_frames_of_worked_example_decode(self):
        data = bytes.fromhex("0000000a05000000000112086964656e74697479"
                             "000000020300000000010801"
                             "00000000060000000001")
        frames = []
        while data:
            length, kind, flags, sid = pw.decode_header(data[:10])
            frames.append(pw.Frame(kind, flags, sid, data[10:10 + length]))
            data = data[10 + length:]
        self.assertEqual([f.kind for f in frames], [pw.RESPONSE_HEADERS, pw.MESSAGE, pw.TRAILERS])
        self.assertEqual(wire.ResponseHeaders.FromString(frames[0].payload).message_encoding,
                         "identity")
        self.assertEqual(health.HealthCheckResponse.FromString(frames[1].payload).status,
                         health.HealthCheckResponse.SERVING)
        self.assertEqual(wire.Trailers.FromString(frames[2].payload).code, 0)

    def test_inflate_limits(self):
        self.assertEqual(pw.inflate(zlib.compress(b"abc")), b"abc")
        with self.assertRaises(pw.PlanWireError) as cm:
            pw.inflate(zlib.compress(b"x" * 100), limit=99)
        self.assertEqual(cm.exception.code, pw.RESOURCE_EXHAUSTED)
        with self.assertRaises(pw.PlanWireError) as cm:
            pw.inflate(zlib.compress(b"abc") + b"!")
        self.assertEqual(cm.exception.code, pw.INTERNAL)
        with self.assertRaises(pw.PlanWireError) as cm:
            pw.inflate(zlib.compress(b"abc" * 100)[:-3])
        self.assertEqual(cm.exception.code, pw.INTERNAL)


class HandshakeAndHealthTests(ServerTestCase):
    def test_server_hello(self):
        conn = self.connect()
        hello = conn.server_hello
        self.assertEqual(hello.version, 1)
        self.assertGreater(hello.max_message_size, 0)
        self.assertIn("identity", hello.accept_encodings)

    def check(self, conn, service, **kwargs):
        return conn.unary("/grpc.health.v1.Health/Check",
                          health.HealthCheckRequest(service=service),
                          health.HealthCheckResponse, **kwargs)

    def test_health_whole_server_serving(self):
        conn = self.connect()
        self.assertEqual(self.check(conn, "").status, health.HealthCheckResponse.SERVING)

    def test_health_catalogue_serving(self):
        conn = self.connect()
        self.assertEqual(self.check(conn, "plan.v1.Catalogue").status,
                         health.HealthCheckResponse.SERVING)

    def test_health_unknown_service_not_found(self):
        conn = self.connect()
        with self.assertRaises(pw.PlanWireError) as cm:
            self.check(conn, "no.such.Service")
        self.assertEqual(cm.exception.code, pw.NOT_FOUND)
        self.assertIn("no.such.Service", cm.exception.message)
        # The connection carries on after a failed call.
        self.assertEqual(self.check(conn, "").status, health.HealthCheckResponse.SERVING)

    def test_stream_ids_increase(self):
        conn = self.connect()
        ids = [conn.call("/grpc.health.v1.Health/Check", [health.HealthCheckRequest()],
                         health.HealthCheckResponse, timeout_micros=5_000_000).stream_id
               for _ in range(3)]
        self.assertEqual(ids, [1, 2, 3])

    def test_ping_is_acknowledged_with_same_payload(self):
        conn = self.connect()
        self.assertEqual(conn.ping(b"\x01\x02\x03\x04\x05\x06\x07\x08"),
                         b"\x01\x02\x03\x04\x05\x06\x07\x08")
        self.assertEqual(self.check(conn, "").status, health.HealthCheckResponse.SERVING)


class CatalogueTests(ServerTestCase):
    def test_get_programme_p6(self):
        conn = self.connect()
        programme = self.get_programme(conn, "p6").response
        self.assertEqual(programme.id, "p6")
        self.assertEqual(programme.number, 6)
        self.assertEqual(programme.title, "法律事务")

    def test_get_table_20_3(self):
        conn = self.connect()
        table = conn.unary("/plan.v1.Catalogue/GetTable",
                           catalogue.GetTableRequest(table_id="20.3"), model.DeliverableTable)
        self.assertEqual(table.id, "20.3")
        self.assertEqual(table.WhichOneof("printed_label_present"), "printed_label")
        self.assertEqual(table.printed_label, "22.3")
        self.assertEqual(len(table.rows), 8)
        first = table.rows[0]
        self.assertEqual(first.id, "20.3.r1")
        # A Figure is three-state: number, dash or blank, exactly one set.
        self.assertEqual(first.planned_2018.WhichOneof("value"), "number")
        self.assertEqual(first.planned_2018.number, 53)
        self.assertEqual(first.actual_2018.WhichOneof("value"), "number")
        self.assertEqual(first.actual_2018.number, 51)
        for row in table.rows:
            for name in ("planned_2018", "actual_2018", "planned_2019", "planned_2020"):
                self.assertTrue(row.HasField(name), "%s.%s missing" % (row.id, name))
                self.assertIn(getattr(row, name).WhichOneof("value"), ("number", "dash", "blank"))
        # Rows 6-8 print empty cells: blank, which is not the same as the number 0.
        last = table.rows[7]
        self.assertEqual(last.planned_2020.WhichOneof("value"), "blank")

    def test_unknown_programme_not_found(self):
        conn = self.connect()
        with self.assertRaises(pw.PlanWireError) as cm:
            self.get_programme(conn, "p999")
        self.assertEqual(cm.exception.code, pw.NOT_FOUND)

    def test_unknown_method_unimplemented(self):
        conn = self.connect()
        result = conn.call("/plan.v1.Catalogue/NoSuchMethod", [b""], raise_on_error=False)
        self.assertEqual(result.trailers.code, pw.UNIMPLEMENTED)
        self.assertIsNone(result.response_headers, "expected trailers-only (§4.5)")
        self.assertEqual(result.responses, [])
        with self.assertRaises(pw.PlanWireError) as cm:
            conn.call("/no.such.Service/Method", [b""])
        self.assertEqual(cm.exception.code, pw.UNIMPLEMENTED)

    def test_malformed_method_unimplemented(self):
        conn = self.connect()
        with self.assertRaises(pw.PlanWireError) as cm:
            conn.call("not-a-method", [b""])
        self.assertEqual(cm.exception.code, pw.UNIMPLEMENTED)


class CompressionTests(ServerTestCase):
    LARGE = "p25"

    def test_large_response_arrives_compressed(self):
        conn = self.connect(accept_encodings=["identity", "deflate"])
        self.assertTrue(conn.server_accepts_deflate)
        result = self.get_programme(conn, self.LARGE, accept_encodings=["identity", "deflate"])
        self.assertEqual(result.response_encoding, "deflate")
        self.assertTrue(result.any_compressed, "flags %r" % result.message_flags)
        self.assertGreater(len(result.raw_responses[0]), 4096)
        self.assertLess(result.wire_sizes[0], len(result.raw_responses[0]))
        programme = result.response
        self.assertEqual(programme.id, self.LARGE)
        self.assertEqual(programme.number, 25)
        self.assertGreater(len(programme.units), 0)

    def test_small_response_on_deflate_call_is_plain(self):
        conn = self.connect()
        result = conn.call("/grpc.health.v1.Health/Check", [health.HealthCheckRequest()],
                           health.HealthCheckResponse, accept_encodings=["identity", "deflate"])
        self.assertEqual(result.response_encoding, "deflate")
        self.assertEqual(result.message_flags, [0])
        self.assertEqual(result.response.status, health.HealthCheckResponse.SERVING)

    def test_identity_only_response_is_uncompressed_and_equal(self):
        plain_conn = self.connect(accept_encodings=["identity"])
        plain = self.get_programme(plain_conn, self.LARGE, message_encoding="identity",
                                   accept_encodings=["identity"])
        self.assertEqual(plain.response_encoding, "identity")
        self.assertFalse(plain.any_compressed)
        self.assertEqual(plain.wire_sizes[0], len(plain.raw_responses[0]))
        self.assertGreater(plain.wire_sizes[0], 4096)

        deflate_conn = self.connect(accept_encodings=["identity", "deflate"])
        compressed = self.get_programme(deflate_conn, self.LARGE)
        self.assertTrue(compressed.any_compressed)
        self.assertEqual(plain.raw_responses[0], compressed.raw_responses[0])
        self.assertEqual(plain.response, compressed.response)

    def test_compressed_request(self):
        conn = self.connect()
        self.assertTrue(conn.server_accepts_deflate)
        result = self.get_programme(conn, "p6", message_encoding="deflate", compress=True,
                                    compression_threshold=0)
        self.assertEqual(result.request_compressed, [True])
        self.assertEqual(result.response.title, "法律事务")

    def test_compressed_empty_request(self):
        conn = self.connect()
        result = conn.call("/grpc.health.v1.Health/Check", [health.HealthCheckRequest()],
                           health.HealthCheckResponse, message_encoding="deflate", compress=True)
        self.assertEqual(result.request_compressed, [True])
        self.assertEqual(result.response.status, health.HealthCheckResponse.SERVING)

    def test_compressed_flag_on_identity_call_is_unimplemented(self):
        conn = self.connect()
        sid = conn.next_stream_id()
        headers = wire.CallHeaders(method="/grpc.health.v1.Health/Check",
                                   message_encoding="identity")
        conn.send_frame(pw.HEADERS, 0, sid, headers.SerializeToString())
        conn.send_frame(pw.MESSAGE, pw.FLAG_COMPRESSED, sid, zlib.compress(b""))
        conn.send_frame(pw.HALF_CLOSE, 0, sid)
        result = pw.CallResult(stream_id=sid)
        conn._read_call(result, health.HealthCheckResponse)
        self.assertEqual(result.trailers.code, pw.UNIMPLEMENTED)


class DeadlineTests(ServerTestCase):
    # §8: timeout_micros 0 is "already expired; the call fails at once with DEADLINE_EXCEEDED".
    # Checked on several fresh connections, since a single call can hide a race.
    ATTEMPTS = 20

    def test_timeout_zero_deadline_exceeded(self):
        outcomes = []
        for _ in range(self.ATTEMPTS):
            with pw.PlanWireConnection(self.server.host, self.server.port) as conn:
                result = conn.call("/grpc.health.v1.Health/Check", [health.HealthCheckRequest()],
                                   health.HealthCheckResponse, timeout_micros=0,
                                   raise_on_error=False)
                outcomes.append((result.trailers.code, result.trailers.message,
                                 [f.encode().hex() for f in result.frames
                                  if f.kind == pw.TRAILERS][0]))
        wrong = [o for o in outcomes if o[0] != pw.DEADLINE_EXCEEDED]
        self.assertEqual(wrong, [], "%d of %d calls with timeout_micros 0 did not end with 4 "
                         "DEADLINE_EXCEEDED" % (len(wrong), len(outcomes)))

    def test_timeout_zero_deadline_exceeded_raises(self):
        conn = self.connect()
        with self.assertRaises(pw.PlanWireError) as cm:
            self.get_programme(conn, "p6", timeout_micros=0)
        self.assertEqual(cm.exception.code, pw.DEADLINE_EXCEEDED)
        self.assertIn("deadline", cm.exception.message)

    def test_generous_timeout_succeeds(self):
        conn = self.connect()
        self.assertEqual(self.get_programme(conn, "p6", timeout_micros=10_000_000)
                         .response.number, 6)


class GoAwayTests(ServerTestCase):
    def test_unknown_frame_kind_goaway_then_fresh_connection_served(self):
        conn = self.connect()
        # One successful call first, so that last_stream_id has something to say.
        self.assertEqual(conn.unary("/grpc.health.v1.Health/Check", health.HealthCheckRequest(),
                                    health.HealthCheckResponse).status,
                         health.HealthCheckResponse.SERVING)
        conn.send_frame(42, 0, 0, b"")
        goaway = conn.read_goaway()
        self.assertIsNotNone(goaway, "the server closed without GOAWAY")
        self.assertEqual(goaway.code, pw.INTERNAL)
        self.assertEqual(goaway.last_stream_id, 1)
        self.assertTrue(goaway.reason, "GOAWAY without a reason")
        self.assertIn("unknown frame kind 42", goaway.reason)
        # The connection is closed after the GOAWAY.
        self.assertIsNone(conn.read_goaway())

        fresh = self.connect()
        self.assertEqual(fresh.unary("/grpc.health.v1.Health/Check",
                                     health.HealthCheckRequest(), health.HealthCheckResponse)
                         .status, health.HealthCheckResponse.SERVING)

    def test_goaway_raised_to_a_call_in_progress(self):
        conn = self.connect()
        sid = conn.next_stream_id()
        conn.send_frame(pw.HEADERS, 0, sid, wire.CallHeaders(
            method="/grpc.health.v1.Health/Check").SerializeToString())
        conn.send_frame(0, 0, 0, b"")  # kind 0 is not a frame kind either
        with self.assertRaises(pw.GoAwayError) as cm:
            conn._read_call(pw.CallResult(stream_id=sid), health.HealthCheckResponse)
        self.assertEqual(cm.exception.code, pw.INTERNAL)
        self.assertIn("unknown frame kind 0", cm.exception.reason)

    def test_first_frame_not_hello(self):
        conn = pw.PlanWireConnection(self.server.host, self.server.port, handshake=False)
        self.addCleanup(conn.close)
        conn.send_frame(pw.PING, 0, 0, b"12345678")
        goaway = conn.read_goaway()
        self.assertIsNotNone(goaway)
        self.assertEqual(goaway.code, pw.INTERNAL)
        self.assertIn("the first frame must be HELLO", goaway.reason)


if __name__ == "__main__":
    unittest.main(verbosity=2)
