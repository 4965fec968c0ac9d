# The two commands (README "Quick start"):
#   make run    install what is missing, build (release) and start Framescope
#   make test   install what is missing, build (debug) and run the whole CTest suite
# ARGS are passed to the app: make run ARGS="--no-gui --port 9600"

ARGS ?=
JOBS ?= $(shell nproc)

.PHONY: run test deps build-release build-release-all build-debug bench asan clean

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

test: build-debug
	ctest --preset debug -j $(JOBS)

asan: deps
	cmake --preset asan
	cmake --build --preset asan -j $(JOBS)
	ctest --preset asan -j $(JOBS)

bench: build-release-all
	bench/run.sh

clean:
	rm -rf build
