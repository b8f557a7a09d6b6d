//===- MNetOps.td - mnet dialect operations --------------------------------===//
#ifndef MNET_OPS_TD
#define MNET_OPS_TD

include "dialects/mnet/IR/MNetBase.td"
include "mlir/IR/BuiltinAttributeInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"
include "mlir/IR/OpBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def MNet_ConstOp : MNet_Op<"const", [ConstantLike, Pure,
                                      AllTypesMatch<["value", "output"]>]> {
  let summary = "a constant tensor (weights, biases, shapes)";
  let description = [{
    Holds a model constant bit-exactly as it was in the TFLite buffer.
    ```mlir
    %bias = mnet.const dense<[0.5, -1.0]> : tensor<2xf32>
    ```
  }];
  let arguments = (ins TypedAttrInterface:$value);
  let results = (outs AnyRankedTensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
  let hasVerifier = 1;
}

def MNet_DequantizeOp : MNet_Op<"dequantize", [Pure, SameOperandsAndResultShape]> {
  let summary = "float16 to float32 (TFLite DEQUANTIZE of half-precision weights)";
  let description = [{
    `mnet-fold-dequantize` turns it into an f32 `mnet.const` at compile time; with
    `mnetc --weights=f16` it stays, and the weights are widened at run time.
    ```mlir
    %w32 = mnet.dequantize %w16 : tensor<8x3x3x4xf16> -> tensor<8x3x3x4xf32>
    ```
  }];
  let arguments = (ins RankedTensorOf<[F16]>:$input);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

//===----------------------------------------------------------------------===//
// Convolutions and matrix products
//===----------------------------------------------------------------------===//

class MNet_ConvLikeOp<string mnemonic> : MNet_Op<mnemonic, [Pure]> {
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
}

def MNet_Conv2DOp : MNet_ConvLikeOp<"conv2d"> {
  let summary = "2-D convolution, NHWC input, OHWI filter, optional bias";
  let description = [{
    `padding` is explicit: [top, bottom, left, right]. Taps outside the input read zero.
    ```mlir
    %y = mnet.conv2d %x, %w, %b {strides = array<i64: 2, 2>, dilations = array<i64: 1, 1>,
           padding = array<i64: 0, 1, 0, 1>, activation = #mnet<activation relu6>}
         : (tensor<1x224x224x3xf32>, tensor<32x3x3x3xf32>, tensor<32xf32>) -> tensor<1x112x112x32xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$filter,
                       Optional<MNet_F32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$padding, MNet_ActivationAttr:$activation);
}

def MNet_DepthwiseConv2DOp : MNet_ConvLikeOp<"depthwise_conv2d"> {
  let summary = "depthwise 2-D convolution with a depth multiplier";
  let description = [{
    Filter [1, KH, KW, C * depth_multiplier]; output channel c * depth_multiplier + m reads
    input channel c. `padding` is [top, bottom, left, right]. After the `activation` clamp,
    `hard_swish` (set by `mnet-fuse-epilogue`) applies x * relu6(x + 3) / 6.
    ```mlir
    %y = mnet.depthwise_conv2d %x, %w, %b {strides = array<i64: 1, 1>,
           dilations = array<i64: 1, 1>, padding = array<i64: 1, 1, 1, 1>,
           depth_multiplier = 1 : i64, activation = #mnet<activation relu6>}
         : (tensor<1x56x56x144xf32>, tensor<1x3x3x144xf32>, tensor<144xf32>) -> tensor<1x56x56x144xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$filter,
                       Optional<MNet_F32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$dilations,
                       DenseI64ArrayAttr:$padding, I64Attr:$depth_multiplier,
                       MNet_ActivationAttr:$activation, UnitAttr:$hard_swish);
}

def MNet_PackedConv2DOp : MNet_Op<"packed_conv2d", [Pure]> {
  let summary = "convolution with weights packed for the register-tiled kernel, fused epilogue";
  let description = [{
    What `mnet-pack-weights` makes of an `mnet.conv2d` with constant weights. The filter, with
    the bias folded in, is stored as blocks of NR output channels, NR a multiple of the
    target's vector width:

      filter[block][0][j]                            bias of channel block * NR + j
      filter[block][1 + (ky * KW + kx) * IC + ic][j] weight of tap (ky, kx), input channel ic

    (zero past the last channel), shape [ceil(OC / NR), 1 + KH * KW * IC, NR]. `kernel` is
    [KH, KW]; strides, dilations and padding ([top, bottom, left, right]) as in `mnet.conv2d`.

    With `k_pairs = W` (the vector width the layout was made for) the filter is in the k-pair
    layout instead: a block's NR floats (NV = NR / W vectors) hold NR / 2 channels, each row
    two input channels of a tap, shape [ceil(OC / (NR / 2)), 1 + KH * KW * ceil(IC / 2), NR]:

      filter[block][1 + (ky * KW + kx) * ceil(IC / 2) + s][lane] weight of input channel
                                                                 2s + h of a channel
      filter[block][0][lane]                                     its bias if h = 0, else 0

    where, for channel r of the block, vector pair m = r / W, c = r % W: lane
    (2m + c % 4 / 2) * W + c / 4 * 4 + c % 2 * 2 + h when vector 2m + 1 exists, else (an odd
    last vector) 2m * W + 2c + h. The kernel adds the two halves of each channel in its
    epilogue (runtime simd/igemm.h).

    The epilogue: `activation` clamps the convolution's value; then either the `residual`
    operand (same shape as the result) is added and `residual_activation` applied
    (`mnet-fuse-epilogue` folds a following `mnet.add` this way), or `hard_swish` applies
    x * relu6(x + 3) / 6.
    ```mlir
    %y = mnet.packed_conv2d %x, %w residual %r {kernel = array<i64: 1, 1>,
           strides = array<i64: 1, 1>, dilations = array<i64: 1, 1>,
           padding = array<i64: 0, 0, 0, 0>, activation = #mnet.activation<none>,
           residual_activation = #mnet.activation<none>}
         : (tensor<1x56x56x144xf32>, tensor<1x145x32xf32>, tensor<1x56x56x24xf32>)
           -> tensor<1x56x56x24xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$filter,
                       Optional<MNet_F32Tensor>:$residual,
                       DenseI64ArrayAttr:$kernel, DenseI64ArrayAttr:$strides,
                       DenseI64ArrayAttr:$dilations, DenseI64ArrayAttr:$padding,
                       MNet_ActivationAttr:$activation,
                       OptionalAttr<MNet_ActivationAttr>:$residual_activation,
                       UnitAttr:$hard_swish, OptionalAttr<I64Attr>:$k_pairs);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = [{
    $input `,` $filter (`residual` $residual^)? attr-dict `:` functional-type(operands, results)
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Some padding is non-zero: taps can fall outside the input.
    bool isPadded() {
      return llvm::any_of(getPadding(), [](int64_t p) { return p != 0; });
    }
    /// A 1x1, stride-1, unpadded window: a plain matrix product over pixels.
    bool isPointwise() {
      auto ones = [](ArrayRef<int64_t> v) {
        return llvm::all_of(v, [](int64_t x) { return x == 1; });
      };
      return ones(getKernel()) && ones(getStrides()) && !isPadded();
    }
  }];
}

def MNet_TransposeConv2DOp : MNet_ConvLikeOp<"transpose_conv2d"> {
  let summary = "transposed 2-D convolution (TFLite TRANSPOSE_CONV, MediaPipe's "
                "Convolution2DTransposeBias)";
  let description = [{
    Input pixel (iy, ix) spreads over output pixels (iy * stride + ky - pad_top,
    ix * stride + kx - pad_left); contributions outside the result are dropped. The result's
    height and width are the op's (TFLite takes them from its output_shape input).
    `padding` is [top, left]. Filter [O, KH, KW, I].
    ```mlir
    %y = mnet.transpose_conv2d %x, %w, %b {strides = array<i64: 2, 2>,
           padding = array<i64: 0, 0>, activation = #mnet.activation<none>}
         : (tensor<1x128x128x16xf32>, tensor<1x2x2x16xf32>, tensor<1xf32>) -> tensor<1x256x256x1xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$filter,
                       Optional<MNet_F32Tensor>:$bias,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding,
                       MNet_ActivationAttr:$activation);
}

def MNet_FullyConnectedOp : MNet_ConvLikeOp<"fully_connected"> {
  let summary = "fully connected layer: input viewed as [batch, K], filter [N, K]";
  let description = [{
    The output is [batch, N], or with keep_num_dims the input's leading dims followed by N.
    ```mlir
    %y = mnet.fully_connected %x, %w, %b {activation = #mnet<activation none>}
         : (tensor<1x1280xf32>, tensor<1000x1280xf32>, tensor<1000xf32>) -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$filter,
                       Optional<MNet_F32Tensor>:$bias, MNet_ActivationAttr:$activation);
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

class MNet_BinaryOp<string mnemonic, string what> : MNet_Op<mnemonic, [Pure]> {
  let summary = what # " with numpy-style broadcasting and a fused activation";
  let description = [{
    ```mlir
    %y = mnet.}] # mnemonic # [{ %a, %b {activation = #mnet<activation none>}
         : (tensor<1x7x7x96xf32>, tensor<1x1x1x96xf32>) -> tensor<1x7x7x96xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$lhs, MNet_F32Tensor:$rhs,
                       MNet_ActivationAttr:$activation);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
}

def MNet_AddOp : MNet_BinaryOp<"add", "lhs + rhs">;
def MNet_SubOp : MNet_BinaryOp<"sub", "lhs - rhs">;
def MNet_MulOp : MNet_BinaryOp<"mul", "lhs * rhs">;
def MNet_MaximumOp : MNet_BinaryOp<"maximum", "max(lhs, rhs)">;
def MNet_MinimumOp : MNet_BinaryOp<"minimum", "min(lhs, rhs)">;

class MNet_UnaryOp<string mnemonic, string what, dag attrs = (ins)>
    : MNet_Op<mnemonic, [Pure, SameOperandsAndResultType]> {
  let summary = what;
  let description = [{
    ```mlir
    %y = mnet.}] # mnemonic # [{ %x : tensor<1x14x14x96xf32>
    ```
  }];
  let arguments = !con((ins MNet_F32Tensor:$input), attrs);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
}

def MNet_ClampOp : MNet_UnaryOp<"clamp", "min(max(x, min), max): RELU, RELU6, RELU_N1_TO_1",
                                (ins F32Attr:$min, F32Attr:$max)> {
  let hasVerifier = 1;
}
def MNet_LogisticOp : MNet_UnaryOp<"logistic", "1 / (1 + exp(-x))">;
def MNet_TanhOp : MNet_UnaryOp<"tanh", "tanh(x)">;
def MNet_HardSwishOp : MNet_UnaryOp<"hard_swish", "x * relu6(x + 3) / 6">;

//===----------------------------------------------------------------------===//
// Pooling, reductions, normalization
//===----------------------------------------------------------------------===//

class MNet_Pool2DOp<string mnemonic, string what> : MNet_Op<mnemonic, [Pure]> {
  let summary = what;
  let description = [{
    NHWC pooling over `kernel` windows; `padding` is [top, bottom, left, right] and padded taps
    are ignored (an average divides by the number of in-bounds taps, as TFLite does). With
    `include_pad` (a zero PAD folded into a VALID pool) padded taps are zeros that take part: the
    average divides by the whole window and the maximum of an overhanging window is at least 0;
    a window may then lie wholly in the padding.
    ```mlir
    %y = mnet.}] # mnemonic # [{ %x {kernel = array<i64: 3, 3>, strides = array<i64: 2, 2>,
           padding = array<i64: 0, 1, 0, 1>, activation = #mnet<activation none>}
         : tensor<1x8x8x16xf32> -> tensor<1x4x4x16xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, DenseI64ArrayAttr:$kernel,
                       DenseI64ArrayAttr:$strides, DenseI64ArrayAttr:$padding,
                       MNet_ActivationAttr:$activation, UnitAttr:$include_pad);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNet_AvgPool2DOp : MNet_Pool2DOp<"avg_pool2d", "2-D average pooling">;
def MNet_MaxPool2DOp : MNet_Pool2DOp<"max_pool2d", "2-D max pooling">;

def MNet_MeanOp : MNet_Op<"mean", [Pure]> {
  let summary = "mean over `axes` (global average pooling when axes are H and W)";
  let description = [{
    ```mlir
    %y = mnet.mean %x {axes = array<i64: 1, 2>, keep_dims = true}
         : tensor<1x7x7x960xf32> -> tensor<1x1x1x960xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, DenseI64ArrayAttr:$axes, BoolAttr:$keep_dims);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNet_SqueezeExciteOp : MNet_Op<"squeeze_excite", [Pure]> {
  let summary = "squeeze-excite: channels scaled by a gate of their global means";
  let description = [{
    What `mnet-fuse-squeeze-excite` makes of MobileNetV3's squeeze-excite chain (global mean,
    1x1 convolution, activation, 1x1 convolution, gate, channel multiply). For input x of
    shape [N, H, W, C], per image n:

      m[c]   = mean over (h, w) of x[n, h, w, c]
      s[r]   = activation(squeeze_bias[r] + sum over c of squeeze[c, r] * m[c])
      e[c]   = gate(excite_bias[c] + sum over r of excite[r, c] * s[r])
      y[n, h, w, c] = x[n, h, w, c] * e[c]

    The weights are input-major, so that each input's weights to all outputs are contiguous:
    `squeeze` is [C, R] and `excite` is [R, C], the two 1x1 convolutions' filters transposed.
    `hard_sigmoid` is relu6(v + 3) * (1/6) in float, as TFLite's ADD, RELU6 and MUL compute it.
    The result may share the input's buffer (mnet-plan-memory decides): the kernel reads all
    of x before writing y.
    ```mlir
    %y = mnet.squeeze_excite %x, %w1, %b1, %w2, %b2 {activation = #mnet.activation<relu>,
           gate = #mnet.gate<hard_sigmoid>}
         : (tensor<1x28x28x96xf32>, tensor<96x24xf32>, tensor<24xf32>, tensor<24x96xf32>,
            tensor<96xf32>) -> tensor<1x28x28x96xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, MNet_F32Tensor:$squeeze,
                       MNet_F32Tensor:$squeeze_bias, MNet_F32Tensor:$excite,
                       MNet_F32Tensor:$excite_bias, MNet_ActivationAttr:$activation,
                       MNet_GateAttr:$gate);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "operands attr-dict `:` functional-type(operands, results)";
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Working memory of the kernel: the channel means (later the scales) and the squeezed
    /// vector, C + R floats.
    int64_t getScratchBytes() {
      auto shape = getSqueeze().getType().getShape();
      return (shape[0] + shape[1]) * 4;
    }
  }];
}

def MNet_SoftmaxOp : MNet_Op<"softmax", [Pure, SameOperandsAndResultType]> {
  let summary = "softmax over the last axis: exp(beta * x) normalized";
  let description = [{
    ```mlir
    %y = mnet.softmax %x {beta = 1.0 : f32} : tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, F32Attr:$beta);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($output)";
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def MNet_PadOp : MNet_Op<"pad", [Pure]> {
  let summary = "constant padding (TFLite PAD and PADV2)";
  let description = [{
    ```mlir
    %y = mnet.pad %x {low = array<i64: 0, 0, 0, 0>, high = array<i64: 0, 1, 1, 0>,
           value = 0.0 : f32} : tensor<1x8x8x16xf32> -> tensor<1x9x9x16xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, DenseI64ArrayAttr:$low,
                       DenseI64ArrayAttr:$high, F32Attr:$value);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNet_ReshapeOp : MNet_Op<"reshape", [Pure]> {
  let summary = "same elements, new shape (TFLite RESHAPE and SQUEEZE)";
  let description = [{
    Row-major order is kept, so it costs nothing: the result aliases its input.
    ```mlir
    %y = mnet.reshape %x : tensor<1x1x1x1000xf32> -> tensor<1x1000xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
  let hasFolder = 1;
}

def MNet_ConcatOp : MNet_Op<"concat", [Pure]> {
  let summary = "concatenation along `axis`";
  let description = [{
    ```mlir
    %y = mnet.concat %a, %b {axis = 3 : i64}
         : (tensor<1x8x8x16xf32>, tensor<1x8x8x8xf32>) -> tensor<1x8x8x24xf32>
    ```
  }];
  let arguments = (ins Variadic<MNet_F32Tensor>:$inputs, I64Attr:$axis);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, results)";
  let hasVerifier = 1;
}

def MNet_DepthToSpaceOp : MNet_Op<"depth_to_space", [Pure]> {
  let summary = "moves channel blocks into block_size x block_size spatial tiles";
  let description = [{
    Output (n, y * b + by, x * b + bx, c) = input (n, y, x, (by * b + bx) * C_out + c), as
    TFLite's DEPTH_TO_SPACE.
    ```mlir
    %y = mnet.depth_to_space %x {block_size = 2 : i64} : tensor<1x6x6x32xf32> -> tensor<1x12x12x8xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, I64Attr:$block_size);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

class MNet_ResizeOp<string mnemonic, string what> : MNet_Op<mnemonic, [Pure]> {
  let summary = what # " resize of H and W (NHWC) to the result's size";
  let description = [{
    ```mlir
    %y = mnet.}] # mnemonic # [{ %x {align_corners = false, half_pixel_centers = true}
         : tensor<1x8x8x16xf32> -> tensor<1x16x16x16xf32>
    ```
  }];
  let arguments = (ins MNet_F32Tensor:$input, BoolAttr:$align_corners,
                       BoolAttr:$half_pixel_centers);
  let results = (outs MNet_F32Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasVerifier = 1;
}

def MNet_ResizeBilinearOp : MNet_ResizeOp<"resize_bilinear", "bilinear">;
def MNet_ResizeNearestOp : MNet_ResizeOp<"resize_nearest", "nearest-neighbour">;

#endif // MNET_OPS_TD
