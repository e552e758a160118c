# Cronaca: the two commands are `make demo` and `make test` (see README.md).
BUILD ?= build
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?= -DCMAKE_BUILD_TYPE=RelWithDebInfo

.PHONY: all deps build test demo bench asan format clean

all: build

# Installs the Debian packages that are missing (scripts/install-deps.sh holds the list).
deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD) $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD) -j $(JOBS)

# The whole suite: unit and data-driven tests, command-line tests, the store on
# SQLite and on a throwaway PostgreSQL server started for the run.
test: build
	@bash scripts/run-tests.sh $(BUILD)

# The main job on the bundled samples: a readable view, the JSON Lines in out/,
# then the samples ingested into the default store (cronaca.db, SQLite) and queried.
demo: build
	@mkdir -p out
	@echo "== cronaca analyze samples/ --format text"
	@./$(BUILD)/cronaca analyze samples --format text
	@./$(BUILD)/cronaca analyze samples --format json > out/samples.jsonl
	@echo "== wrote out/samples.jsonl ($$(wc -l < out/samples.jsonl) documents)"
	@echo "== cronaca ingest samples --db cronaca.db"
	@./$(BUILD)/cronaca ingest samples --db cronaca.db
	@echo "== cronaca query events --db cronaca.db --limit 10"
	@./$(BUILD)/cronaca query events --db cronaca.db --limit 10

bench: build
	@bash bench/run.sh $(BUILD)

# The suite again under AddressSanitizer and UndefinedBehaviorSanitizer.
# tests/lsan.supp lists the libraries' own process-lifetime allocations.
asan:
	@LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp $(MAKE) --no-print-directory test BUILD=build-asan \
	  CMAKE_FLAGS="-DCMAKE_BUILD_TYPE=Debug -DCRONACA_SANITIZE=ON"

format:
	@clang-format -i $$(git ls-files 'src/*.cc' 'src/*.h' 'tests/*.cc')

clean:
	rm -rf $(BUILD) build-asan out
