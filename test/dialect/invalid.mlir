// Verifiers reject ill-formed ops with a message saying what was expected.
// RUN: mnet-opt %s -split-input-file -verify-diagnostics

func.func @conv_wrong_output(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{expected result shape [1,6,6,8] but got [1,8,8,8]}}
  %0 = mnet.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @conv_channels(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x5xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+1 {{expected filter input channels 4, got 5}}
  %0 = mnet.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x5xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @conv_zero_stride(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+1 {{expected 2 strides >= 1}}
  %0 = mnet.conv2d %x, %w {strides = array<i64: 0, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @conv_bias(%x: tensor<1x8x8x4xf32>, %w: tensor<8x3x3x4xf32>, %b: tensor<4xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+1 {{expected bias of shape [8], got [4]}}
  %0 = mnet.conv2d %x, %w, %b {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<8x3x3x4xf32>, tensor<4xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @window_too_large(%x: tensor<1x2x2x4xf32>, %w: tensor<8x3x3x4xf32>) -> tensor<1x1x1x8xf32> {
  // expected-error @+1 {{window 3x3 does not fit input [1,2,2,4] with the given padding}}
  %0 = mnet.conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x2x2x4xf32>, tensor<8x3x3x4xf32>) -> tensor<1x1x1x8xf32>
  return %0 : tensor<1x1x1x8xf32>
}

// -----

func.func @depthwise_multiplier(%x: tensor<1x8x8x4xf32>, %w: tensor<1x3x3x12xf32>) -> tensor<1x6x6x12xf32> {
  // expected-error @+1 {{expected 4 x depth_multiplier 2 filter channels, got 12}}
  %0 = mnet.depthwise_conv2d %x, %w {strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, depth_multiplier = 2 : i64, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x3x3x12xf32>) -> tensor<1x6x6x12xf32>
  return %0 : tensor<1x6x6x12xf32>
}

// -----

func.func @fc_rows(%x: tensor<1x10xf32>, %w: tensor<4x5xf32>) -> tensor<1x4xf32> {
  // expected-error @+1 {{expected result of 2 rows of 4, got [1,4]}}
  %0 = mnet.fully_connected %x, %w {activation = #mnet.activation<none>} : (tensor<1x10xf32>, tensor<4x5xf32>) -> tensor<1x4xf32>
  return %0 : tensor<1x4xf32>
}

// -----

func.func @broadcast(%a: tensor<1x4x4x8xf32>, %b: tensor<1x1x1x3xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error @+1 {{cannot broadcast [1,4,4,8] with [1,1,1,3]}}
  %0 = mnet.add %a, %b {activation = #mnet.activation<none>} : (tensor<1x4x4x8xf32>, tensor<1x1x1x3xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

func.func @clamp_range(%a: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error @+1 {{expected min <= max}}
  %0 = mnet.clamp %a {min = 6.0 : f32, max = 0.0 : f32} : tensor<4xf32>
  return %0 : tensor<4xf32>
}

// -----

// (allowed with include_pad: ops.mlir @pool_include_pad)
func.func @pool_padding_only_window(%x: tensor<1x4x4x8xf32>) -> tensor<1x3x3x8xf32> {
  // expected-error @+1 {{expected padding smaller than the kernel}}
  %0 = mnet.avg_pool2d %x {kernel = array<i64: 2, 2>, strides = array<i64: 2, 2>, padding = array<i64: 2, 0, 2, 0>, activation = #mnet.activation<none>} : tensor<1x4x4x8xf32> -> tensor<1x3x3x8xf32>
  return %0 : tensor<1x3x3x8xf32>
}

// -----

func.func @mean_axes(%x: tensor<1x4x4x8xf32>) -> tensor<1x8xf32> {
  // expected-error @+1 {{expected distinct axes in [0, 4), got 4}}
  %0 = mnet.mean %x {axes = array<i64: 1, 4>, keep_dims = false} : tensor<1x4x4x8xf32> -> tensor<1x8xf32>
  return %0 : tensor<1x8xf32>
}

// -----

func.func @pad_shape(%x: tensor<1x4x4x8xf32>) -> tensor<1x5x5x8xf32> {
  // expected-error @+1 {{expected result shape [1,6,5,8] but got [1,5,5,8]}}
  %0 = mnet.pad %x {low = array<i64: 0, 1, 0, 0>, high = array<i64: 0, 1, 1, 0>, value = 0.0 : f32} : tensor<1x4x4x8xf32> -> tensor<1x5x5x8xf32>
  return %0 : tensor<1x5x5x8xf32>
}

// -----

func.func @reshape_elements(%x: tensor<1x4x4x8xf32>) -> tensor<1x100xf32> {
  // expected-error @+1 {{expected the same number of elements}}
  %0 = mnet.reshape %x : tensor<1x4x4x8xf32> -> tensor<1x100xf32>
  return %0 : tensor<1x100xf32>
}

// -----

func.func @concat_mismatch(%a: tensor<1x4x4x8xf32>, %b: tensor<1x5x4x8xf32>) -> tensor<1x4x4x16xf32> {
  // expected-error @+1 {{expected inputs to agree off the axis, got [1,4,4,8] and [1,5,4,8]}}
  %0 = mnet.concat %a, %b {axis = 3 : i64} : (tensor<1x4x4x8xf32>, tensor<1x5x4x8xf32>) -> tensor<1x4x4x16xf32>
  return %0 : tensor<1x4x4x16xf32>
}

// -----

func.func @resize_modes(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{align_corners and half_pixel_centers cannot both be set}}
  %0 = mnet.resize_bilinear %x {align_corners = true, half_pixel_centers = true} : tensor<1x4x4x8xf32> -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @dynamic_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error @+1 {{expected static shapes}}
  %0 = mnet.softmax %x {beta = 1.0 : f32} : tensor<?x4xf32>
  return %0 : tensor<?x4xf32>
}

// -----

func.func @const_type() -> tensor<2xi8> {
  // expected-error @+1 {{expected f32, f16 or i32 elements}}
  %0 = mnet.const dense<[1, 2]> : tensor<2xi8>
  return %0 : tensor<2xi8>
}

// -----

func.func @transpose_conv_channels(%x: tensor<1x8x8x16xf32>, %w: tensor<4x3x3x8xf32>) -> tensor<1x16x16x4xf32> {
  // expected-error @+1 {{expected filter input channels 16, got 8}}
  %0 = mnet.transpose_conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x16xf32>, tensor<4x3x3x8xf32>) -> tensor<1x16x16x4xf32>
  return %0 : tensor<1x16x16x4xf32>
}

// -----

func.func @transpose_conv_padding(%x: tensor<1x8x8x16xf32>, %w: tensor<4x3x3x16xf32>) -> tensor<1x16x16x4xf32> {
  // expected-error @+1 {{expected padding [top, left] >= 0}}
  %0 = mnet.transpose_conv2d %x, %w {strides = array<i64: 2, 2>, padding = array<i64: 0, 0, 1, 1>, activation = #mnet.activation<none>} : (tensor<1x8x8x16xf32>, tensor<4x3x3x16xf32>) -> tensor<1x16x16x4xf32>
  return %0 : tensor<1x16x16x4xf32>
}

// -----

func.func @depth_to_space_channels(%x: tensor<1x4x4x6xf32>) -> tensor<1x8x8x1xf32> {
  // expected-error @+1 {{expected NHWC input with channels divisible by block_size^2 = 4, got [1,4,4,6]}}
  %0 = mnet.depth_to_space %x {block_size = 2 : i64} : tensor<1x4x4x6xf32> -> tensor<1x8x8x1xf32>
  return %0 : tensor<1x8x8x1xf32>
}

// -----

func.func @depth_to_space_shape(%x: tensor<1x4x4x8xf32>) -> tensor<1x8x4x2xf32> {
  // expected-error @+1 {{expected result shape [1,8,8,2] but got [1,8,4,2]}}
  %0 = mnet.depth_to_space %x {block_size = 2 : i64} : tensor<1x4x4x8xf32> -> tensor<1x8x4x2xf32>
  return %0 : tensor<1x8x4x2xf32>
}

// -----

func.func @packed_conv_rows(%x: tensor<1x8x8x4xf32>, %w: tensor<1x36x16xf32>) -> tensor<1x6x6x8xf32> {
  // expected-error @+1 {{expected a packed filter [ceil(8 / NR), 37, NR], got [1,36,16]}}
  %0 = mnet.packed_conv2d %x, %w {kernel = array<i64: 3, 3>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x36x16xf32>) -> tensor<1x6x6x8xf32>
  return %0 : tensor<1x6x6x8xf32>
}

// -----

func.func @packed_conv_blocks(%x: tensor<1x8x8x4xf32>, %w: tensor<1x5x4xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{expected a packed filter [ceil(8 / NR), 5, NR], got [1,5,4]}}
  %0 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x5x4xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @packed_conv_pairs_width(%x: tensor<1x8x8x4xf32>, %w: tensor<1x3x24xf32>) -> tensor<1x8x8x12xf32> {
  // expected-error @+1 {{expected k_pairs to be a vector width (a multiple of 4) that divides the filter's NR, got 16 and NR 24}}
  %0 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, k_pairs = 16 : i64} : (tensor<1x8x8x4xf32>, tensor<1x3x24xf32>) -> tensor<1x8x8x12xf32>
  return %0 : tensor<1x8x8x12xf32>
}

// -----

// k-pairs: 12 channels in blocks of 24 / 2, and 5 input channels in 3 rows of pairs (not 5).
func.func @packed_conv_pairs_rows(%x: tensor<1x8x8x5xf32>, %w: tensor<1x6x24xf32>) -> tensor<1x8x8x12xf32> {
  // expected-error @+1 {{expected a k-pair filter [ceil(12 / (NR / 2)), 4, NR], got [1,6,24]}}
  %0 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, k_pairs = 8 : i64} : (tensor<1x8x8x5xf32>, tensor<1x6x24xf32>) -> tensor<1x8x8x12xf32>
  return %0 : tensor<1x8x8x12xf32>
}

// -----

func.func @packed_conv_residual_type(%x: tensor<1x8x8x4xf32>, %w: tensor<1x5x8xf32>, %r: tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{expected the residual to have the result's type 'tensor<1x8x8x8xf32>'}}
  %0 = mnet.packed_conv2d %x, %w residual %r {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, residual_activation = #mnet.activation<none>} : (tensor<1x8x8x4xf32>, tensor<1x5x8xf32>, tensor<1x8x8x4xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @packed_conv_two_epilogues(%x: tensor<1x8x8x4xf32>, %w: tensor<1x5x8xf32>, %r: tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{a residual add and hard_swish cannot both be fused}}
  %0 = mnet.packed_conv2d %x, %w residual %r {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, residual_activation = #mnet.activation<none>, hard_swish} : (tensor<1x8x8x4xf32>, tensor<1x5x8xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @packed_conv_lonely_activation(%x: tensor<1x8x8x4xf32>, %w: tensor<1x5x8xf32>) -> tensor<1x8x8x8xf32> {
  // expected-error @+1 {{residual_activation without a residual}}
  %0 = mnet.packed_conv2d %x, %w {kernel = array<i64: 1, 1>, strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>, padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>, residual_activation = #mnet.activation<relu>} : (tensor<1x8x8x4xf32>, tensor<1x5x8xf32>) -> tensor<1x8x8x8xf32>
  return %0 : tensor<1x8x8x8xf32>
}

// -----

func.func @squeeze_excite_weights(%x: tensor<1x4x4x8xf32>, %w1: tensor<2x8xf32>, %b1: tensor<2xf32>, %w2: tensor<2x8xf32>, %b2: tensor<8xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error @+1 {{expected squeeze weights [8, R], got [2,8]}}
  %0 = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<hard_sigmoid>} : (tensor<1x4x4x8xf32>, tensor<2x8xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

func.func @squeeze_excite_bias(%x: tensor<1x4x4x8xf32>, %w1: tensor<8x2xf32>, %b1: tensor<2xf32>, %w2: tensor<2x8xf32>, %b2: tensor<2xf32>) -> tensor<1x4x4x8xf32> {
  // expected-error @+1 {{expected excite bias [8], got [2]}}
  %0 = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<2xf32>) -> tensor<1x4x4x8xf32>
  return %0 : tensor<1x4x4x8xf32>
}

// -----

func.func @squeeze_excite_result(%x: tensor<1x4x4x8xf32>, %w1: tensor<8x2xf32>, %b1: tensor<2xf32>, %w2: tensor<2x8xf32>, %b2: tensor<8xf32>) -> tensor<1x4x4x4xf32> {
  // expected-error @+1 {{expected result shape [1,4,4,8] but got [1,4,4,4]}}
  %0 = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>, gate = #mnet.gate<sigmoid>} : (tensor<1x4x4x8xf32>, tensor<8x2xf32>, tensor<2xf32>, tensor<2x8xf32>, tensor<8xf32>) -> tensor<1x4x4x4xf32>
  return %0 : tensor<1x4x4x4xf32>
}

// -----

func.func @softmax_scalar(%x: tensor<f32>) -> tensor<f32> {
  // expected-error @+1 {{expected rank >= 1 (softmax normalizes over the last axis)}}
  %0 = mnet.softmax %x {beta = 1.0 : f32} : tensor<f32>
  return %0 : tensor<f32>
}
