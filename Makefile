# The two commands (README "Quick start"):
#   make run    install what is missing, build (release) and start Framescope
#   make test   install what is missing, build (debug) and run the whole CTest suite
# Also: make asan (the suite under AddressSanitizer + UBSan), make fuzz (the libFuzzer
# targets, FUZZ_SECONDS each, default 60; clang), make bench.
# ARGS are passed to the app: make run ARGS="--no-gui --port 9600"

ARGS ?=
JOBS ?= $(shell nproc)
FUZZ_SECONDS ?= 60

.PHONY: run test deps build-release build-release-all build-debug bench asan fuzz clean

deps:
	@scripts/install-deps.sh

# `make run` builds the app alone (the tests and bench tools are other targets of the same
# tree: a fresh 2-core machine took 12 minutes for all of them).
build-release: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS) --target framescope

build-release-all: deps
	cmake --preset release
	cmake --build --preset release -j $(JOBS)

build-debug: deps
	cmake --preset debug
	cmake --build --preset debug -j $(JOBS)

run: build-release
	./build/release/app/framescope $(ARGS)

# The server and interop suites run three times: on the platform's native I/O backend (epoll
# here), on the portable one (QSocketNotifier, the Windows path), FRAMESCOPE_IO=portable, and
# on the kqueue one (macOS, the BSDs) over the debug build's emulation of kqueue on epoll.
test: build-debug
	ctest --preset debug -j $(JOBS)
	FRAMESCOPE_IO=portable ctest --preset debug -j $(JOBS) -L '^(server|interop)$$' -LE 'reference|matrix'
	FRAMESCOPE_IO=kqueue ctest --preset debug -j $(JOBS) -L '^(server|interop)$$' -LE 'reference|matrix'

asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

# Only the fuzz targets are built (clang, -fsanitize=fuzzer,address,undefined), then each
# runs FUZZ_SECONDS with -print_final_stats=1; a crash fails (scripts/run-fuzz.sh).
fuzz: deps
	cmake --preset fuzz
	cmake --build --preset fuzz -j $(JOBS)
	FUZZ_SECONDS=$(FUZZ_SECONDS) scripts/run-fuzz.sh

bench: build-release-all
	bench/run.sh

clean:
	rm -rf build
