/* The same application in C (C11): the generated header is C as well as C++, and the generated
   code needs no C++ runtime at link time.

     mnetc mobilenet_v2.tflite -target=x86-64-avx2 -o mobilenet.cc
     c++ -std=c++17 -O2 -march=x86-64-v3 -c mobilenet.cc -o mobilenet.o
     cc -std=c11 -O2 main.c mobilenet.o -lm -o classify_c
     ./classify_c image.bin        # float32 NHWC, MOBILENET_INPUT0_BYTES bytes

   It runs the model through mobilenet_run_parallel with a parallel-for of its own, one that runs
   the tasks in turn: an application passes its thread pool's here (or calls mobilenet_run). */
#include "mobilenet.h"

#include <stdalign.h>
#include <stdio.h>

static alignas(MOBILENET_ARENA_ALIGNMENT) unsigned char arena[MOBILENET_ARENA_SIZE + 1];
static float image[MOBILENET_INPUT0_SIZE];
static float scores[MOBILENET_OUTPUT0_SIZE];

/* An mnet_parallel_for_fn: task(context, i) for every i in [0, count). */
static void serial_for(void* pool, int count, void (*task)(void* context, int index),
                       void* context) {
  int* calls = (int*)pool;
  for (int i = 0; i < count; ++i) task(context, i);
  ++*calls;
}

int main(int argc, char** argv) {
  static const int input_shape[] = MOBILENET_INPUT0_SHAPE;
  if (argc != 2) {
    fprintf(stderr, "usage: %s IMAGE.bin (%u bytes of float32 NHWC [%d,%d,%d,%d])\n", argv[0],
            MOBILENET_INPUT0_BYTES, input_shape[0], input_shape[1], input_shape[2],
            input_shape[3]);
    return 2;
  }
  FILE* f = fopen(argv[1], "rb");
  if (!f || fread(image, 1, sizeof image, f) != sizeof image) {
    fprintf(stderr, "cannot read %u bytes from %s\n", MOBILENET_INPUT0_BYTES, argv[1]);
    return 1;
  }
  fclose(f);

  int parallel_calls = 0;
  if (mobilenet_run_parallel(image, scores, arena, serial_for, &parallel_calls) != 0) {
    fprintf(stderr, "mobilenet_run_parallel failed\n");
    return 1;
  }
  unsigned best = 0;
  for (unsigned i = 1; i < MOBILENET_OUTPUT0_SIZE; ++i)
    if (scores[i] > scores[best]) best = i;
  printf("class %u, probability %.4f (arena %u bytes, %d tasks per layer, %d parallel-for calls)\n",
         best, scores[best], MOBILENET_ARENA_SIZE, MOBILENET_TASKS, parallel_calls);
  return 0;
}
