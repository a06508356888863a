"""Starting ProgrammePlan's executables as real processes for end-to-end tests.

Each server is started with port 0 and reports `<name> listening on HOST:PORT` as a line on
standard output; standard error goes to a log file (never an unread pipe, which could fill up
and block the server). Every process is killed and reaped, with bounded waits, on cleanup.
"""
import os
import select
import signal
import subprocess
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
BUILD = os.environ.get("PLAN_BUILD_DIR", os.path.join(ROOT, ".build", "debug"))
STARTUP_TIMEOUT = 90.0
WRITE_TOKEN = "test-write-token-0123456789"


def binary(name):
    """The executable `name` (plan-gateway …), overridden by PLAN_GATEWAY_BIN and so on."""
    variable = "PLAN_%s_BIN" % name[len("plan-"):].upper()
    path = os.environ.get(variable, os.path.join(BUILD, name))
    if not os.path.exists(path):
        raise RuntimeError("%s not found; build it with `swift build --product %s`" % (path, name))
    return path


def resident_bytes(pid):
    """The process's resident set size (VmRSS, /proc/PID/status), in bytes."""
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    raise RuntimeError("no VmRSS for process %d" % pid)


class ServerProcess:
    """One server executable, its address read from its standard output."""

    def __init__(self, name, arguments, folder, env=None, markers=None, log_path=None):
        self.name = name
        self.log_path = log_path or os.path.join(folder, "%s-%d.stderr" % (name, time.monotonic_ns()))
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([binary(name), *arguments], stdout=subprocess.PIPE,
                                     stderr=self._log, cwd=ROOT,
                                     env=dict(os.environ, **(env or {})))
        self.addresses = {}
        try:
            self._read_addresses(markers or {"binary": "%s listening on " % name})
        except BaseException:
            self.kill()
            raise

    @property
    def port(self):
        return self.addresses["binary"][1]

    def _read_addresses(self, markers):
        deadline = time.monotonic() + STARTUP_TIMEOUT
        seen = b""
        fd = self.proc.stdout.fileno()
        while time.monotonic() < deadline and len(self.addresses) < len(markers):
            ready, _, _ = select.select([fd], [], [], 0.2)
            if ready:
                chunk = os.read(fd, 4096)
                if not chunk:
                    break
                seen += chunk
                for line in seen.decode("utf-8", "replace").splitlines():
                    for key, marker in markers.items():
                        if line.startswith(marker):
                            host, port = line[len(marker):].strip().rsplit(":", 1)
                            self.addresses[key] = (host, int(port))
            elif self.proc.poll() is not None:
                break
        if len(self.addresses) < len(markers):
            raise RuntimeError("%s did not report its addresses (exit %r, output %r, log %r)"
                               % (self.name, self.proc.poll(), seen, self.log()))

    def log(self):
        try:
            with open(self.log_path, "rb") as f:
                return f.read().decode("utf-8", "replace")[-4000:]
        except OSError:
            return ""

    def signal(self, number):
        os.kill(self.proc.pid, number)

    def wait(self, timeout=30.0):
        return self.proc.wait(timeout=timeout)

    def kill(self):
        if self.proc.poll() is None:
            try:
                self.proc.kill()
            except OSError:
                pass
        try:
            self.proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            pass
        for f in (self.proc.stdout, self._log):
            try:
                f.close()
            except OSError:
                pass


class Stack:
    """plan-catalogue, `replicas` plan-metrics on one SQLite file, and plan-gateway."""

    def __init__(self, folder, replicas=2, gateway_arguments=(), gateway_env=None):
        self.folder = folder
        self.processes = []
        try:
            self.catalogue = self._start("plan-catalogue", ["--port", "0"])
            database = os.path.join(folder, "data", "metrics.sqlite")
            # The replicas check the write token of recordings too (the gateway passes it on).
            self.metrics = [self._start("plan-metrics", ["--port", "0", "--database", database],
                                        env={"PLAN_WRITE_TOKEN": WRITE_TOKEN})
                            for _ in range(replicas)]
            self.gateway = self.start_gateway(gateway_arguments, gateway_env)
        except BaseException:
            self.close()
            raise

    def _start(self, name, arguments, env=None, markers=None):
        process = ServerProcess(name, arguments, self.folder, env=env, markers=markers)
        self.processes.append(process)
        return process

    def start_gateway(self, arguments=(), env=None):
        """Another gateway over the same backends (its HTTP address in addresses["http"])."""
        endpoints = ",".join("127.0.0.1:%d" % m.port for m in self.metrics)
        return self._start(
            "plan-gateway",
            ["--port", "0", "--http-port", "0", "--catalogue", "127.0.0.1:%d" % self.catalogue.port,
             "--metrics", endpoints, "--health-interval", "0.2", "--rate", "0", *arguments],
            env=dict({"PLAN_WRITE_TOKEN": WRITE_TOKEN}, **(env or {})),
            markers={"binary": "plan-gateway listening on ", "http": "plan-gateway HTTP listening on "})

    def close(self):
        for process in reversed(self.processes):
            process.kill()
