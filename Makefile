# gckpi: the commands a user and CI need. `make help` lists them.
MVN ?= mvn -B -ntp
PORT ?= 8089
SEED ?= 42
VOLUME ?= 2000
DAYS ?= 1
START ?= 2024-01-15
FAULTS ?=
TRUTH ?=
ARGS ?=
# ARGS reaches the recipes through the environment, never pasted into their command line, so a
# value holding shell characters (a JDBC URL's '&', say) arrives as typed; it is split at blanks.
export ARGS
BENCH_RUNS ?= 3
BENCH_CONVERSATIONS ?= 200000
BENCH_RATE_LIMIT ?= 300
BENCH_PAGE_SIZE ?= 1000
BENCH_HEAP ?= 4g
BENCH_ONLY ?=
BENCH_OUTPUT ?= benchmarks/results/latest.json

.PHONY: help build test db influxdb run serve emulator bench flink-cluster flink-cluster-test flink-failover-test readme-test clean

help:
	@echo "make build      compile and package every module (no tests)"
	@echo "make test       start the local PostgreSQL and InfluxDB, run unit and integration tests (the"
	@echo "                dashboard's in headless Chromium), then flink-cluster-test,"
	@echo "                flink-failover-test and readme-test"
	@echo "make readme-test  run the README's command blocks as pasted (scripts/readme-test.sh)"
	@echo "make run        run the KPI job on the embedded default (ARGS=\"--option=value ...\")"
	@echo "make db         install/start the local PostgreSQL for tests and print its JDBC URL"
	@echo "make influxdb   install/start the local InfluxDB 1.x for tests and print its URL"
	@echo "make serve      the KPI read API and dashboard over PostgreSQL (PORT=8080, JDBC_URL=make db's URL,"
	@echo "                ARGS=\"--jdbcSchema=...\"); the dashboard is at http://127.0.0.1:PORT/"
	@echo "make emulator   run the Genesys emulator in the foreground (PORT SEED VOLUME DAYS START FAULTS TRUTH)"
	@echo "make bench      the benchmarks: table + benchmarks/results/latest.json (BENCH_CONVERSATIONS=200000"
	@echo "                BENCH_RUNS=3 BENCH_RATE_LIMIT=300 BENCH_PAGE_SIZE=1000"
	@echo "                BENCH_HEAP=4g BENCH_ONLY=job,extraction,sink,run"
	@echo "                BENCH_OUTPUT=benchmarks/results/latest.json)"
	@echo "make flink-cluster-test  the job on a real Flink session cluster, checked against ground truth"
	@echo "make flink-failover-test  the job on a two-TaskManager Flink cluster survives a killed"
	@echo "                TaskManager (batch and streaming) and a PostgreSQL restart, exact against a"
	@echo "                clean run and ground truth; keeps to the rate limit with two workers reading"
	@echo "make flink-cluster ACTION=start|add-taskmanager|stop|status  the loopback Flink session"
	@echo "                cluster alone (FLINK_TASKMANAGERS=1)"

# scripts/web-tools.sh installs npm when missing (the serve module's build needs it for the
# dashboard's chart library) and, with --browser, Chromium for the dashboard's test.
build:
	@scripts/web-tools.sh
	$(MVN) -DskipTests package

db:
	@scripts/db.sh

influxdb:
	@scripts/influxdb.sh

test:
	@scripts/check-dags.sh
	@url=$$(scripts/db.sh) && influx=$$(scripts/influxdb.sh) && \
	  chromium=$$(scripts/web-tools.sh --browser) && \
	  $(MVN) verify "-Dgckpi.test.jdbcUrl=$$url" "-Dgckpi.test.influxUrl=$$influx" \
	  "-Dgckpi.test.chromium=$$chromium"
	@scripts/flink-cluster-test.sh
	@scripts/flink-failover-test.sh
	@scripts/readme-test.sh

flink-cluster:
	@scripts/flink-cluster.sh $(or $(ACTION),status)

flink-cluster-test:
	@scripts/flink-cluster-test.sh

flink-failover-test:
	@scripts/flink-failover-test.sh

readme-test:
	@scripts/readme-test.sh

run:
	@set -f; scripts/java-main.sh pipeline io.gckpi.pipeline.KpiPipeline $$ARGS

# PORT's default above is the emulator's; serve keeps 8080 unless PORT is given.
serve:
	@scripts/web-tools.sh
	@set -f; url='$(JDBC_URL)'; [ -n "$$url" ] || url=$$(scripts/db.sh); \
	  scripts/java-main.sh serve io.gckpi.serve.KpiServer \
	  --port=$(if $(filter command line environment,$(origin PORT)),$(PORT),8080) \
	  --jdbcUrl="$$url" $$ARGS

emulator:
	@scripts/java-main.sh genesys-emulator io.gckpi.genesys.testing.GenesysEmulatorMain \
	  --port=$(PORT) --seed=$(SEED) --volume=$(VOLUME) --days=$(DAYS) --start=$(START) \
	  $(if $(FAULTS),--faults=$(FAULTS)) $(if $(TRUTH),--truth=$(TRUTH))

# The sink figures need PostgreSQL: JDBC_URL, else the local server scripts/db.sh starts.
bench:
	@url='$(JDBC_URL)'; [ -n "$$url" ] || url=$$(scripts/db.sh) || { \
	  echo "bench: no PostgreSQL (scripts/db.sh failed): the sink figures are skipped" >&2; url=; }; \
	  scripts/java-main.sh benchmarks io.gckpi.benchmarks.Bench \
	  --runs=$(BENCH_RUNS) --conversations=$(BENCH_CONVERSATIONS) \
	  --rateLimit=$(BENCH_RATE_LIMIT) --pageSize=$(BENCH_PAGE_SIZE) --heap=$(BENCH_HEAP) \
	  --only=$(BENCH_ONLY) --output=$(BENCH_OUTPUT) --jdbcUrl="$$url"

clean:
	$(MVN) -q clean
	rm -rf out
