"""GET /v1/recordings/stream end to end: real processes on loopback (plan-catalogue, two
plan-metrics replicas on one SQLite file, plan-gateway), the stream read as a browser's
EventSource reads it (HTTP/1.1, chunked, `text/event-stream`), recordings made with POST
/v1/actuals.

What they pin: every recording comes once, whichever replica took it (the gateway watches
both: a replica on a shared SQLite file streams only its own); `Last-Event-ID` resumes after
that sequence; idle streams get keep-alive comments; a stream ends at its maximum age and on
the gateway's graceful shutdown (which then exits 0 at once, not after its grace period); the
limit of streams answers 503 with Retry-After.
"""
import http.client
import json
import os
import shutil
import signal
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

import plan_stack  # noqa: E402


class EventStream:
    """One GET /v1/recordings/stream, read event by event."""

    def __init__(self, address, headers=None, path="/v1/recordings/stream", timeout=20):
        self.connection = http.client.HTTPConnection(*address, timeout=timeout)
        self.connection.request("GET", path, headers=dict({"Accept": "text/event-stream"}, **(headers or {})))
        self.response = self.connection.getresponse()

    def next(self):
        """The next event as (fields, comments) at a blank line; None at the end of the stream."""
        fields, comments = {}, []
        while True:
            line = self.response.readline()
            if not line:
                return None
            line = line.decode("utf-8").rstrip("\n")
            if line == "":
                if fields or comments:
                    return fields, comments
                continue
            if line.startswith(":"):
                comments.append(line[1:].strip())
            else:
                name, _, value = line.partition(":")
                fields[name] = value[1:] if value.startswith(" ") else value

    def recordings(self, count):
        """The next `count` recordings (skipping comments and the retry field)."""
        found = []
        while len(found) < count:
            event = self.next()
            if event is None:
                raise AssertionError("the stream ended after %r" % found)
            fields, _ = event
            if fields.get("event") == "recording":
                data = json.loads(fields["data"])
                assert fields["id"] == str(data["sequence"]), fields
                found.append(data)
        return found

    def close(self):
        self.connection.close()


def record(address, row, value, request_id):
    connection = http.client.HTTPConnection(*address, timeout=20)
    body = json.dumps({"row_id": row, "year": 2019, "value": value, "reported_by": "stream test",
                       "request_id": request_id})
    connection.request("POST", "/v1/actuals", body=body, headers={
        "Content-Type": "application/json", "Authorization": "Bearer " + plan_stack.WRITE_TOKEN})
    response = connection.getresponse()
    answer = json.loads(response.read())
    connection.close()
    assert response.status == 201, (response.status, answer)
    return answer["recording"]


class RecordingsStreamTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.folder = tempfile.mkdtemp(prefix="plan-stream-")
        os.makedirs(os.path.join(cls.folder, "data"))
        cls.stack = plan_stack.Stack(cls.folder, replicas=2, gateway_arguments=[
            "--event-stream-keepalive", "0.3", "--event-stream-max-age", "4", "--max-event-streams", "3"])
        cls.http = cls.stack.gateway.addresses["http"]

    @classmethod
    def tearDownClass(cls):
        cls.stack.close()
        shutil.rmtree(cls.folder, ignore_errors=True)

    def setUp(self):
        # The gateway frees a closed stream's slot at its next write (a keep-alive, every 0.3 s
        # here): let the streams of the test before go, so that each test has the limit's 3.
        time.sleep(0.7)

    def open(self, **kwargs):
        stream = EventStream(self.http, **kwargs)
        self.addCleanup(stream.close)
        return stream

    def test_every_recording_once_from_either_replica_then_resumed(self):
        stream = self.open()
        self.assertEqual(200, stream.response.status)
        self.assertEqual("text/event-stream; charset=utf-8", stream.response.getheader("Content-Type"))
        fields, _ = stream.next()
        self.assertEqual({"retry": "2000"}, fields)
        # Round-robin spreads the recordings over both replicas.
        made = [record(self.http, "20.3.r%d" % (i % 5 + 1), 10 + i, "stream-%d-%f" % (i, time.time())) for i in range(6)]
        seen = stream.recordings(6)
        self.assertEqual(sorted(r["sequence"] for r in made), sorted(r["sequence"] for r in seen))
        self.assertEqual({(r["row_id"], r["value"]) for r in made}, {(r["row_id"], r["value"]) for r in seen})
        # Resuming after the first: the other five, each once.
        first = min(r["sequence"] for r in made)
        resumed = self.open(headers={"Last-Event-ID": str(first)})
        again = resumed.recordings(5)
        self.assertEqual(sorted(r["sequence"] for r in made if r["sequence"] > first), sorted(r["sequence"] for r in again))
        # Filtered by row, as WatchRecordings filters.
        only = self.open(path="/v1/recordings/stream?row_id=20.3.r2&last_event_id=0")
        rows = only.recordings(len([r for r in made if r["row_id"] == "20.3.r2"]))
        self.assertEqual({"20.3.r2"}, {r["row_id"] for r in rows})

    def test_keep_alive_then_the_stream_ends_at_its_maximum_age(self):
        stream = self.open()
        self.assertEqual(200, stream.response.status)
        started = time.monotonic()
        keep_alives = 0
        while True:
            event = stream.next()
            if event is None:
                break
            keep_alives += event[1].count("keep-alive")
        lived = time.monotonic() - started
        self.assertGreaterEqual(keep_alives, 3)
        self.assertGreater(lived, 3.0)
        self.assertLess(lived, 10.0)

    def test_bad_resume_point_and_unknown_programme_are_problems(self):
        bad = self.open(headers={"Last-Event-ID": "seven"})
        self.assertEqual(400, bad.response.status)
        self.assertEqual("Last-Event-ID", json.loads(bad.response.read())["parameter"])
        unknown = self.open(path="/v1/recordings/stream?programme_id=p99")
        self.assertEqual(404, unknown.response.status)
        self.assertEqual("application/problem+json", unknown.response.getheader("Content-Type"))

    def test_the_limit_of_streams(self):
        streams = [self.open() for _ in range(3)]
        for stream in streams:
            self.assertEqual(200, stream.response.status)
        refused = self.open()
        self.assertEqual(503, refused.response.status)
        self.assertEqual("5", refused.response.getheader("Retry-After"))
        self.assertIn("event streams open already", json.loads(refused.response.read())["detail"])
        for stream in streams:
            stream.close()

    def test_graceful_shutdown_ends_the_stream_and_the_gateway_exits_at_once(self):
        gateway = self.stack.start_gateway(["--grace-period", "30"])
        stream = EventStream(gateway.addresses["http"])
        self.addCleanup(stream.close)
        self.assertEqual(200, stream.response.status)
        stream.next()  # the retry field: the stream is open
        started = time.monotonic()
        gateway.signal(signal.SIGTERM)
        comments = []
        while True:
            event = stream.next()
            if event is None:
                break
            comments += event[1]
        self.assertIn("the gateway is shutting down; reconnect to resume", comments)
        self.assertEqual(0, gateway.wait(timeout=25))
        self.assertLess(time.monotonic() - started, 10.0, "the stream held the gateway up to its grace period")


if __name__ == "__main__":
    unittest.main(verbosity=2)
