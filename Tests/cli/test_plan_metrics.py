"""End-to-end tests of the plan-metrics executable as a process: it starts on a database it
creates (with its folder), tells where it listens, and stops gracefully on SIGTERM with exit
code 0.

Run as: python3 Tests/cli/test_plan_metrics.py PATH/TO/plan-metrics
"""
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import unittest

from metrics_probe import health_check, metrics_port, scrape

SERVER = None


class GracefulStopTests(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-metrics-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        self.database = os.path.join(self.folder, "nested", "metrics.sqlite")

    def start(self, *arguments, env=None):
        process = subprocess.Popen(
            [SERVER, *arguments], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
        self.addCleanup(process.stderr.close)
        self.addCleanup(process.stdout.close)
        self.addCleanup(lambda: process.poll() is None and process.kill())
        line = process.stdout.readline().decode()
        self.assertIn("plan-metrics listening on 127.0.0.1:", line)
        return process, int(line.rsplit(":", 1)[1])

    def test_sigterm_exits_zero(self):
        process, port = self.start("--port", "0", "--database", self.database)
        with socket.create_connection(("127.0.0.1", port), timeout=5):
            pass
        self.assertTrue(os.path.exists(self.database))
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)
        log = process.stderr.read().decode()
        self.assertIn("draining: NOT_SERVING", log)
        self.assertRegex(log, r"plan-metrics: .*\] stopped")

    def test_sigint_exits_zero(self):
        process, _ = self.start("--port", "0", "--database", self.database)
        process.send_signal(signal.SIGINT)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_environment_configures_port_and_database(self):
        env = dict(os.environ, PLAN_METRICS_PORT="0", PLAN_METRICS_DATABASE=self.database)
        process, port = self.start(env=env)
        self.assertGreater(port, 0)
        self.assertTrue(os.path.exists(self.database))
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_metrics_count_calls(self):
        process, port = self.start("--port", "0", "--database", self.database)
        metrics = metrics_port(process, "plan-metrics")
        health_check(port)
        health_check(port)
        _, samples = scrape(metrics)
        method = 'method="grpc.health.v1.Health/Check"'
        self.assertEqual(samples.get('plan_rpc_calls_total{%s,code="OK"}' % method), 2)
        self.assertEqual(samples.get('plan_rpc_duration_seconds_bucket{%s,le="+Inf"}' % method), 2)
        self.assertEqual(samples.get("plan_wire_connections_accepted_total"), 2)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_environment_configures_metrics_port(self):
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            free = probe.getsockname()[1]
        env = dict(os.environ, PLAN_METRICS_METRICS_PORT=str(free))
        process, _ = self.start("--port", "0", "--database", self.database, env=env)
        self.assertEqual(metrics_port(process, "plan-metrics"), free)
        process.send_signal(signal.SIGTERM)
        self.assertEqual(process.wait(timeout=20), 0)

    def test_unknown_log_format_is_a_clear_error(self):
        result = subprocess.run(
            [SERVER, "--port", "0", "--database", self.database, "--log-format", "xml"],
            capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("log format 'xml' is not one of text, json", result.stderr.decode())

    def test_unopenable_database_is_a_clear_error(self):
        blocker = os.path.join(self.folder, "file")
        open(blocker, "w").close()
        result = subprocess.run(
            [SERVER, "--port", "0", "--database", os.path.join(blocker, "metrics.sqlite")],
            capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("metrics.sqlite", result.stderr.decode())

    def test_help_never_shows_a_database_password_from_the_environment(self):
        env = dict(os.environ, PLAN_METRICS_DATABASE="postgres://plan:s3cret-pass@db:5432/plan")
        result = subprocess.run([SERVER, "--help"], capture_output=True, timeout=30, env=env)
        self.assertEqual(result.returncode, 0)
        self.assertIn("--database", result.stdout.decode())
        self.assertNotIn("s3cret-pass", result.stdout.decode() + result.stderr.decode())

    def test_unknown_log_level_is_a_clear_error(self):
        result = subprocess.run(
            [SERVER, "--port", "0", "--database", self.database, "--log-level", "loud"],
            capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("log level 'loud' is not one of trace, debug, info", result.stderr.decode())


if __name__ == "__main__":
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
