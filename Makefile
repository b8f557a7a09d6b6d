# The two commands: `make demo` and `make test`. Both install what is missing first.
BUILD ?= build
JOBS ?= 2
LLVM_DIR := /usr/lib/llvm-19
LIT := $(LLVM_DIR)/build/utils/lit/lit.py

.PHONY: all setup configure build install demo test check clean bench fuzzer fuzz test-sanitize

all: build

setup:
	@bash scripts/setup.sh

CMAKE_CONFIGURE = cmake -S . -G Ninja -DCMAKE_BUILD_TYPE=Release \
	  -DCMAKE_C_COMPILER=clang-19 -DCMAKE_CXX_COMPILER=clang++-19 \
	  -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache \
	  -DLLVM_USE_LINKER=lld -DMLIR_DIR=$(LLVM_DIR)/lib/cmake/mlir \
	  -DLLVM_EXTERNAL_LIT=$(LIT) -DPython3_EXECUTABLE=/usr/bin/python3

$(BUILD)/build.ninja:
	$(CMAKE_CONFIGURE) -B $(BUILD)

# The sanitizer build: everything under ASan+UBSan, and the libFuzzer target mnet-fuzz.
SAN_BUILD ?= build-san
$(SAN_BUILD)/build.ninja:
	$(CMAKE_CONFIGURE) -B $(SAN_BUILD) -DMNET_SANITIZE=ON

configure: setup $(BUILD)/build.ninja

build: configure
	cmake --build $(BUILD) -j $(JOBS)

# mnetc and mnet-run into $(PREFIX)/bin, and the CMake package (find_package(mnetc),
# mnet_add_model) into $(PREFIX)/lib/cmake/mnetc. DESTDIR=D stages it under D, as usual.
PREFIX ?= /usr/local
install: build
	cmake --install $(BUILD) --prefix $(PREFIX)

demo: build
	@bash scripts/demo.sh $(BUILD)

# Every test; fuzz.test replays the fuzz regressions and fuzzes for at most 45 s with the
# sanitizer build's mnet-fuzz (only that target of it is built here).
test: build fuzzer
	@MNET_FUZZER=$(abspath $(SAN_BUILD))/bin/mnet-fuzz bash scripts/run-tests.sh $(BUILD)

fuzzer: setup $(SAN_BUILD)/build.ninja
	cmake --build $(SAN_BUILD) -j $(JOBS) --target mnet-fuzz

# The whole suite again with the tools under ASan+UBSan, and every end-to-end model's
# generated code built with -fsanitize=address,undefined (CI runs it after `make test`).
test-sanitize: setup $(SAN_BUILD)/build.ninja
	cmake --build $(SAN_BUILD) -j $(JOBS)
	@bash scripts/run-tests.sh $(SAN_BUILD)

# The fuzzer for FUZZ_TIME seconds (its corpus grows in $(SAN_BUILD)/fuzz; see scripts/fuzz.sh).
FUZZ_TIME ?= 600
fuzz: fuzzer
	@bash scripts/fuzz.sh $(SAN_BUILD) $(FUZZ_TIME)

# mnetc against XNNPACK on the MobileNets, one core (not part of `make test`).
BENCH_ARGS ?=
bench: build
	@bash scripts/setup.sh --bench
	python3 bench/run_bench.py --build $(BUILD) $(BENCH_ARGS)
	python3 bench/mca_estimate.py --repo . --bin-dir $(BUILD)/bin --json $(BUILD)/bench/mca.json

clean:
	rm -rf $(BUILD) $(SAN_BUILD)
