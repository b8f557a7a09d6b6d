// mnet-make-model: writes zoo models (and seeded inputs) as TFLite files.
//
//   mnet-make-model --list
//   mnet-make-model NAME -o FILE.tflite [--seed N] [--inputs DIR] [--stats]
//   mnet-make-model NAME --stats [--seed N]
//
// Inputs are raw little-endian float32, NHWC, one file per model input: DIR/input_<i>.bin.
#include "models/Zoo.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <sys/types.h>
#include <vector>

namespace {

void usage(FILE *f) {
  std::fprintf(f,
               "usage: mnet-make-model --list\n"
               "       mnet-make-model NAME -o FILE.tflite [--seed N] [--inputs DIR] [--stats]\n"
               "       mnet-make-model NAME --stats [--seed N]\n"
               "Writes the named zoo model (fp32 TFLite). --inputs also writes seeded random\n"
               "inputs DIR/input_<i>.bin (raw little-endian float32, NHWC, model input order).\n"
               "--stats prints MACs (conv/depthwise/FC) and parameter counts. Default seed 1.\n");
}

bool writeFile(const std::string &path, const void *data, size_t size, std::string &error) {
  FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) {
    error = "cannot open '" + path + "' for writing: " + std::strerror(errno);
    return false;
  }
  const bool ok = size == 0 || std::fwrite(data, 1, size, f) == size;
  const bool closed = std::fclose(f) == 0;
  if (!ok || !closed) {
    error = "error writing '" + path + "'";
    return false;
  }
  return true;
}

std::vector<uint8_t> floatsLE(const std::vector<float> &v) {
  std::vector<uint8_t> bytes(v.size() * 4);
  for (size_t i = 0; i < v.size(); ++i) {
    uint32_t bits;
    std::memcpy(&bits, &v[i], 4);
    for (int b = 0; b < 4; ++b)
      bytes[i * 4 + b] = static_cast<uint8_t>(bits >> (8 * b));
  }
  return bytes;
}

std::string withThousands(uint64_t v) {
  std::string s = std::to_string(v), r;
  int n = 0;
  for (size_t i = s.size(); i-- > 0;) {
    r.insert(r.begin(), s[i]);
    if (++n % 3 == 0 && i > 0)
      r.insert(r.begin(), ',');
  }
  return r;
}

} // namespace

int main(int argc, char **argv) {
  using namespace mnet::models;
  std::string name, outPath, inputsDir;
  uint64_t seed = 1;
  bool list = false, stats = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&](const char *opt) -> const char * {
      if (i + 1 >= argc) {
        std::fprintf(stderr, "mnet-make-model: %s needs a value\n", opt);
        std::exit(1);
      }
      return argv[++i];
    };
    if (a == "--list") {
      list = true;
    } else if (a == "--stats") {
      stats = true;
    } else if (a == "-o" || a == "--output") {
      outPath = value("-o");
    } else if (a == "--inputs") {
      inputsDir = value("--inputs");
    } else if (a == "--seed") {
      const char *v = value("--seed");
      char *end = nullptr;
      errno = 0;
      const unsigned long long s = std::strtoull(v, &end, 0);
      if (errno != 0 || end == v || *end != '\0' || v[0] == '-') {
        std::fprintf(stderr, "mnet-make-model: bad seed '%s'\n", v);
        return 1;
      }
      seed = s;
    } else if (a == "-h" || a == "--help") {
      usage(stdout);
      return 0;
    } else if (!a.empty() && a[0] == '-') {
      std::fprintf(stderr, "mnet-make-model: unknown option '%s'\n", a.c_str());
      usage(stderr);
      return 1;
    } else if (name.empty()) {
      name = a;
    } else {
      std::fprintf(stderr, "mnet-make-model: more than one model name ('%s', '%s')\n",
                   name.c_str(), a.c_str());
      return 1;
    }
  }

  if (list) {
    for (const auto &e : modelList())
      std::printf("%-34s %s\n", e.first.c_str(), e.second.c_str());
    return 0;
  }
  if (name.empty() || (outPath.empty() && !stats)) {
    usage(stderr);
    return 1;
  }
  if (!inputsDir.empty() && outPath.empty()) {
    std::fprintf(stderr, "mnet-make-model: --inputs needs -o\n");
    return 1;
  }

  std::vector<uint8_t> model;
  std::string error;
  ModelInfo info;
  if (!buildModel(name, seed, model, error, &info)) {
    std::fprintf(stderr, "mnet-make-model: %s\n", error.c_str());
    return 1;
  }

  if (stats) {
    ModelStats st;
    if (!computeStats(model, st, error)) {
      std::fprintf(stderr, "mnet-make-model: %s\n", error.c_str());
      return 1;
    }
    std::printf("model:           %s (seed %llu)\n", name.c_str(),
                static_cast<unsigned long long>(seed));
    std::printf("MACs:            %s (%.1fM)\n", withThousands(st.macs()).c_str(),
                st.macs() / 1e6);
    std::printf("  conv:          %s\n", withThousands(st.convMacs).c_str());
    std::printf("  depthwise:     %s\n", withThousands(st.depthwiseMacs).c_str());
    std::printf("  fully conn.:   %s\n", withThousands(st.fcMacs).c_str());
    std::printf("parameters:      %s (%.2fM)\n", withThousands(st.params).c_str(),
                st.params / 1e6);
    std::printf("other constants: %s\n", withThousands(st.otherConstants).c_str());
    std::printf("operators:       %llu\n", static_cast<unsigned long long>(st.numOps));
    std::printf("tensors:         %llu\n", static_cast<unsigned long long>(st.numTensors));
    std::printf("file bytes:      %s\n", withThousands(st.bytes).c_str());
  }

  if (outPath.empty())
    return 0;

  // Everything is built in memory before the first byte is written.
  std::vector<std::vector<uint8_t>> inputFiles;
  if (!inputsDir.empty())
    for (const std::vector<float> &in : makeInputs(info, seed))
      inputFiles.push_back(floatsLE(in));

  if (!inputsDir.empty()) {
    struct stat st;
    if (stat(inputsDir.c_str(), &st) != 0) {
      if (mkdir(inputsDir.c_str(), 0777) != 0) {
        std::fprintf(stderr, "mnet-make-model: cannot create '%s': %s\n", inputsDir.c_str(),
                     std::strerror(errno));
        return 1;
      }
    } else if (!S_ISDIR(st.st_mode)) {
      std::fprintf(stderr, "mnet-make-model: '%s' is not a directory\n", inputsDir.c_str());
      return 1;
    }
  }
  if (!writeFile(outPath, model.data(), model.size(), error)) {
    std::fprintf(stderr, "mnet-make-model: %s\n", error.c_str());
    return 1;
  }
  for (size_t i = 0; i < inputFiles.size(); ++i) {
    const std::string p = inputsDir + "/input_" + std::to_string(i) + ".bin";
    if (!writeFile(p, inputFiles[i].data(), inputFiles[i].size(), error)) {
      std::fprintf(stderr, "mnet-make-model: %s\n", error.c_str());
      return 1;
    }
  }
  return 0;
}
