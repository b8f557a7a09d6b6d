/* Classifies one image with the model mnet_add_model() compiled (see CMakeLists.txt):
     classify image.bin      raw float32, NHWC, MOBILENET_INPUT0_BYTES bytes
   Every size comes from mobilenet.h at compile time, so all memory is static. */
#include "mobilenet.h"

#include <stdalign.h>
#include <stdio.h>

/* The scratch memory the model plans all its intermediate tensors in (+1: no zero-size array
   for a model that needs none). */
static alignas(MOBILENET_ARENA_ALIGNMENT) unsigned char arena[MOBILENET_ARENA_SIZE + 1];
static float image[MOBILENET_INPUT0_SIZE];
static float scores[MOBILENET_OUTPUT0_SIZE];

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: %s IMAGE.bin (%u bytes of float32 NHWC)\n", argv[0],
            MOBILENET_INPUT0_BYTES);
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  if (!f || fread(image, 1, sizeof image, f) != sizeof image) {
    fprintf(stderr, "cannot read %u bytes from %s\n", MOBILENET_INPUT0_BYTES, argv[1]);
    return 1;
  }
  fclose(f);

  if (mobilenet_run(image, scores, arena) != 0) { /* a null pointer or a misaligned arena */
    fprintf(stderr, "mobilenet_run failed\n");
    return 1;
  }
  unsigned best = 0;
  for (unsigned i = 1; i < MOBILENET_OUTPUT0_SIZE; ++i)
    if (scores[i] > scores[best]) best = i;
  printf("class %u, probability %.4f\n", best, scores[best]);
  return 0;
}
