# The two commands: `make demo` and `make test`. Both install what is missing first.
BUILD ?= build
JOBS ?= 2
LLVM_DIR := /usr/lib/llvm-19
LIT := $(LLVM_DIR)/build/utils/lit/lit.py

.PHONY: all setup configure build demo test check clean bench

all: build

setup:
	@bash scripts/setup.sh

$(BUILD)/build.ninja:
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DLLVM_USE_LINKER=lld -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=$(LIT) -DPython3_EXECUTABLE=/usr/bin/python3

configure: setup $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash scripts/demo.sh $(BUILD)

test: build
	@bash scripts/run-tests.sh $(BUILD)

# mnetc against XNNPACK on the MobileNets, one core (not part of `make test`).
BENCH_ARGS ?=
bench: build
	@bash scripts/setup.sh --bench
	python3 bench/run_bench.py --build $(BUILD) $(BENCH_ARGS)
	python3 bench/mca_estimate.py --repo . --bin-dir $(BUILD)/bin --json $(BUILD)/bench/mca.json

clean:
	rm -rf $(BUILD)
