# ProgrammePlan — every build, test and run goes through here.
#
#   make run     start the services on the embedded dataset (Ctrl-C stops them)
#   make test    build and pass every test
#   make bench   release-build benchmarks, figures for BENCHMARKS.md (cross-process first)

SWIFT ?= swift
PYTHON ?= python3
DOCUMENT := Data/programme-budget-2020.zh.txt
# Every build checks that a target imports only what Package.swift declares it depends on, so
# the module layering of DESIGN.md holds.
SWIFT_BUILD_FLAGS ?= --explicit-target-dependency-import-check error

.PHONY: all build release test test-swift test-cli test-protos test-python test-adversarial test-openapi test-browser test-deploy run bench clean check-tools deps proto

all: build

# Tools the targets need. Swift comes with the machine; python3 runs the CLI tests.
check-tools: deps
	@command -v $(SWIFT) >/dev/null || { echo "swift is not installed (https://www.swift.org/install)"; exit 1; }
	@command -v $(PYTHON) >/dev/null || { \
		echo "installing python3"; apt-get update -qq && apt-get install -y -qq python3 >/dev/null; }

# System packages: libprotobuf-c, zlib and SQLite (headers and pkg-config files the build
# links against; GRDB links the system SQLite), protoc-c and the descriptor.proto it imports
# (libprotobuf-dev), for `make proto`; a stock protoc (protobuf-compiler), with which the Python
# client and scripts/test-protos-anywhere.sh compile Protos/ as any user of the contract would;
# Chart.js (libjs-chart.js), which plan-gateway serves for the explorer's charts.
deps:
	@if ! pkg-config --exists libprotobuf-c zlib sqlite3 2>/dev/null || ! command -v protoc-c >/dev/null \
		|| ! command -v protoc >/dev/null || [ ! -f /usr/include/google/protobuf/descriptor.proto ] \
		|| [ ! -f /usr/share/javascript/chart.js/chart.min.js ]; then \
		echo "installing libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libprotobuf-dev zlib1g-dev libsqlite3-dev pkg-config libjs-chart.js"; \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			libprotobuf-c-dev protobuf-c-compiler protobuf-compiler libprotobuf-dev zlib1g-dev libsqlite3-dev pkg-config \
			libjs-chart.js >/dev/null; \
	fi

# Regenerates Sources/CPlanProto and CPlanWireProto (and their Swift init glue) from Protos/
# with protoc-c, and PROTOCOL.md §15 from the services' comments.
proto: deps
	scripts/generate-protos.sh

build: check-tools
	$(SWIFT) build $(SWIFT_BUILD_FLAGS)

# The three services and planctl, optimised.
release: check-tools
	for product in plan-catalogue plan-metrics plan-gateway planctl; do $(SWIFT) build $(SWIFT_BUILD_FLAGS) -c release --product $$product || exit 1; done

test: test-protos test-swift test-cli test-python test-adversarial test-openapi test-browser test-deploy

# The Swift tests and the Python process tests run with a throwaway PostgreSQL server
# (scripts/with-postgres.sh installs Debian's postgresql if missing), so that the recording tests
# run against PostgreSQL as well as SQLite.
#
# In two runs: first the suites that only compute (reading the document, aggregates against a
# reference, encodings of every message: seconds of CPU each in a debug build), then everything
# else. Run together, on two cores the computing suites hold both threads of Swift concurrency's
# pool for tens of seconds, and the socket tests' servers, clients and timers starve past their
# deadlines (seen on a quiet machine: calls UNAVAILABLE after waiting for a handshake that could
# not run). Every test runs once, in one of the two.
COMPUTE_TESTS = PlanIngestTests|PlanAPITests|PlanModelTests|PlanPresentationTests|PlanMetricsTests\.(GroupingEquivalenceTests|AggregateTests|ComparisonTests|RankingTests)
test-swift: check-tools
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) --build-tests
	$(SWIFT) test --skip-build --filter '$(COMPUTE_TESTS)'
	scripts/with-postgres.sh $(SWIFT) test --skip-build --skip '$(COMPUTE_TESTS)'

test-cli: build
	$(PYTHON) Tests/cli/test_planctl.py .build/debug/planctl
	$(PYTHON) Tests/cli/test_plan_catalogue.py .build/debug/plan-catalogue
	$(PYTHON) Tests/cli/test_plan_metrics.py .build/debug/plan-metrics
	$(PYTHON) Tests/cli/test_plan_gateway_http.py .build/debug
	$(PYTHON) Tests/cli/test_planctl_client.py .build/debug
	$(PYTHON) Tests/cli/test_make_run.py .build/debug

# The committed protoc-c output must be what Protos/ generates, and Protos/ alone must compile
# with a stock protoc into other languages (Python and C++, built and used).
test-protos: deps
	scripts/check-protos-fresh.sh
	scripts/test-protos-anywhere.sh

# The independent Python client (protobuf from PyPI, a plain socket) against a real server.
test-python: build
	scripts/with-postgres.sh scripts/test-python-client.sh

# What a reliability and security review broke, held by real processes on loopback: NUL and
# over-long values in every text parameter, 414/431, a replica called directly without the
# token, recovery after a total outage, slow and trickling clients beside a served one, two
# replicas starting at once on a new SQLite file, planctl on a closed pipe.
test-adversarial: build
	scripts/test-python-client.sh test_adversarial.py

# The OpenAPI document and the server agree: schemathesis (PyPI, into the venv) against a real
# gateway with its standard checks, seeded, a bounded number of examples per operation.
test-openapi: build
	scripts/test-openapi.sh

# The explorer (the gateway's web page) in headless Chromium with selenium, against a real stack;
# screenshots in .build/test-output/browser. Installs chromium, chromium-driver and selenium when
# missing.
test-browser: build
	scripts/test-browser.sh

# deploy/ checked without a container engine: the Kubernetes manifests against the 1.30 schemas,
# the Dockerfile and compose files against the products, flags and environment variables.
test-deploy:
	scripts/test-deploy.sh

# Starts plan-catalogue, two plan-metrics replicas and plan-gateway on localhost (release build,
# embedded document, recordings in ./var); Ctrl-C stops them all.
run: release
	scripts/run.sh

# The headline figures are cross-process, as deployed: scripts/bench-wire.sh (PlanWire, a bare
# frame echo and GRPCCore over HTTP/2, built in its own package under Benchmarks/ so that this
# package never builds HTTP/2) and scripts/bench-gateway.sh (the real plan-gateway in front of
# the real plan-metrics). The in-process `plan-bench wire` and `gateway` follow them.
bench: check-tools
	$(SWIFT) build $(SWIFT_BUILD_FLAGS) -c release --product plan-bench
	$(SWIFT) build -c release --package-path Benchmarks/GRPCHTTP2Peer
	$(MAKE) release
	scripts/bench-wire.sh 20000
	scripts/bench-gateway.sh 20000
	.build/release/plan-bench ingest 300
	.build/release/plan-bench wire 20000
	.build/release/plan-bench metrics 2000
	.build/release/plan-bench gateway 20000
	.build/release/plan-bench answers 200
	scripts/bench-gateway-http.sh 10 32
	scripts/bench-gateway-admission.sh 10

clean:
	rm -rf .build
