# The two commands (README "Quick start"):
#   make run    install what is missing, build (release) and start Framescope
#   make test   install what is missing, build (debug) and run the whole CTest suite
# ARGS are passed to the app: make run ARGS="--no-gui --port 9600"

ARGS ?=
JOBS ?= $(shell nproc)

.PHONY: run test deps build-release build-debug bench asan clean

deps:
	@scripts/install-deps.sh

build-release: deps
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

bench: build-release
	bench/run.sh

clean:
	rm -rf build
