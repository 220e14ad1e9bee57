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

.PHONY: help build test db run emulator bench clean

help:
	@echo "make build      compile and package every module (no tests)"
	@echo "make test       start the local PostgreSQL, run unit and integration tests"
	@echo "make run        run the KPI job on the embedded default (ARGS=\"--option=value ...\")"
	@echo "make db         install/start the local PostgreSQL for tests and print its JDBC URL"
	@echo "make emulator   run the Genesys emulator in the foreground (PORT SEED VOLUME DAYS START FAULTS TRUTH)"
	@echo "make bench      run the benchmarks"

build:
	$(MVN) -DskipTests package

db:
	@scripts/db.sh

test:
	@url=$$(scripts/db.sh) && $(MVN) verify "-Dgckpi.test.jdbcUrl=$$url"

run:
	@scripts/java-main.sh pipeline io.gckpi.pipeline.KpiPipeline $(ARGS)

emulator:
	@scripts/java-main.sh io-genesys io.gckpi.genesys.testing.GenesysEmulatorMain \
	  --port=$(PORT) --seed=$(SEED) --volume=$(VOLUME) --days=$(DAYS) --start=$(START) \
	  $(if $(FAULTS),--faults=$(FAULTS)) $(if $(TRUTH),--truth=$(TRUTH))

bench:
	@echo "bench: not yet (benchmarks land with their issue)"

clean:
	$(MVN) -q clean
	rm -rf out
