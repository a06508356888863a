"""End-to-end tests of the plan-catalogue executable as a process: it starts, tells where it
listens, and stops gracefully on SIGTERM with exit code 0.

Run as: python3 Tests/cli/test_plan_catalogue.py PATH/TO/plan-catalogue
"""
import os
import signal
import socket
import subprocess
import sys
import time
import unittest

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

    def test_missing_document_is_a_clear_error(self):
        result = subprocess.run([SERVER, "--port", "0", "--document", "/nonexistent.txt"], capture_output=True, timeout=30)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("nonexistent.txt", result.stderr.decode())


if __name__ == "__main__":
    SERVER = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=1)
