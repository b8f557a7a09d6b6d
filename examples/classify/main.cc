// Links a MobileNet compiled by mnetc into an application:
//
//   mnetc mobilenet_v2.tflite -target=x86-64-avx2 -o mobilenet.cc
//   c++ -std=c++17 -O2 -march=x86-64-v3 main.cc mobilenet.cc -o classify
//   ./classify image.bin          # 1x224x224x3 float32, NHWC
//
// Every size is a compile-time constant from mobilenet.h, so all memory is static here:
// no allocation, and the exact arena size the model needs.
#include "mobilenet.h"

#include <cstdio>

alignas(MOBILENET_ARENA_ALIGNMENT) static unsigned char arena[MOBILENET_ARENA_SIZE + 1];
static float image[MOBILENET_INPUT0_SIZE];
static float scores[MOBILENET_OUTPUT0_SIZE];

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s IMAGE.bin (%u bytes of float32 NHWC)\n", argv[0],
                 MOBILENET_INPUT0_BYTES);
    return 2;
  }
  std::FILE* f = std::fopen(argv[1], "rb");
  if (!f || std::fread(image, 1, sizeof image, f) != sizeof image) {
    std::fprintf(stderr, "cannot read %u bytes from %s\n", MOBILENET_INPUT0_BYTES, argv[1]);
    return 1;
  }
  std::fclose(f);

  if (mobilenet_run(image, scores, arena) != 0) {
    std::fprintf(stderr, "mobilenet_run failed\n");
    return 1;
  }
  unsigned best = 0;
  for (unsigned i = 1; i < MOBILENET_OUTPUT0_SIZE; ++i)
    if (scores[i] > scores[best])
      best = i;
  std::printf("class %u, probability %.4f (arena %u bytes)\n", best, scores[best],
              MOBILENET_ARENA_SIZE);
  return 0;
}
