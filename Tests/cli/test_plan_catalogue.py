"""End-to-end tests of the plan-catalogue executable as a process: it starts, tells where it
listens, and stops gracefully on SIGTERM with exit code 0.

Run as: python3 Tests/cli/test_plan_catalogue.py PATH/TO/plan-catalogue
"""
import json
import os
import signal
import socket
import subprocess
import sys
import time
import unittest

from metrics_probe import health_check, metrics_port, scrape

SERVER = None


class GracefulStopTests(unittest.TestCase):
    def start(self):
        process = subprocess.Popen([SERVER, "--port", "0"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(process.stderr.close)
        self.addCleanup(process.stdout.close)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        line = process.stdout.readline().decode()
        self.assertIn("plan-catalogue listening on 127.0.0.1:", line)
        return process, int(line.rsplit(":", 1)[1])

    def test_sigterm_exits_zero(self):
        process, port = self.start()
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)
        log = process.stderr.read().decode()
        self.assertIn("draining: NOT_SERVING", log)
        self.assertRegex(log, r"plan-catalogue: .*\] stopped")

    def test_sigint_exits_zero(self):
        process, _ = self.start()
        process.send_signal(signal.SIGINT)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_metrics_count_calls_and_connections(self):
        process, port = self.start()
        metrics = metrics_port(process, "plan-catalogue")
        while_connected = health_check(port, then=lambda: scrape(metrics))
        self.assertEqual(while_connected[1].get("plan_wire_connections_open"), 1)
        content_type, samples = scrape(metrics)
        self.assertTrue(content_type.startswith("text/plain; version=0.0.4"), content_type)
        method = 'method="grpc.health.v1.Health/Check"'
        self.assertEqual(samples.get('plan_rpc_calls_total{%s,code="OK"}' % method), 1)
        self.assertEqual(samples.get('plan_rpc_duration_seconds_count{%s}' % method), 1)
        self.assertEqual(samples.get('plan_rpc_in_flight{%s}' % method), 0)
        self.assertEqual(samples.get("plan_wire_connections_accepted_total"), 1)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_json_logs(self):
        process = subprocess.Popen(
            [SERVER, "--port", "0", "--log-format", "json"], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.addCleanup(process.stderr.close)
        self.addCleanup(process.stdout.close)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        self.assertIn("plan-catalogue listening on", process.stdout.readline().decode())
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)
        lines = [json.loads(line) for line in process.stderr.read().decode().splitlines() if line.strip()]
        self.assertTrue(lines)
        for line in lines:
            self.assertEqual(line["label"], "plan-catalogue")
            self.assertIn("timestamp", line)
        self.assertIn("listening", [line["message"] for line in lines])
        self.assertIn("stopped", [line["message"] for line in lines])

    def test_missing_document_is_a_clear_error(self):
        result = subprocess.run([SERVER, "--port", "0", "--document", "/nonexistent.txt"], capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("nonexistent.txt", result.stderr.decode())


if __name__ == "__main__":
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
