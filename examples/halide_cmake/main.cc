// Classifies one image with a MobileNet built by mnetc's Halide backend: reads the input
// tensor (raw float32, NHWC) from a file, runs the pipeline, prints the top class.
//
//   classify_halide image.bin
//
// The buffers' shapes come from the pipeline's metadata (mnetc sets every input's and output's
// exact extents); Halide's dims are innermost first, so NHWC is (C, W, H, N).
#include "mobilenet.h"

#include "HalideBuffer.h"

#include <cstdio>
#include <string_view>
#include <vector>

namespace {

// The shape (innermost first) of the pipeline's argument `name`.
std::vector<int> shape_of(const char* name) {
  const halide_filter_metadata_t* meta = mobilenet_metadata();
  for (int i = 0; i < meta->num_arguments; ++i) {
    const halide_filter_argument_t& arg = meta->arguments[i];
    if (std::string_view(arg.name) != name) continue;
    std::vector<int> sizes;
    for (int d = 0; d < arg.dimensions; ++d)
      sizes.push_back(static_cast<int>(*arg.buffer_estimates[2 * d + 1]));
    return sizes;
  }
  return {};
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: classify_halide image.bin\n");
    return 2;
  }
  Halide::Runtime::Buffer<float> input(shape_of("input0"));
  Halide::Runtime::Buffer<float> output(shape_of("output0"));
  FILE* f = std::fopen(argv[1], "rb");
  if (!f) {
    std::fprintf(stderr, "cannot open %s\n", argv[1]);
    return 1;
  }
  const size_t want = input.number_of_elements();
  const size_t got = std::fread(input.data(), sizeof(float), want, f);
  std::fclose(f);
  if (got != want) {
    std::fprintf(stderr, "%s: expected %zu floats, read %zu\n", argv[1], want, got);
    return 1;
  }
  if (int rc = mobilenet(input, output)) {
    std::fprintf(stderr, "mobilenet() returned %d\n", rc);
    return 1;
  }
  // The classifier's output: [1, classes], so dim 0 holds the classes.
  int best = 0;
  for (int c = 1; c < output.dim(0).extent(); ++c)
    if (output(c, 0) > output(best, 0)) best = c;
  std::printf("class %d, probability %.4f\n", best, output(best, 0));
  return 0;
}
