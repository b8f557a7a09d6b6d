// mnetc model zoo: named, seeded fp32 TFLite test models.
//
//  * op models: small graphs exercising one TFLite op (and its edge cases) each;
//  * MobileNets: mobilenet_v1_<alpha>_<res>, mobilenet_v2_<alpha>_<res>,
//    mobilenet_v3_large_<alpha>_<res>, mobilenet_v3_small_<alpha>_<res>
//    (e.g. mobilenet_v2_0.35_96), following the published architectures, with random
//    weights (batch norm assumed folded) rescaled layer by layer, LSUV-style, on a seeded
//    proxy forward pass so that pre-activations stay O(1) through the whole network and the
//    logits have RMS ~1.5 (top-1 probability of a few percent on the seeded inputs).
//
// Weights and inputs come from a portable PRNG (splitmix64, integer-derived floats), so a
// (name, seed) pair gives byte-identical models on every platform and standard library.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace mnet {
namespace models {

struct ModelInfo {
  std::string description;
  // Suggested range of the uniform random inputs for this model.
  float inputLo = -1.0f;
  float inputHi = 1.0f;
  // Input shapes, in the model's input order (NHWC, static).
  std::vector<std::vector<int32_t>> inputShapes;
};

// Builds the named model. Returns false with `error` set for unknown names or bad
// parameters; `out` is left untouched on error.
bool buildModel(const std::string &name, uint64_t seed, std::vector<uint8_t> &out,
                std::string &error);
bool buildModel(const std::string &name, uint64_t seed, std::vector<uint8_t> &out,
                std::string &error, ModelInfo *info);

// Names (op models by name, MobileNets as patterns) with one-line descriptions.
std::vector<std::pair<std::string, std::string>> modelList();
// Just the concrete op-model names.
std::vector<std::string> opModelNames();

// Seeded inputs for a model: one float vector per input, uniform in [info.inputLo,
// info.inputHi). The stream is independent of the weight stream for the same seed.
std::vector<std::vector<float>> makeInputs(const ModelInfo &info, uint64_t seed);

// Statistics over a serialized model (verifies the flatbuffer first).
struct ModelStats {
  uint64_t convMacs = 0;      // CONV_2D
  uint64_t depthwiseMacs = 0; // DEPTHWISE_CONV_2D
  uint64_t fcMacs = 0;        // FULLY_CONNECTED
  uint64_t params = 0;        // weight + bias elements of CONV_2D / DEPTHWISE / FC
  uint64_t otherConstants = 0; // elements of all other constant tensors (shapes, scalars ...)
  uint64_t numOps = 0;
  uint64_t numTensors = 0;
  uint64_t bytes = 0;
  uint64_t macs() const { return convMacs + depthwiseMacs + fcMacs; }
};
bool computeStats(const std::vector<uint8_t> &model, ModelStats &stats, std::string &error);

// Portable deterministic PRNG (splitmix64). Floats are produced as integer * scale so that
// no fused multiply-add contraction can change them between compilers/targets.
class Rng {
public:
  explicit Rng(uint64_t seed) : state_(seed) {}
  uint64_t next();
  // Uniform in [-a, a).
  float symmetric(float a);
  // Uniform in [lo, hi).
  float uniform(float lo, float hi);

private:
  uint64_t state_;
};

} // namespace models
} // namespace mnet
