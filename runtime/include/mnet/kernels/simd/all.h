// All of mnet's SIMD layers and kernels (for tests and hand-written users; generated code has
// them pasted in).
#pragma once

#include "mnet/kernels/simd/vec_portable.h"
#include "mnet/kernels/simd/vec_avx2.h"
#include "mnet/kernels/simd/vec_avx512.h"
#include "mnet/kernels/simd/vec_neon.h"
#include "mnet/kernels/simd/igemm.h"
#include "mnet/kernels/simd/dwconv.h"
#include "mnet/kernels/simd/squeeze_excite.h"
#include "mnet/kernels/simd/pool.h"
#include "mnet/kernels/simd/elementwise.h"
