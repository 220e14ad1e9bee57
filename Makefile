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

.PHONY: help build test db influxdb run serve emulator bench flink-cluster flink-cluster-test clean

help:
	@echo "make build      compile and package every module (no tests)"
	@echo "make test       start the local PostgreSQL and InfluxDB, run unit and integration tests (the"
	@echo "                dashboard's in headless Chromium), then flink-cluster-test"
	@echo "make run        run the KPI job on the embedded default (ARGS=\"--option=value ...\")"
	@echo "make db         install/start the local PostgreSQL for tests and print its JDBC URL"
	@echo "make influxdb   install/start the local InfluxDB 1.x for tests and print its URL"
	@echo "make serve      the KPI read API and dashboard over PostgreSQL (PORT=8080, JDBC_URL=make db's URL,"
	@echo "                ARGS=\"--jdbcSchema=...\"); the dashboard is at http://127.0.0.1:PORT/"
	@echo "make emulator   run the Genesys emulator in the foreground (PORT SEED VOLUME DAYS START FAULTS TRUTH)"
	@echo "make bench      run the benchmarks"
	@echo "make flink-cluster-test  the job on a real Flink session cluster, checked against ground truth"
	@echo "make flink-cluster ACTION=start|stop|status  the loopback Flink session cluster alone"

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

flink-cluster:
	@scripts/flink-cluster.sh $(or $(ACTION),status)

flink-cluster-test:
	@scripts/flink-cluster-test.sh

run:
	@scripts/java-main.sh pipeline io.gckpi.pipeline.KpiPipeline $(ARGS)

# PORT's default above is the emulator's; serve keeps 8080 unless PORT is given.
serve:
	@scripts/web-tools.sh
	@url='$(JDBC_URL)'; [ -n "$$url" ] || url=$$(scripts/db.sh); \
	  scripts/java-main.sh serve io.gckpi.serve.KpiServer \
	  --port=$(if $(filter command line environment,$(origin PORT)),$(PORT),8080) \
	  --jdbcUrl="$$url" $(ARGS)

emulator:
	@scripts/java-main.sh io-genesys io.gckpi.genesys.testing.GenesysEmulatorMain \
	  --port=$(PORT) --seed=$(SEED) --volume=$(VOLUME) --days=$(DAYS) --start=$(START) \
	  $(if $(FAULTS),--faults=$(FAULTS)) $(if $(TRUTH),--truth=$(TRUTH))

bench:
	@echo "bench: not yet (benchmarks land with their issue)"

clean:
	$(MVN) -q clean
	rm -rf out
