# lit configuration of mnetc's tests: FileCheck suites and end-to-end checks against TFLite.
import os
import lit.formats

config.name = "mnetc"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".test"]
config.excludes = ["lit.cfg.py", "lit.site.cfg.py", "CMakeLists.txt", "testdata", "Inputs"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.mnet_obj_root, "test")

bin_dir = os.path.join(config.mnet_obj_root, "bin")
config.environment["PATH"] = os.pathsep.join(
    [bin_dir, config.llvm_tools_dir, config.environment.get("PATH", "/usr/bin:/bin")])
# The generated code is built by mnet-run through ccache, with the cache in the build tree.
config.environment["CCACHE_DIR"] = os.path.join(config.mnet_obj_root, "ccache")
for name in ["HOME", "MNET_CXX", "MNET_NO_CCACHE", "MNET_ORACLE_WASM_DIR"]:
    if name in os.environ:
        config.environment[name] = os.environ[name]

config.substitutions.append(("%mnet_bin", bin_dir))
# The build tree itself (test/examples/cmake-project.test installs from it).
config.substitutions.append(("%mnet_build", config.mnet_obj_root))
config.substitutions.append(("%repo", config.mnet_src_root))
# The compiler unit tests build with (scripts/setup.sh installs it).
config.substitutions.append(("%cxx", "clang++-19"))
config.substitutions.append(("%python", config.python_executable or "python3"))

# End-to-end check of a model against the TFLite oracle on every target (the AVX-512 one is
# skipped, and says so, on hosts without it; armv8 runs under qemu-aarch64). The sanitizer
# build runs the host targets only: its point is the tools and the generated code under
# ASan+UBSan, and qemu runs no sanitizer (the fuzzer covers mnetc's armv8 emission).
e2e_targets = "generic,x86-64-avx2,x86-64-avx512" + ("" if config.mnet_sanitize else ",armv8")
config.substitutions.append(
    ("%e2e", "%s %s/test/e2e/run_e2e.py --bin-dir %s --targets %s" % (
        config.python_executable or "python3", config.mnet_src_root, bin_dir, e2e_targets)))

# The same through the Halide backend (mnet-run --backend=halide); each test names its targets,
# `%halide_arm` adds armv8 outside the sanitizer build.
config.substitutions.append(
    ("%halide_e2e", "%s %s/test/e2e/run_e2e.py --bin-dir %s --run-arg=--backend=halide" % (
        config.python_executable or "python3", config.mnet_src_root, bin_dir)))
config.substitutions.append(("%halide_arm", "" if config.mnet_sanitize else ",armv8"))

# The sanitizer build (cmake -DMNET_SANITIZE=ON, `make test-sanitize`): its tools are under
# ASan+UBSan already; the generated code of every end-to-end model is built with them too.
if config.mnet_sanitize:
    config.environment["MNET_E2E_CXXFLAGS"] = (
        "-fsanitize=address,undefined -fno-sanitize-recover=all")

# The libFuzzer target (test/fuzz): the sanitizer build's own, or the one `make test` points
# MNET_FUZZER at (it builds it in the sanitizer build tree).
fuzzer = os.environ.get("MNET_FUZZER") or (
    os.path.join(bin_dir, "mnet-fuzz") if config.mnet_sanitize else "")
if fuzzer and os.path.isfile(fuzzer):
    config.available_features.add("fuzzer")
    config.substitutions.append(("%mnet_fuzz", fuzzer))

# Which vector extensions this host can run.
try:
    with open("/proc/cpuinfo") as f:
        flags = f.read()
    if " avx512f" in flags:
        config.available_features.add("avx512")
    if " avx2" in flags:
        config.available_features.add("avx2")
except OSError:
    pass
