# The two commands (README): `make run` and `make test`. Both install what is missing first.
SHELL := /bin/bash
.DEFAULT_GOAL := help
JOBS ?= $(shell nproc)
RELEASE := build/release
ASAN := build/asan

.PHONY: help deps deps-test deps-bench build build-asan run test test-unit test-pg test-e2e bench clean

help:
	@echo "make run    install deps, build (release), migrate, seed, serve on :8080"
	@echo "make test   install deps, build (ASan+UBSan), run every test incl. PostgreSQL"
	@echo "make bench  install deps, build (release), run the benchmarks"

deps:
	@deploy/scripts/install-deps.sh build
deps-test:
	@deploy/scripts/install-deps.sh test
deps-bench:
	@deploy/scripts/install-deps.sh bench

build: deps
	@cmake --preset release >/dev/null
	@cmake --build $(RELEASE) --target hotel -j $(JOBS)

build-asan: deps-test
	@cmake --preset asan >/dev/null
	@cmake --build $(ASAN) -j $(JOBS)

run: build
	@deploy/scripts/run-local.sh $(RELEASE)/hotel

test: build-asan
	@deploy/scripts/run-tests.sh $(ASAN)

bench: deps-bench build
	@cmake --build $(RELEASE) --target hotel_bench_load -j $(JOBS)
	@bench/run.sh $(RELEASE)/hotel

clean:
	rm -rf build var
