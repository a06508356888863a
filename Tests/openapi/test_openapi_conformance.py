"""The OpenAPI document and the server agree: schemathesis (PyPI) against a real gateway.

Starts plan-catalogue, a plan-metrics replica and plan-gateway (Tests/python/plan_stack.py, no
rate limit, the write token known) and runs `schemathesis run` on the gateway's own
`/openapi.json` with its standard checks: not_a_server_error, status_code_conformance,
content_type_conformance and response_schema_conformance, over every phase (the document's
examples, coverage, fuzzing and stateful sequences following its links), seeded and with a
bounded number of examples per operation. Zero failures is the test.

Run with `make test-openapi` (builds the servers and installs schemathesis into the project's
venv), or directly:

    .build/python-venv/bin/python Tests/openapi/test_openapi_conformance.py

SCHEMATHESIS_SEED and SCHEMATHESIS_MAX_EXAMPLES change the seed (default 20261201) and the
number of examples per operation (default 25).
"""
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "Tests", "python"))

import plan_stack  # noqa: E402

CHECKS = ["not_a_server_error", "status_code_conformance", "content_type_conformance",
          "response_schema_conformance"]
SEED = os.environ.get("SCHEMATHESIS_SEED", "20261201")
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "25")


def schemathesis_command():
    """The schemathesis CLI next to this Python (the venv's), else on PATH."""
    beside = os.path.join(os.path.dirname(sys.executable), "schemathesis")
    return beside if os.path.exists(beside) else shutil.which("schemathesis")


class OpenAPIConformanceTest(unittest.TestCase):
    def setUp(self):
        self.folder = tempfile.mkdtemp(prefix="plan-openapi-")
        self.addCleanup(shutil.rmtree, self.folder, ignore_errors=True)
        # Event streams end after a second (they last 5 minutes by default): schemathesis reads
        # each answer to its end.
        self.stack = plan_stack.Stack(self.folder, replicas=1, gateway_arguments=["--event-stream-max-age", "1"])
        self.addCleanup(self.stack.close)
        self.url = "http://127.0.0.1:%d" % self.stack.gateway.addresses["http"][1]

    def test_the_server_answers_as_its_document_says(self):
        command = schemathesis_command()
        self.assertIsNotNone(command, "schemathesis is not installed (make test-openapi installs it)")
        report = os.path.join(self.folder, "schemathesis.log")
        with open(report, "w") as output:
            result = subprocess.run(
                [command, "--config-file", os.path.join(HERE, "schemathesis.toml"), "--no-color",
                 "run", self.url + "/openapi.json",
                 "--checks", ",".join(CHECKS), "--seed", SEED, "--max-examples", MAX_EXAMPLES,
                 "--header", "Authorization: Bearer " + plan_stack.WRITE_TOKEN,
                 "--request-timeout", "30"],
                stdout=output, stderr=subprocess.STDOUT, cwd=self.folder, timeout=1200)
        with open(report) as f:
            text = f.read()
        summary = text[text.rfind("SUMMARY"):] if "SUMMARY" in text else text[-3000:]
        sys.stderr.write("\n" + summary.strip() + "\n")
        self.assertIn("Tested: ", text, "schemathesis tested no operation:\n" + text[-3000:])
        self.assertEqual(result.returncode, 0, "schemathesis found failures:\n" + text[-20000:])


if __name__ == "__main__":
    unittest.main(verbosity=2)
