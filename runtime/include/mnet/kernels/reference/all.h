// mnet reference kernels: everything.
#pragma once

#include "mnet/kernels/reference/common.h"
#include "mnet/kernels/reference/concat.h"
#include "mnet/kernels/reference/conv2d.h"
#include "mnet/kernels/reference/depth_to_space.h"
#include "mnet/kernels/reference/depthwise_conv2d.h"
#include "mnet/kernels/reference/elementwise.h"
#include "mnet/kernels/reference/fully_connected.h"
#include "mnet/kernels/reference/half.h"
#include "mnet/kernels/reference/pad.h"
#include "mnet/kernels/reference/pool2d.h"
#include "mnet/kernels/reference/reduce.h"
#include "mnet/kernels/reference/resize.h"
#include "mnet/kernels/reference/softmax.h"
#include "mnet/kernels/reference/squeeze_excite.h"
#include "mnet/kernels/reference/transpose_conv2d.h"
