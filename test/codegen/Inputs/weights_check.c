/* What the generated code says of weights blobs (test/codegen/separate-weights.test):
   weights_check GOOD OTHER prints the status of <model>_check_weights and <model>_run for
   the good blob, a copy one byte off its alignment, a copy with a zeroed header, a
   truncated size, a copy with one data bit flipped, and OTHER (a blob for other code). */
#include "model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static unsigned char *load(const char *path, size_t *size) {
  FILE *f = fopen(path, "rb");
  if (!f)
    return NULL;
  fseek(f, 0, SEEK_END);
  *size = (size_t)ftell(f);
  rewind(f);
  /* One spare alignment unit, for the misaligned copy. */
  size_t bytes = (*size / MODEL_WEIGHTS_ALIGNMENT + 2) * MODEL_WEIGHTS_ALIGNMENT;
  unsigned char *blob = aligned_alloc(MODEL_WEIGHTS_ALIGNMENT, bytes);
  if (blob && fread(blob, 1, *size, f) != *size) {
    free(blob);
    blob = NULL;
  }
  fclose(f);
  return blob;
}

int main(int argc, char **argv) {
  if (argc != 3)
    return 64;
  size_t size = 0, other_size = 0;
  unsigned char *good = load(argv[1], &size), *other = load(argv[2], &other_size);
  if (!good || !other)
    return 1;
  float input[MODEL_INPUT0_SIZE] = {0}, output[MODEL_OUTPUT0_SIZE];
  size_t arena_bytes = MODEL_ARENA_SIZE > 0 ? MODEL_ARENA_SIZE : MODEL_ARENA_ALIGNMENT;
  void *arena = aligned_alloc(MODEL_ARENA_ALIGNMENT, (arena_bytes + MODEL_ARENA_ALIGNMENT - 1) /
                                                         MODEL_ARENA_ALIGNMENT *
                                                         MODEL_ARENA_ALIGNMENT);

  printf("good: check %d run %d\n", model_check_weights(good, size),
         model_run(input, output, arena, good));
  printf("output %g %g %g %g %g %g\n", output[0], output[1], output[2], output[3], output[4],
         output[5]);
  printf("null: check %d run %d\n", model_check_weights(NULL, size),
         model_run(input, output, arena, NULL));
  memmove(good + 1, good, size);
  printf("misaligned: check %d run %d\n", model_check_weights(good + 1, size),
         model_run(input, output, arena, good + 1));
  memmove(good, good + 1, size);
  printf("truncated: check %d\n", model_check_weights(good, size - 4));
  printf("short: check %d\n", model_check_weights(good, 10));
  good[size - 8] ^= 1;
  printf("flipped bit: check %d run %d\n", model_check_weights(good, size),
         model_run(input, output, arena, good));
  good[size - 8] ^= 1;
  printf("other code: check %d run %d\n", model_check_weights(other, other_size),
         model_run(input, output, arena, other));
  memset(good, 0, 8);
  printf("zeroed magic: check %d run %d\n", model_check_weights(good, size),
         model_run(input, output, arena, good));
  free(arena);
  free(good);
  free(other);
  return 0;
}
