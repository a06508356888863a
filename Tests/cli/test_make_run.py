"""`make run` as a new user meets it: scripts/run.sh starts the four processes, prints where they
listen and commands to try; every printed command works as printed; Ctrl-C (SIGINT to the
process group, as a terminal sends it) stops everything and the script exits 0.

Run as: python3 Tests/cli/test_make_run.py BIN_DIR   (the folder with the built executables)
"""
import os
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
BIN = None


def free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


class MakeRunTests(unittest.TestCase):
    def test_printed_commands_work_and_ctrl_c_stops_everything(self):
        data = tempfile.mkdtemp(prefix="plan-run-")
        self.addCleanup(shutil.rmtree, data, ignore_errors=True)
        gateway, http, catalogue, metrics_a, metrics_b = free_ports(5)
        env = dict(os.environ, PLAN_RUN_BIN=BIN, PLAN_RUN_DATA=data, PLAN_GATEWAY_PORT=str(gateway),
                   PLAN_GATEWAY_HTTP_PORT=str(http), PLAN_CATALOGUE_PORT=str(catalogue),
                   PLAN_RUN_METRICS_PORT_A=str(metrics_a), PLAN_RUN_METRICS_PORT_B=str(metrics_b))
        output_path = os.path.join(data, "run.out")
        output = open(output_path, "wb")
        self.addCleanup(output.close)
        process = subprocess.Popen([os.path.join(ROOT, "scripts", "run.sh")], stdout=output,
                                   stderr=subprocess.STDOUT, env=env, cwd=ROOT, start_new_session=True)
        self.addCleanup(lambda: process.poll() is None and os.killpg(process.pid, signal.SIGKILL))

        deadline = time.monotonic() + 120
        text = ""
        while "Ctrl-C stops everything" not in text:
            self.assertIsNone(process.poll(), "run.sh ended early:\n" + text)
            self.assertLess(time.monotonic(), deadline, "run.sh did not finish starting:\n" + text)
            time.sleep(0.2)
            with open(output_path, encoding="utf-8") as f:
                text = f.read()
        self.assertIn("HTTP http://127.0.0.1:%d" % http, text)
        # The explorer's address is the first line printed, and it serves the page.
        printed = [line for line in text.splitlines() if line.strip()]
        self.assertEqual("Explorer: http://127.0.0.1:%d/   (open it in a browser)" % http, printed[0])
        page = subprocess.run(["curl", "-sS", "--fail", "http://127.0.0.1:%d/" % http], capture_output=True, timeout=30)
        self.assertIn(b'<main id="view"', page.stdout)

        # Every printed command (a line starting with a planctl path or curl; a trailing
        # backslash continues it), run as printed, succeeds with some output.
        commands, pending = [], ""
        for line in text.splitlines():
            line = line.strip()
            if pending:
                pending += " " + line.rstrip("\\").strip()
                if not line.endswith("\\"):
                    commands.append(pending)
                    pending = ""
            elif line.startswith("curl ") or "/planctl " in line:
                if line.endswith("\\"):
                    pending = line.rstrip("\\").strip()
                else:
                    commands.append(line)
        self.assertGreaterEqual(len(commands), 3, text)
        for command in commands:
            if command.startswith("curl "):
                command = command.replace("curl -s", "curl -sS --fail-with-body", 1)
            result = subprocess.run(["bash", "-c", command], capture_output=True, timeout=60, cwd=ROOT)
            self.assertEqual(result.returncode, 0, "%s\nstdout: %s\nstderr: %s"
                             % (command, result.stdout[-2000:], result.stderr[-2000:]))
            self.assertTrue(result.stdout.strip(), command)

        os.killpg(process.pid, signal.SIGINT)
        self.assertEqual(process.wait(timeout=60), 0)
        with open(output_path, encoding="utf-8") as f:
            self.assertIn("stopped (logs in", f.read())
        left = subprocess.run(["pgrep", "-f", "--", "--port %d" % catalogue], capture_output=True)
        self.assertEqual(left.stdout, b"", "a process outlived run.sh")


if __name__ == "__main__":
    BIN = os.path.abspath(sys.argv.pop(1))
    unittest.main(verbosity=2)
