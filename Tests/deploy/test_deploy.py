"""Checks of deploy/ without a container engine or a cluster.

- Every Kubernetes manifest in deploy/k8s validates against the Kubernetes 1.30 JSON schemas
  (kubernetes-validate, strict: unknown fields fail), and the kustomization lists them all.
- compose.yaml (and compose.metrics-sqlite.yaml), the Dockerfile and the manifests name only real
  things: Dockerfile stages, SwiftPM products, files of the repository, flags and environment
  variables the executables read (from `.build/debug/<exe> --help` when built, else from the
  Swift sources; both are compared when the binaries exist), ports the executables listen on,
  secrets, Services whose selectors match a workload, probes on declared ports.
- The Prometheus endpoints (GET /metrics, /healthz on --metrics-port): exposed by the images,
  set explicitly in compose and the ConfigMap at the executables' defaults, declared as the
  containers' `metrics` ports, named by the pods' prometheus.io/* scrape annotations; a probe
  on that port is GET /healthz and, as that answers 200 while the process runs (draining or
  not), never the readiness probe.
- deploy/healthcheck.sh (the images' health check) works against real loopback listeners.

Run by scripts/test-deploy.sh (`make test-deploy`), which provides PyYAML and
kubernetes-validate in .build/python-venv.
"""

from __future__ import annotations

import copy
import fnmatch
import glob
import http.server
import os
import re
import shlex
import socket
import subprocess
import threading
import unittest
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
K8S = DEPLOY / "k8s"
KUBERNETES_VERSION = "1.30.0"

# The executables the images ship, and the library targets whose environment they read.
SERVERS = ("plan-catalogue", "plan-metrics", "plan-gateway")
SHIPPED = SERVERS + ("planctl",)
BIN_DIR = "/opt/programmeplan/bin"
# The port environment variables of each server: (binary front, HTTP front).
PORT_VARS = {
    "plan-catalogue": ("PLAN_CATALOGUE_PORT",),
    "plan-metrics": ("PLAN_METRICS_PORT",),
    "plan-gateway": ("PLAN_GATEWAY_PORT", "PLAN_GATEWAY_HTTP_PORT"),
}
# The port of each server's Prometheus endpoint (GET /metrics and GET /healthz).
METRICS_PORT_VARS = {
    "plan-catalogue": "PLAN_CATALOGUE_METRICS_PORT",
    "plan-metrics": "PLAN_METRICS_METRICS_PORT",
    "plan-gateway": "PLAN_GATEWAY_METRICS_PORT",
}


def all_port_vars(executable: str) -> tuple[str, ...]:
    return PORT_VARS[executable] + (METRICS_PORT_VARS[executable],)


# --- What the Swift package declares and the executables read --------------------------------

def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def package_products() -> dict[str, str]:
    """Executable products of Package.swift: name → target."""
    text = read(ROOT / "Package.swift")
    return dict(re.findall(r'\.executable\(\s*name:\s*"([^"]+)",\s*targets:\s*\["([^"]+)"\]', text))


def package_targets() -> dict[str, set[str]]:
    """Every target of Package.swift → the local targets it depends on directly."""
    text = read(ROOT / "Package.swift")
    chunks = re.split(r"\.(?:target|executableTarget|testTarget|systemLibrary)\(", text)[1:]
    targets: dict[str, set[str]] = {}
    for chunk in chunks:
        name = re.search(r'name:\s*"([^"]+)"', chunk).group(1)
        deps = re.search(r"dependencies:\s*\[(.*?)\]\s*[,)]", chunk, re.S)
        body = re.sub(r"\.product\([^)]*\)", "", deps.group(1)) if deps else ""
        targets[name] = set(re.findall(r'"([^"]+)"', body))
    return {name: {d for d in deps if d in targets} for name, deps in targets.items()}


def target_closure(target: str) -> set[str]:
    graph = package_targets()
    seen, todo = set(), [target]
    while todo:
        t = todo.pop()
        if t not in seen:
            seen.add(t)
            todo.extend(graph.get(t, ()))
    return seen


def swift_sources(target: str) -> list[Path]:
    return sorted((ROOT / "Sources" / target).rglob("*.swift"))


def env_vars_read(executable: str) -> set[str]:
    """PLAN_* variables read through ProcessInfo's environment by the executable or its targets."""
    names: set[str] = set()
    for target in target_closure(package_products()[executable]):
        for path in swift_sources(target):
            names |= set(re.findall(r'environment\["(PLAN_[A-Z0-9_]+)"\]', read(path)))
    return names


def kebab(name: str) -> str:
    return re.sub(r"([a-z0-9])([A-Z])", r"\1-\2", name).lower()


def flags_from_source(executable: str) -> set[str]:
    """Long flags declared with @Option/@Flag anywhere in the executable's own target, and in the
    option groups (`@OptionGroup var x: ServerOptions`) it includes from PlanServerRuntime."""
    flags = {"--help"}
    own = swift_sources(package_products()[executable])
    groups = [p for p in swift_sources("PlanServerRuntime")
              if any(re.search(r"@OptionGroup\s+var\s+\w+:\s*%s\b" % p.stem, read(o)) for o in own)]
    for path in own + groups:
        text = read(path)
        for m in re.finditer(r"@(?:Option|Flag)\b", text):
            # The attribute's arguments, parentheses balanced (help texts nest them), then the var.
            i, arguments = m.end(), ""
            while i < len(text) and text[i] in " \t\n":
                i += 1
            if i < len(text) and text[i] == "(":
                depth, start = 0, i
                while i < len(text):
                    depth += {"(": 1, ")": -1}.get(text[i], 0)
                    i += 1
                    if depth == 0:
                        break
                arguments = text[start:i]
            var = re.match(r"\s*(?:public\s+)?var\s+(\w+)", text[i:])
            if not var:
                continue
            custom = re.search(r'\.customLong\("([^"]+)"\)', arguments)
            flags.add("--" + (custom.group(1) if custom else kebab(var.group(1))))
    return flags


def subcommands_from_source(executable: str) -> set[str]:
    names = set()
    for path in swift_sources(package_products()[executable]):
        text = read(path)
        names |= set(re.findall(r'commandName:\s*"([^"]+)"', text))
        # ArgumentParser's default command name: the type's name in kebab case.
        names |= {kebab(n) for n in re.findall(r"struct\s+(\w+)\s*:\s*(?:Async)?ParsableCommand", text)}
    return names - {executable}


def debug_binary(executable: str) -> Path | None:
    """The built executable, unless missing or older than one of its sources (then stale)."""
    path = ROOT / ".build" / "debug" / executable
    if not os.access(path, os.X_OK):
        return None
    built = path.stat().st_mtime
    sources = [s for t in target_closure(package_products()[executable]) for s in swift_sources(t)]
    newest = max((s.stat().st_mtime for s in sources + [ROOT / "Package.swift"]), default=0)
    return path if newest <= built else None


def help_text(executable: str, *subcommand: str) -> str | None:
    binary = debug_binary(executable)
    if binary is None:
        return None
    result = subprocess.run([str(binary), *subcommand, "--help"], capture_output=True, text=True, timeout=60)
    return result.stdout if result.returncode == 0 else None


def flags_of(executable: str, *subcommand: str) -> set[str]:
    """The long flags `executable [subcommand] --help` lists; from the sources when not built."""
    text = help_text(executable, *subcommand)
    if text is None:
        return flags_from_source(executable)
    options = text.split("OPTIONS:", 1)[-1]
    return set(re.findall(r"(?m)^\s+(?:-\w, )?(--[a-z0-9][a-z0-9-]*)", options))


def subcommands_of(executable: str) -> set[str]:
    text = help_text(executable)
    if text is None:
        return subcommands_from_source(executable)
    section = text.split("SUBCOMMANDS:", 1)[1] if "SUBCOMMANDS:" in text else ""
    return set(re.findall(r"(?m)^  ([a-z][a-z0-9-]*)\s", section))


def check_arguments(test: unittest.TestCase, executable: str, args: list[str], where: str) -> None:
    """Every --flag in args is one the executable (or its subcommand) takes."""
    args = list(args)
    subcommand: list[str] = []
    if executable == "planctl" and args and not args[0].startswith("-"):
        test.assertIn(args[0], subcommands_of(executable), f"{where}: planctl has no subcommand {args[0]}")
        subcommand = [args.pop(0)]
    known = flags_of(executable, *subcommand)
    for arg in args:
        if arg.startswith("--"):
            test.assertIn(arg.split("=", 1)[0], known, f"{where}: {executable} {' '.join(subcommand)} has no flag {arg}")


def source_default_port(variable: str) -> int:
    for path in (ROOT / "Sources").rglob("*.swift"):
        m = re.search(r'environment\["%s"\]\s*\?\?\s*""\)\s*\?\?\s*(\d+)' % variable, read(path))
        if m:
            return int(m.group(1))
    raise AssertionError(f"no default port for {variable} in Sources/")


def metrics_endpoint_source() -> str:
    return read(ROOT / "Sources/PlanObservability/MetricsEndpoint.swift")


def source_default_metrics_port(executable: str) -> int:
    """The default of --metrics-port: MetricsEndpoint.defaultPort(besides: the PlanWire port)."""
    variable = METRICS_PORT_VARS[executable]
    text = "".join(read(p) for p in swift_sources(package_products()[executable]))
    pattern = r'environment\["%s"\]\s*\?\?\s*""\)\s*\?\?\s*MetricsEndpoint\.defaultPort\(besides:\s*port\)' % variable
    if not re.search(pattern, text):
        return source_default_port(variable)
    offset = re.search(r"func defaultPort\(besides port: Int\) -> Int \{[^}]*port \+ (\d+)", metrics_endpoint_source())
    assert offset, "MetricsEndpoint.defaultPort: no `port + N`"
    return source_default_port(PORT_VARS[executable][0]) + int(offset.group(1))


def default_port(variable: str) -> int:
    for exe, name in METRICS_PORT_VARS.items():
        if name == variable:
            return source_default_metrics_port(exe)
    return source_default_port(variable)


def check_postgres_url(test: unittest.TestCase, url: str, where: str) -> None:
    """plan-metrics takes `url` as PostgreSQL (not as a SQLite path), with known parameters only."""
    sources = [read(p) for t in target_closure(package_products()["plan-metrics"]) for p in swift_sources(t)]
    location = next((s for s in sources if "struct PostgresLocation" in s), None)
    test.assertIsNotNone(location, f"{where}: plan-metrics has no PostgreSQL store (PostgresLocation)")
    prefixes = re.findall(r'hasPrefix\("(postgres(?:ql)?://)"\)', location)
    test.assertTrue(any(url.startswith(prefix) for prefix in prefixes), f"{where}: {url} would be a SQLite path")
    test.assertTrue(any("PostgresLocation.isURL(databaseLocation)" in s for s in sources), f"{where}: --database ignores URLs")
    known = set(re.findall(r'case "(\w+)":', location.split("queryItems", 1)[-1].split("public var description", 1)[0]))
    if "?" in url:
        for pair in url.split("?", 1)[1].split("&"):
            test.assertIn(pair.split("=", 1)[0], known, f"{where}: unknown URL parameter in {url}")


def host_vars(executable: str) -> set[str]:
    """Every PLAN_*_HOST the server reads (its listening addresses): all must be 0.0.0.0."""
    return {v for v in env_vars_read(executable) if v.endswith("_HOST")}


def metrics_endpoint_paths() -> set[str]:
    return {"/" + p for p in re.findall(r'router\.get\("([^"]+)"\)', metrics_endpoint_source())}


def metrics_healthz_is_liveness_only() -> bool:
    """MetricsEndpoint's /healthz answers a constant (no health service behind it)."""
    return re.search(r'router\.get\("healthz"\)\s*\{\s*_,\s*_\s+in\s+"ok"\s*\}', metrics_endpoint_source()) is not None


# --- The Dockerfile -------------------------------------------------------------------------

class Dockerfile:
    """Instructions (continuations joined, comments dropped) grouped by stage."""

    def __init__(self, path: Path):
        lines, current = [], ""
        for raw in read(path).splitlines():
            stripped = raw.strip()
            if not current and (not stripped or stripped.startswith("#")):
                continue
            if stripped.startswith("#"):
                continue
            if stripped.endswith("\\"):
                current += stripped[:-1] + " "
                continue
            lines.append(current + stripped)
            current = ""
        self.args: dict[str, str] = {}
        self.stages: dict[str, dict] = {}
        self.order: list[str] = []
        stage = None
        for line in lines:
            keyword, _, rest = line.partition(" ")
            keyword = keyword.upper()
            if keyword == "ARG" and stage is None:
                name, _, value = rest.partition("=")
                self.args[name] = value
            elif keyword == "FROM":
                m = re.match(r"(\S+)(?:\s+AS\s+(\S+))?$", rest, re.I)
                name = m.group(2) or f"stage{len(self.order)}"
                stage = {"name": name, "base": m.group(1), "instructions": []}
                self.stages[name] = stage
                self.order.append(name)
            else:
                stage["instructions"].append((keyword, rest))

    def instructions(self, stage: str, keyword: str) -> list[str]:
        return [rest for k, rest in self.stages[stage]["instructions"] if k == keyword]

    def lineage(self, stage: str) -> list[str]:
        """The stage and the stages it is built FROM, nearest first."""
        chain = [stage]
        while self.stages[chain[-1]]["base"] in self.stages:
            chain.append(self.stages[chain[-1]]["base"])
        return chain

    def effective(self, stage: str, keyword: str) -> str | None:
        for name in self.lineage(stage):
            found = self.instructions(name, keyword)
            if found:
                return found[-1]
        return None

    def env(self, stage: str) -> dict[str, str]:
        env: dict[str, str] = {}
        for name in reversed(self.lineage(stage)):
            for rest in self.instructions(name, "ENV"):
                for token in shlex.split(rest):
                    key, _, value = token.partition("=")
                    env[key] = value
        return env


def json_list(text: str) -> list[str]:
    value = yaml.safe_load(text)
    assert isinstance(value, list), f"not an exec-form list: {text}"
    return value


def dockerignore_patterns() -> list[str]:
    return [l.strip() for l in read(ROOT / ".dockerignore").splitlines() if l.strip() and not l.startswith("#")]


def dockerignored(path: str) -> bool:
    parts = Path(path).parts
    for pattern in dockerignore_patterns():
        for i in range(1, len(parts) + 1):
            if fnmatch.fnmatch("/".join(parts[:i]), pattern.rstrip("/")):
                return True
    return False


# --- Helpers over YAML ----------------------------------------------------------------------

def load_all(path: Path) -> list[dict]:
    return [doc for doc in yaml.safe_load_all(read(path)) if doc]


def k8s_resources() -> list[tuple[Path, dict]]:
    return [(p, doc) for p in sorted(K8S.glob("*.yaml")) if p.name != "kustomization.yaml" for doc in load_all(p)]


def of_kind(kind: str) -> list[dict]:
    return [doc for _, doc in k8s_resources() if doc["kind"] == kind]


def one(kind: str, name: str) -> dict:
    found = [d for d in of_kind(kind) if d["metadata"]["name"] == name]
    assert len(found) == 1, f"{kind}/{name}: {len(found)} found"
    return found[0]


def executable_of_image(image: str) -> str | None:
    base = image.rsplit("/", 1)[-1].split(":", 1)[0]
    return base if base in SHIPPED else None


def endpoints(value: str) -> list[tuple[str, int]]:
    result = []
    for part in value.split(","):
        host, _, port = part.strip().rpartition(":")
        result.append((host, int(port)))
    return result


# ==============================================================================================

class PackageTests(unittest.TestCase):
    def test_products_shipped_are_products_of_the_package(self):
        products = package_products()
        for name in SHIPPED:
            self.assertIn(name, products)

    def test_source_flags_agree_with_help_when_built(self):
        for exe in SHIPPED:
            if help_text(exe) is None:
                continue
            if exe == "planctl":
                self.assertLessEqual(subcommands_of(exe) - {"help"}, subcommands_from_source(exe))
                continue
            self.assertEqual(flags_of(exe), flags_from_source(exe), exe)

    def test_help_names_every_env_var_the_server_reads(self):
        for exe in SERVERS:
            text = help_text(exe)
            if text is None:
                continue
            for var in env_vars_read(exe) - {"PLAN_DOCUMENT"}:
                self.assertIn(var, text.replace("\n", " ").replace("  ", ""), f"{exe} --help does not mention {var}")


class DockerfileTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dockerfile = Dockerfile(DEPLOY / "Dockerfile")

    def test_one_final_stage_per_shipped_executable(self):
        for exe in SHIPPED:
            self.assertIn(exe, self.dockerfile.stages, f"no stage {exe}")
            entrypoint = json_list(self.dockerfile.effective(exe, "ENTRYPOINT"))
            self.assertEqual(entrypoint[0], f"{BIN_DIR}/{exe}", f"stage {exe} runs {entrypoint}")
            copies = [c for stage in self.dockerfile.lineage(exe) for c in self.dockerfile.instructions(stage, "COPY")]
            copied = [shlex.split(c) for c in copies if c.startswith("--from=build ")]
            sources = {Path(t).name for c in copied for t in c[1:-1]}
            self.assertIn(exe, sources, f"stage {exe} does not copy its binary")
            self.assertIn("ProgrammePlan_PlanDataset.resources", sources, f"stage {exe}: no embedded document")
            self.assertIn("plan-healthcheck", sources)
            for c in copied:
                if any(t.endswith(".resources") for t in c[1:-1]):
                    self.assertEqual(c[-1], f"{BIN_DIR}/{Path(c[-2]).name}", "a bundle must sit beside the binaries")
        self.assertIn("GRDB_GRDB.resources", " ".join(self.dockerfile.instructions("plan-metrics", "COPY")))
        # The gateway's explorer: its files beside the binary, Chart.js from Debian's package.
        self.assertIn("ProgrammePlan_PlanGateway.resources", " ".join(self.dockerfile.instructions("plan-gateway", "COPY")))
        self.assertTrue((ROOT / "Sources/PlanGateway/ExplorerAssets/index.html").is_file())
        self.assertIn("libjs-chart.js", " ".join(self.dockerfile.instructions("plan-gateway", "RUN")))
        self.assertEqual("10001:10001", self.dockerfile.effective("plan-gateway", "USER"))
        # Each server image has only its own server binary.
        for exe in SERVERS:
            copies = " ".join(c for stage in self.dockerfile.lineage(exe) for c in self.dockerfile.instructions(stage, "COPY"))
            for other in set(SERVERS) - {exe}:
                self.assertNotIn(f"/staging/{other} ", copies + " ", f"stage {exe} ships {other}")

    def test_build_stage_builds_every_shipped_product_in_release_static(self):
        run = " ".join(self.dockerfile.instructions("build", "RUN"))
        self.assertIn("swift build -c release --static-swift-stdlib", run)
        for loop in re.findall(r"for product in ([^;]+);", run):
            self.assertEqual(sorted(loop.split()), sorted(SHIPPED))
            self.assertTrue(set(loop.split()) <= set(package_products()))
        self.assertIn("*.resources", run, "the resource bundles are not copied beside the binaries")
        self.assertTrue((ROOT / "Sources/PlanDataset/programme-budget-2020.zh.txt").is_file())
        self.assertIn("ProgrammePlan_PlanDataset.resources", run)
        self.assertIn("ProgrammePlan_PlanGateway.resources/ExplorerAssets/index.html", run)

    def test_base_images(self):
        self.assertTrue(self.dockerfile.stages["build"]["base"].startswith("swift:"))
        self.assertRegex(self.dockerfile.args["SWIFT_VERSION"], r"^6\.\d+$")
        self.assertEqual(self.dockerfile.stages["runtime"]["base"], "debian:${DEBIAN_RELEASE}-slim")
        self.assertEqual(self.dockerfile.args["DEBIAN_RELEASE"], "bookworm")

    def test_copy_sources_exist_and_are_not_dockerignored(self):
        for name in self.dockerfile.order:
            for rest in self.dockerfile.instructions(name, "COPY"):
                tokens = shlex.split(rest)
                options = [t for t in tokens if t.startswith("--")]
                sources = [t for t in tokens if not t.startswith("--")][:-1]
                source_stage = next((o.split("=", 1)[1] for o in options if o.startswith("--from=")), None)
                if source_stage:
                    self.assertIn(source_stage, self.dockerfile.order[: self.dockerfile.order.index(name)])
                    continue
                for source in sources:
                    matches = glob.glob(str(ROOT / source))
                    self.assertTrue(matches, f"COPY {source}: nothing in the repository")
                    for match in matches:
                        rel = os.path.relpath(match, ROOT)
                        if rel != "Package.resolved":
                            self.assertFalse(dockerignored(rel), f"COPY {rel} is excluded by .dockerignore")

    def test_dockerignore_keeps_build_output_and_git_out(self):
        for path in (".build/debug/planctl", ".build-linux/x", ".git/HEAD", "deploy/secrets/write-token"):
            self.assertTrue(dockerignored(path), path)

    def test_runtime_has_only_runtime_libraries_and_a_numeric_user(self):
        run = " ".join(self.dockerfile.instructions("runtime", "RUN"))
        for package in ("libprotobuf-c1", "zlib1g", "libsqlite3-0", "ca-certificates", "--no-install-recommends"):
            self.assertIn(package, run)
        self.assertNotRegex(run, r"\S+-dev\b")
        self.assertNotIn("swift", self.dockerfile.stages["runtime"]["base"])
        user = self.dockerfile.effective("runtime", "USER")
        uid = user.split(":")[0]
        self.assertTrue(uid.isdigit() and int(uid) > 0, f"USER {user}")

    def test_entrypoint_and_cmd_flags_are_real(self):
        for exe in SHIPPED:
            entrypoint = json_list(self.dockerfile.effective(exe, "ENTRYPOINT"))
            cmd = self.dockerfile.effective(exe, "CMD")
            args = entrypoint[1:] + (json_list(cmd) if cmd else [])
            check_arguments(self, exe, args, f"Dockerfile stage {exe}")
        self.assertEqual(json_list(self.dockerfile.effective("planctl", "CMD"))[0], "ingest")

    def test_servers_listen_on_all_addresses_on_their_default_ports(self):
        for exe in SERVERS:
            env = self.dockerfile.env(exe)
            for key in env:
                if key != "PATH":
                    self.assertIn(key, env_vars_read(exe), f"stage {exe}: {exe} does not read {key}")
            host_var = PORT_VARS[exe][0].replace("_PORT", "_HOST")
            self.assertIn(host_var, host_vars(exe))
            for var in host_vars(exe):
                self.assertEqual(env.get(var), "0.0.0.0", f"stage {exe}: {var}")
            exposed = {int(p) for rest in self.dockerfile.instructions(exe, "EXPOSE") for p in rest.split()}
            ports = {int(env[v]) for v in all_port_vars(exe)}
            self.assertEqual(exposed, ports, f"stage {exe}: EXPOSE {exposed}, listens on {ports}")
            for var in all_port_vars(exe):
                self.assertEqual(int(env[var]), default_port(var), f"stage {exe}: {var}")

    def test_healthchecks_probe_the_listening_port(self):
        for exe in SERVERS:
            healthcheck = self.dockerfile.instructions(exe, "HEALTHCHECK")
            self.assertEqual(len(healthcheck), 1, exe)
            command = json_list(healthcheck[0].split("CMD", 1)[1].strip())
            script = command[-1]
            self.assertIn("plan-healthcheck", script)
            port_var = PORT_VARS[exe][-1]
            self.assertIn(f"${port_var}", script.replace('"', "").replace("\\", ""))
            if exe == "plan-gateway":
                self.assertIn("/healthz", script)
        self.assertIn("deploy/healthcheck.sh /staging/plan-healthcheck", " ".join(self.dockerfile.instructions("build", "COPY")))


class HealthcheckScriptTests(unittest.TestCase):
    script = str(DEPLOY / "healthcheck.sh")

    def run_check(self, *args: str) -> int:
        return subprocess.run(["bash", self.script, *args], capture_output=True, timeout=30).returncode

    def test_syntax(self):
        self.assertEqual(subprocess.run(["bash", "-n", self.script]).returncode, 0)

    def test_tcp(self):
        with socket.socket() as listener:
            listener.bind(("127.0.0.1", 0))
            listener.listen(4)
            port = listener.getsockname()[1]
            self.assertEqual(self.run_check("tcp", str(port)), 0)
        self.assertNotEqual(self.run_check("tcp", str(port)), 0)

    def test_http_status(self):
        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):
                code = {"/healthz": 200, "/readyz": 503}.get(self.path, 404)
                self.send_response(code)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            port = str(server.server_address[1])
            self.assertEqual(self.run_check("http", port, "/healthz"), 0)
            self.assertEqual(self.run_check("http", port, "/readyz"), 1)
            self.assertEqual(self.run_check("http", port, "/missing"), 1)
        finally:
            server.shutdown()
            server.server_close()

    def test_usage(self):
        self.assertEqual(self.run_check("udp", "1"), 2)
        self.assertEqual(self.run_check("tcp", "x"), 2)


class ComposeTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.compose = yaml.safe_load(read(DEPLOY / "compose.yaml"))
        cls.sqlite = yaml.safe_load(read(DEPLOY / "compose.metrics-sqlite.yaml"))
        cls.dockerfile = Dockerfile(DEPLOY / "Dockerfile")
        cls.services = cls.compose["services"]

    def executable(self, name: str) -> str | None:
        build = self.services[name].get("build")
        return build["target"] if build else None

    def port(self, name: str) -> int:
        exe = self.executable(name)
        return int(self.services[name]["environment"][PORT_VARS[exe][0]])

    def test_builds_name_real_targets_and_files(self):
        for name, service in self.services.items():
            if "build" not in service:
                self.assertIn("image", service, name)
                continue
            build = service["build"]
            context = (DEPLOY / build["context"]).resolve()
            self.assertEqual(context, ROOT, name)
            self.assertTrue((context / build["dockerfile"]).is_file(), name)
            self.assertIn(build["target"], self.dockerfile.stages, name)
            self.assertIn(build["target"], package_products(), name)
            self.assertEqual(executable_of_image(service["image"]), build["target"], name)

    def test_environment_names_variables_the_executable_reads(self):
        for compose in (self.compose, self.sqlite):
            for name, service in compose["services"].items():
                exe = self.executable(name)
                if exe is None:
                    continue
                names = set(service.get("environment", {}))
                entrypoint = service.get("entrypoint") or []
                for part in entrypoint:
                    names |= set(re.findall(r"\b([A-Z][A-Z0-9_]*)=", part))
                for var in names:
                    self.assertIn(var, env_vars_read(exe), f"{name}: {exe} does not read {var}")

    def test_entrypoints_run_the_service_executable(self):
        for compose in (self.compose, self.sqlite):
            for name, service in compose["services"].items():
                entrypoint = service.get("entrypoint")
                if not entrypoint:
                    continue
                exe = self.executable(name)
                script = " ".join(entrypoint)
                self.assertIn(f"{BIN_DIR}/{exe}", script, name)
                for word in shlex.split(script.replace("$$", "$")):
                    if word.startswith(BIN_DIR):
                        self.assertIn(Path(word).name, SHIPPED)
                flags = [w for w in entrypoint if w.startswith("--")]
                check_arguments(self, exe, flags, f"compose {name}")

    def test_several_metrics_replicas_all_behind_the_gateway(self):
        metrics = [n for n in self.services if self.executable(n) == "plan-metrics"]
        self.assertGreaterEqual(len(metrics), 2)
        gateway = self.services["gateway"]["environment"]
        listed = endpoints(gateway["PLAN_GATEWAY_METRICS"])
        self.assertEqual(sorted(listed), sorted((n, self.port(n)) for n in metrics))
        self.assertEqual(endpoints(gateway["PLAN_GATEWAY_CATALOGUE"]), [("catalogue", self.port("catalogue"))])

    def test_ports_and_hosts(self):
        for name in self.services:
            exe = self.executable(name)
            if exe is None:
                continue
            env = self.services[name]["environment"]
            for var in host_vars(exe):
                self.assertEqual(env[var], "0.0.0.0", f"{name}: {var}")
            for var in all_port_vars(exe):
                self.assertEqual(int(env[var]), default_port(var), f"{name}: {var}")
            metrics_port = int(env[METRICS_PORT_VARS[exe]])
            self.assertEqual([int(p) for p in self.services[name].get("expose", [])], [metrics_port], f"{name}: expose")
            self.assertNotIn(metrics_port, [int(p.rsplit(":", 1)[-1]) for p in self.services[name].get("ports", [])])
        published = [p.rsplit(":", 1)[-1] for p in self.services["gateway"]["ports"]]
        env = self.services["gateway"]["environment"]
        self.assertEqual(sorted(published), sorted([env["PLAN_GATEWAY_PORT"], env["PLAN_GATEWAY_HTTP_PORT"]]))

    def test_healthchecks_and_depends_on(self):
        for name, service in self.services.items():
            self.assertIn("healthcheck", service, name)
            test = service["healthcheck"]["test"]
            exe = self.executable(name)
            if exe and test[:3] == ["CMD", "planctl", "health"]:
                # grpc.health.v1 over PlanWire, on the service's PlanWire port.
                check_arguments(self, "planctl", test[2:], f"compose {name} healthcheck")
                host, port = endpoints(test[test.index("--gateway") + 1])[0]
                self.assertEqual((host, port), ("127.0.0.1", int(service["environment"][PORT_VARS[exe][0]])), name)
            elif exe:
                self.assertEqual(test[:2], ["CMD", "plan-healthcheck"], name)
                self.assertEqual(int(test[3]), int(service["environment"][PORT_VARS[exe][-1]]), name)
            for dependency, spec in service.get("depends_on", {}).items():
                self.assertIn(dependency, self.services, name)
                self.assertEqual(spec["condition"], "service_healthy")
                self.assertIn("healthcheck", self.services[dependency])
        self.assertEqual(self.services["gateway"]["healthcheck"]["test"][-1], "/readyz")

    def test_secrets_exist_and_are_used(self):
        declared = self.compose["secrets"]
        for name, secret in declared.items():
            path = DEPLOY / secret["file"]
            self.assertTrue(path.is_file() or path.with_name(path.name + ".example").is_file(), f"secret {name}: {path}")
        for name, service in self.services.items():
            mine = set(service.get("secrets", []))
            self.assertTrue(mine <= set(declared), name)
            text = yaml.safe_dump(service)
            for used in re.findall(r"/run/secrets/([\w.-]+)", text):
                self.assertIn(used, mine, f"{name} reads secret {used} it is not given")
        self.assertEqual(self.services["gateway"]["environment"]["PLAN_WRITE_TOKEN_FILE"], "/run/secrets/write-token")

    def test_example_secrets_are_usable(self):
        token = read(DEPLOY / "secrets/write-token.example").strip()
        self.assertGreaterEqual(len(token), 16)
        self.assertIn("EXAMPLE", token)
        self.assertRegex(read(DEPLOY / "secrets/postgres-password.example").strip(), r"^[A-Za-z0-9]+$")

    def test_metrics_database_is_the_postgres_service(self):
        postgres = self.services["postgres"]
        self.assertTrue(postgres["image"].startswith("postgres:16"))
        env = postgres["environment"]
        for name in self.services:
            if self.executable(name) != "plan-metrics":
                continue
            script = " ".join(self.services[name]["entrypoint"])
            m = re.search(r'PLAN_METRICS_DATABASE="postgres://(\w+):[^@]+@([\w-]+):(\d+)/(\w+)(\?[^"]*)?"', script)
            self.assertIsNotNone(m, name)
            check_postgres_url(self, re.search(r'PLAN_METRICS_DATABASE="([^"]+)"', script).group(1), f"compose {name}")
            self.assertEqual(m.groups()[:4], (env["POSTGRES_USER"], "postgres", "5432", env["POSTGRES_DB"]))
            self.assertIn("postgres", self.services[name]["depends_on"])

    def test_sqlite_override_only_changes_metrics(self):
        for name, service in self.sqlite["services"].items():
            self.assertEqual(self.executable(name), "plan-metrics", name)
            for volume in service["volumes"]:
                self.assertIn(volume.split(":")[0], self.sqlite["volumes"])
            database = service["environment"]["PLAN_METRICS_DATABASE"]
            mounts = [v.split(":")[1] for v in service["volumes"]]
            self.assertTrue(any(database.startswith(m + "/") for m in mounts), name)


class KubernetesSchemaTests(unittest.TestCase):
    def test_every_manifest_validates_against_the_schemas(self):
        import kubernetes_validate

        resources = k8s_resources()
        self.assertGreaterEqual(len(resources), 10)
        for path, doc in resources:
            with self.subTest(file=path.name, kind=doc.get("kind"), name=doc["metadata"]["name"]):
                kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)

    def test_validation_catches_a_misspelt_field(self):
        import kubernetes_validate

        deployment = copy.deepcopy(one("Deployment", "plan-gateway"))
        deployment["spec"]["template"]["spec"]["containers"][0]["readinesProbe"] = {}
        with self.assertRaises(kubernetes_validate.ValidationError):
            kubernetes_validate.validate(deployment, KUBERNETES_VERSION, strict=True)

    def test_kustomization_lists_every_manifest(self):
        kustomization = yaml.safe_load(read(K8S / "kustomization.yaml"))
        listed = set(kustomization["resources"])
        present = {p.name for p in K8S.glob("*.yaml")} - {"kustomization.yaml"}
        self.assertEqual(listed, present)
        namespace = one("Namespace", "programmeplan")["metadata"]["name"]
        self.assertEqual(kustomization["namespace"], namespace)
        for _, doc in k8s_resources():
            if doc["kind"] != "Namespace":
                self.assertEqual(doc["metadata"].get("namespace"), namespace, doc["metadata"]["name"])
        images = {i["name"] for i in kustomization["images"]}
        for deployment in of_kind("Deployment"):
            for container in deployment["spec"]["template"]["spec"]["containers"]:
                self.assertIn(container["image"].split(":")[0], images)


class KubernetesWorkloadTests(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.config = one("ConfigMap", "plan-config")["data"]
        cls.secret = one("Secret", "plan-secrets")

    def containers(self):
        for deployment in of_kind("Deployment"):
            for container in deployment["spec"]["template"]["spec"]["containers"]:
                yield deployment, container, executable_of_image(container["image"])

    def test_every_service_has_a_deployment(self):
        self.assertEqual(sorted(exe for _, _, exe in self.containers()), sorted(SERVERS))

    def test_environment_and_arguments_are_real(self):
        for deployment, container, exe in self.containers():
            where = deployment["metadata"]["name"]
            env = container.get("env", [])
            names = [e["name"] for e in env]
            for i, entry in enumerate(env):
                if entry["name"] in env_vars_read(exe):
                    continue
                # A helper only expanded into a later variable with $(NAME).
                later = " ".join(e.get("value", "") for e in env[i + 1:])
                self.assertIn(f"$({entry['name']})", later, f"{where}: {exe} does not read {entry['name']}")
            for ref in container.get("envFrom", []):
                name = ref["configMapRef"]["name"]
                data = one("ConfigMap", name)["data"]
                read_by_some = set().union(*(env_vars_read(e) for e in SERVERS))
                self.assertTrue(set(data) <= read_by_some, f"{name}: {set(data) - read_by_some}")
            check_arguments(self, exe, container.get("command", [])[1:] + container.get("args", []), where)
            for entry in env:
                key = entry.get("valueFrom", {}).get("secretKeyRef")
                if key:
                    self.assertEqual(key["name"], self.secret["metadata"]["name"])
                    self.assertIn(key["key"], self.secret["stringData"])
            self.assertEqual(len(names), len(set(names)))

    def test_every_config_variable_is_read_by_some_server(self):
        read_by_some = set().union(*(env_vars_read(e) for e in SERVERS))
        self.assertEqual(set(self.config) - read_by_some, set())

    def test_container_ports_are_the_configured_ones(self):
        for _, container, exe in self.containers():
            declared = sorted(p["containerPort"] for p in container["ports"])
            configured = sorted(int(self.config[v]) for v in all_port_vars(exe))
            self.assertEqual(declared, configured, exe)
            for var in all_port_vars(exe):
                self.assertEqual(int(self.config[var]), default_port(var), var)
            named = {p["name"]: p["containerPort"] for p in container["ports"]}
            self.assertEqual(named.get("metrics"), int(self.config[METRICS_PORT_VARS[exe]]), exe)
            for var in host_vars(exe):
                self.assertEqual(self.config[var], "0.0.0.0", var)

    def test_json_logs(self):
        self.assertEqual(self.config["PLAN_LOG_FORMAT"], "json")
        runner = read(ROOT / "Sources/PlanServerRuntime/ServiceRunner.swift")
        self.assertIn('case "json":', runner)

    def test_scrape_annotations_name_the_metrics_port(self):
        self.assertIn("/metrics", metrics_endpoint_paths())
        for deployment, container, exe in self.containers():
            annotations = deployment["spec"]["template"]["metadata"].get("annotations", {})
            where = deployment["metadata"]["name"]
            self.assertEqual(annotations.get("prometheus.io/scrape"), "true", where)
            self.assertEqual(annotations.get("prometheus.io/path"), "/metrics", where)
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            self.assertEqual(annotations.get("prometheus.io/port"), str(ports["metrics"]), where)
            self.assertEqual(annotations["prometheus.io/port"], self.config[METRICS_PORT_VARS[exe]], where)

    def test_probes_point_at_declared_ports(self):
        for _, container, exe in self.containers():
            ports = {p["name"]: p["containerPort"] for p in container["ports"]}
            for kind in ("readinessProbe", "livenessProbe"):
                self.assertIn(kind, container, f"{exe}: no {kind}")
            for kind in ("startupProbe", "readinessProbe", "livenessProbe"):
                probe = container.get(kind)
                if not probe:
                    continue
                self.assertNotIn("grpc", probe, f"{exe} {kind}: PlanWire is not gRPC")
                if "exec" in probe:
                    # `planctl health --gateway 127.0.0.1:PORT`: grpc.health.v1 over PlanWire.
                    command = probe["exec"]["command"]
                    self.assertEqual(command[:2], [f"{BIN_DIR}/planctl", "health"], f"{exe} {kind}")
                    check_arguments(self, "planctl", command[1:], f"{exe} {kind}")
                    host, port = endpoints(command[command.index("--gateway") + 1])[0]
                    self.assertEqual(host, "127.0.0.1", f"{exe} {kind}")
                    self.assertEqual(port, ports.get("planwire"), f"{exe} {kind}")
                    continue
                handler = probe.get("tcpSocket") or probe.get("httpGet")
                self.assertIsNotNone(handler, f"{exe} {kind}: exec (planctl health), tcpSocket or httpGet")
                port = handler["port"]
                self.assertTrue(port in ports or port in ports.values(), f"{exe} {kind}: port {port}")
                number = ports.get(port, port)
                if number == int(self.config[METRICS_PORT_VARS[exe]]):
                    # The Prometheus endpoint: only GET /healthz, and not for readiness when it
                    # answers while the process runs (200 while draining too).
                    self.assertIn("httpGet", probe, f"{exe} {kind}")
                    self.assertEqual(probe["httpGet"]["path"], "/healthz", f"{exe} {kind}")
                    self.assertIn("/healthz", metrics_endpoint_paths())
                    if metrics_healthz_is_liveness_only():
                        self.assertNotEqual(kind, "readinessProbe", f"{exe}: /healthz on the metrics port is liveness only")
                elif "httpGet" in probe:
                    self.assertEqual(exe, "plan-gateway")
                    self.assertEqual(number, int(self.config["PLAN_GATEWAY_HTTP_PORT"]))
            if exe == "plan-gateway":
                self.assertEqual(container["readinessProbe"]["httpGet"]["path"], "/readyz")
                self.assertEqual(container["livenessProbe"]["httpGet"]["path"], "/healthz")

    def test_resources_and_security(self):
        workloads = of_kind("Deployment") + of_kind("StatefulSet")
        for workload in workloads:
            pod = workload["spec"]["template"]["spec"]
            self.assertTrue(pod["securityContext"]["runAsNonRoot"])
            self.assertGreater(pod["securityContext"]["runAsUser"], 0)
            for container in pod["containers"]:
                where = f"{workload['metadata']['name']}/{container['name']}"
                for part in ("requests", "limits"):
                    self.assertEqual(set(container["resources"][part]), {"cpu", "memory"}, where)
                security = container["securityContext"]
                self.assertFalse(security["allowPrivilegeEscalation"], where)
                self.assertTrue(security["readOnlyRootFilesystem"], where)
                self.assertEqual(security["capabilities"]["drop"], ["ALL"], where)
        for deployment in of_kind("Deployment"):
            self.assertEqual(deployment["spec"]["template"]["spec"]["securityContext"]["runAsUser"], 10001)

    def test_termination_grace_covers_the_drain(self):
        grace = float(self.config["PLAN_GRACE_PERIOD"])
        for deployment, container, exe in self.containers():
            pause = 0
            pre_stop = container.get("lifecycle", {}).get("preStop", {}).get("exec", {}).get("command", [])
            if pre_stop[:1] == ["sleep"]:
                pause = float(pre_stop[1])
            total = deployment["spec"]["template"]["spec"]["terminationGracePeriodSeconds"]
            self.assertGreaterEqual(total, grace + pause + 5, exe)

    def test_write_token_file_is_the_mounted_secret(self):
        path = self.config["PLAN_WRITE_TOKEN_FILE"]
        deployment = one("Deployment", "plan-gateway")
        pod = deployment["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod["volumes"]}
        found = False
        for mount in pod["containers"][0]["volumeMounts"]:
            secret = volumes[mount["name"]].get("secret")
            if secret:
                for item in secret["items"]:
                    if f"{mount['mountPath']}/{item['path']}" == path:
                        self.assertEqual(secret["secretName"], self.secret["metadata"]["name"])
                        self.assertIn(item["key"], self.secret["stringData"])
                        found = True
        self.assertTrue(found, f"{path} is not a mounted secret item")
        self.assertGreaterEqual(len(self.secret["stringData"]["write-token"]), 16)
        self.assertIn("EXAMPLE", self.secret["stringData"]["write-token"])

    def test_backends_check_the_write_token_too(self):
        """plan-metrics mounts the same secret item at PLAN_WRITE_TOKEN_FILE, so recordings carry it."""
        path = self.config["PLAN_WRITE_TOKEN_FILE"]
        self.assertIn("PLAN_WRITE_TOKEN_FILE", env_vars_read("plan-metrics"))
        pod = one("Deployment", "plan-metrics")["spec"]["template"]["spec"]
        volumes = {v["name"]: v for v in pod["volumes"]}
        mounted = [
            (volumes[m["name"]]["secret"], item)
            for m in pod["containers"][0]["volumeMounts"] if "secret" in volumes[m["name"]]
            for item in volumes[m["name"]]["secret"]["items"] if f"{m['mountPath']}/{item['path']}" == path]
        self.assertEqual(len(mounted), 1, f"{path} is not a mounted secret item of plan-metrics")
        secret, item = mounted[0]
        self.assertEqual((secret["secretName"], item["key"]), (self.secret["metadata"]["name"], "write-token"))

    def test_network_policies(self):
        """Only the gateway reaches the catalogue and metrics PlanWire ports, only metrics reaches
        PostgreSQL, the Prometheus ports only from the monitoring namespace; every selector
        matches a workload's pod labels and every port is one its containers declare."""
        workloads = {w["metadata"]["name"]: w for w in of_kind("Deployment") + of_kind("StatefulSet")}

        def labels(workload):
            return workload["spec"]["template"]["metadata"]["labels"]

        def selected(selector):
            return sorted(name for name, w in workloads.items()
                          if selector.get("matchLabels", {}).items() <= labels(w).items())

        def container_ports(workload):
            return {p["name"]: p["containerPort"]
                    for c in workload["spec"]["template"]["spec"]["containers"] for p in c["ports"]}

        policies = of_kind("NetworkPolicy")
        deny = [p for p in policies if p["spec"]["podSelector"] == {}]
        self.assertEqual(len(deny), 1, "one default-deny policy for the namespace")
        self.assertEqual(deny[0]["spec"]["policyTypes"], ["Ingress"])
        self.assertNotIn("ingress", deny[0]["spec"])
        # Who may reach each workload's ports: port name → sources ("*" anyone, a workload, ns:NAME).
        allowed: dict[str, dict[str, set[str]]] = {}
        for policy in policies:
            if policy["spec"]["podSelector"] == {}:
                continue
            targets = selected(policy["spec"]["podSelector"])
            self.assertEqual(len(targets), 1, policy["metadata"]["name"])
            target = workloads[targets[0]]
            ports = container_ports(target)
            for rule in policy["spec"].get("ingress", []):
                sources = set()
                for peer in rule.get("from", [{"*": True}]):
                    if "podSelector" in peer:
                        peers = selected(peer["podSelector"])
                        self.assertEqual(len(peers), 1, f"{policy['metadata']['name']}: {peer}")
                        sources.add(peers[0])
                    elif "namespaceSelector" in peer:
                        sources.add("ns:" + peer["namespaceSelector"]["matchLabels"]["kubernetes.io/metadata.name"])
                    else:
                        sources.add("*")
                for port in rule["ports"]:
                    self.assertIn(port["port"], ports, f"{policy['metadata']['name']}: no container port {port['port']}")
                    allowed.setdefault(targets[0], {}).setdefault(port["port"], set()).update(sources)
        self.assertEqual(allowed["plan-catalogue"]["planwire"], {"plan-gateway"})
        self.assertEqual(allowed["plan-metrics"]["planwire"], {"plan-gateway"})
        self.assertEqual(allowed["plan-postgres"], {"postgres": {"plan-metrics"}})
        self.assertEqual(allowed["plan-gateway"]["planwire"], {"*"})
        self.assertEqual(allowed["plan-gateway"]["http"], {"*"})
        for name in ("plan-gateway", "plan-catalogue", "plan-metrics"):
            self.assertEqual(allowed[name]["metrics"], {"ns:monitoring"}, name)
            # Every declared port is reachable by someone the policies name (none forgotten).
            self.assertEqual(set(allowed[name]), set(container_ports(workloads[name])), name)
        # The ports the policies open are those the Services and the configuration use.
        self.assertEqual(container_ports(workloads["plan-metrics"])["planwire"], int(self.config["PLAN_METRICS_PORT"]))
        self.assertEqual(container_ports(workloads["plan-catalogue"])["planwire"], int(self.config["PLAN_CATALOGUE_PORT"]))

    def test_services_select_workloads_and_their_ports(self):
        workloads = of_kind("Deployment") + of_kind("StatefulSet")
        for service in of_kind("Service"):
            selector = service["spec"]["selector"]
            matching = [w for w in workloads if selector.items() <= w["spec"]["template"]["metadata"]["labels"].items()]
            self.assertEqual(len(matching), 1, service["metadata"]["name"])
            workload = matching[0]
            self.assertTrue(selector.items() <= workload["spec"]["selector"]["matchLabels"].items())
            ports = {p["name"]: p["containerPort"] for c in workload["spec"]["template"]["spec"]["containers"] for p in c["ports"]}
            for port in service["spec"]["ports"]:
                target = port["targetPort"]
                self.assertTrue(target in ports or target in ports.values(), f"{service['metadata']['name']}: {target}")
                self.assertEqual(ports.get(target, target), port["port"])
        self.assertEqual(one("Service", "plan-metrics")["spec"].get("clusterIP"), "None")
        for name in ("plan-catalogue", "plan-gateway"):
            self.assertEqual(one("Service", name)["spec"].get("type", "ClusterIP"), "ClusterIP")
            self.assertNotIn("clusterIP", one("Service", name)["spec"])

    def test_gateway_backends_are_services(self):
        for var, service in (("PLAN_GATEWAY_CATALOGUE", "plan-catalogue"), ("PLAN_GATEWAY_METRICS", "plan-metrics")):
            for host, port in endpoints(self.config[var]):
                self.assertEqual(host, service)
                self.assertIn(port, [p["port"] for p in one("Service", service)["spec"]["ports"]])

    def test_metrics_scaling_and_disruption(self):
        hpa = one("HorizontalPodAutoscaler", "plan-metrics")
        self.assertEqual(hpa["apiVersion"], "autoscaling/v2")
        target = hpa["spec"]["scaleTargetRef"]
        self.assertEqual((target["kind"], target["name"]), ("Deployment", "plan-metrics"))
        self.assertGreaterEqual(hpa["spec"]["minReplicas"], 2)
        pdb = one("PodDisruptionBudget", "plan-metrics")
        self.assertEqual(pdb["apiVersion"], "policy/v1")
        labels = one("Deployment", "plan-metrics")["spec"]["template"]["metadata"]["labels"]
        self.assertTrue(pdb["spec"]["selector"]["matchLabels"].items() <= labels.items())
        self.assertLess(pdb["spec"]["minAvailable"], hpa["spec"]["minReplicas"])

    def test_metrics_database_is_the_postgres_service(self):
        container = one("Deployment", "plan-metrics")["spec"]["template"]["spec"]["containers"][0]
        env = {e["name"]: e.get("value") for e in container["env"]}
        m = re.match(r"postgres://(\w+):\$\((\w+)\)@([\w-]+):(\d+)/(\w+)(\?\S*)?$", env["PLAN_METRICS_DATABASE"])
        self.assertIsNotNone(m)
        check_postgres_url(self, env["PLAN_METRICS_DATABASE"], "k8s plan-metrics")
        user, password_var, host, port, db, _ = m.groups()
        self.assertIn(password_var, env)
        statefulset = one("StatefulSet", "plan-postgres")
        pg = {e["name"]: e for e in statefulset["spec"]["template"]["spec"]["containers"][0]["env"]}
        self.assertEqual((pg["POSTGRES_USER"]["value"], pg["POSTGRES_DB"]["value"]), (user, db))
        self.assertEqual(host, one("Service", "plan-postgres")["metadata"]["name"])
        self.assertIn(int(port), [p["port"] for p in one("Service", host)["spec"]["ports"]])
        self.assertTrue(statefulset["spec"]["volumeClaimTemplates"])
        password_ref = next(e for e in container["env"] if e["name"] == password_var)["valueFrom"]["secretKeyRef"]
        self.assertEqual(password_ref, pg["POSTGRES_PASSWORD"]["valueFrom"]["secretKeyRef"])
        self.assertRegex(self.secret["stringData"][password_ref["key"]], r"^[A-Za-z0-9]+$", "not URL-safe")


if __name__ == "__main__":
    unittest.main()
