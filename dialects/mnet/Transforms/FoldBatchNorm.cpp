//===- FoldBatchNorm.cpp - per-channel scale and shift into convolutions --===//
#include "dialects/mnet/Transforms/Passes.h"

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFOLDBATCHNORMPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// The per-channel values of `value` for `channels` output channels: a constant of one value
/// or of `channels` values along its last dimension (all others 1).
FailureOr<SmallVector<float>> perChannel(Value value, int64_t channels) {
  FailureOr<SmallVector<float>> values = f32ConstantValues(value);
  if (failed(values))
    return failure();
  auto shape = cast<RankedTensorType>(value.getType()).getShape();
  if (values->size() == 1)
    return SmallVector<float>(channels, values->front());
  if (static_cast<int64_t>(values->size()) != channels || shape.empty() ||
      shape.back() != channels)
    return failure();
  return values;
}

/// `binary` (mul, add or sub by a per-channel constant) of the result of `conv` (conv2d or
/// depthwise_conv2d with a constant filter and bias, no activation), whose only user it is,
/// becomes part of the convolution: mul scales the filter and bias of each output channel,
/// add and sub shift the bias; the binary op's activation becomes the convolution's.
template <typename ConvOp>
LogicalResult foldInto(ConvOp conv, Operation *binary, Activation activation, Value constant) {
  if (!conv->hasOneUse() || conv.getActivation() != Activation::None ||
      binary->getResult(0).getType() != conv.getResult().getType())
    return failure();
  if constexpr (std::is_same_v<ConvOp, DepthwiseConv2DOp>)
    if (conv.getHardSwish())
      return failure();
  int64_t channels = cast<RankedTensorType>(conv.getResult().getType()).getShape().back();
  FailureOr<SmallVector<float>> filterValues = f32ConstantValues(conv.getFilter());
  FailureOr<SmallVector<float>> biasValues = SmallVector<float>(channels, 0.f);
  if (conv.getBias())
    biasValues = f32ConstantValues(conv.getBias());
  FailureOr<SmallVector<float>> scale = perChannel(constant, channels);
  if (failed(filterValues) || failed(biasValues) || failed(scale) ||
      static_cast<int64_t>(biasValues->size()) != channels)
    return failure();
  SmallVector<float> &filter = *filterValues, &bias = *biasValues;
  ArrayRef<float> c = *scale;

  OpBuilder builder(conv);
  Location loc = conv.getLoc();
  auto replaceOperand = [&](OpOperand &operand, ArrayRef<float> values) {
    Value old = operand.get();
    auto type = cast<RankedTensorType>(old.getType());
    operand.set(builder.create<ConstOp>(loc, DenseElementsAttr::get(type, values)));
    if (old.use_empty())
      old.getDefiningOp()->erase();
  };
  if (isa<MulOp>(binary)) {
    // Conv2D's filter is OHWI (the channel outermost), depthwise's [1, KH, KW, C] (innermost).
    bool outermost = std::is_same_v<ConvOp, Conv2DOp>;
    int64_t perChannelWeights = static_cast<int64_t>(filter.size()) / channels;
    for (int64_t i = 0, e = filter.size(); i < e; ++i)
      filter[i] *= c[outermost ? i / perChannelWeights : i % channels];
    for (int64_t o = 0; o < channels; ++o)
      bias[o] *= c[o];
    replaceOperand(conv.getFilterMutable(), filter);
  } else {
    float sign = isa<SubOp>(binary) ? -1.f : 1.f;
    for (int64_t o = 0; o < channels; ++o)
      bias[o] += sign * c[o];
  }
  if (conv.getBias()) {
    replaceOperand(conv.getBiasMutable()[0], bias);
  } else if (!isa<MulOp>(binary)) {
    auto type = RankedTensorType::get({channels}, builder.getF32Type());
    conv.getBiasMutable().assign(
        builder.create<ConstOp>(loc, DenseElementsAttr::get(type, ArrayRef(bias))));
  }
  conv.setActivation(activation);
  binary->getResult(0).replaceAllUsesWith(conv.getResult());
  binary->erase();
  if (constant.use_empty())
    constant.getDefiningOp()->erase();
  return success();
}

/// Tries `binary` with its operands in the given order: (convolution result, constant).
LogicalResult fold(Operation *binary, Activation activation, Value x, Value constant) {
  if (!constant.getDefiningOp<ConstOp>())
    return failure();
  if (auto conv = x.getDefiningOp<Conv2DOp>())
    return foldInto(conv, binary, activation, constant);
  if (auto dw = x.getDefiningOp<DepthwiseConv2DOp>())
    return foldInto(dw, binary, activation, constant);
  return failure();
}

struct FoldBatchNormPass : mlir::mnet::impl::MNetFoldBatchNormPassBase<FoldBatchNormPass> {
  void runOnOperation() override {
    SmallVector<std::pair<Operation *, Activation>> binaries;
    getOperation().walk([&](Operation *op) {
      if (auto mul = dyn_cast<MulOp>(op))
        binaries.push_back({op, mul.getActivation()});
      else if (auto add = dyn_cast<AddOp>(op))
        binaries.push_back({op, add.getActivation()});
      else if (auto sub = dyn_cast<SubOp>(op))
        binaries.push_back({op, sub.getActivation()});
    });
    // In program order, so that conv -> mul -> add folds the mul, then the add.
    for (auto [op, activation] : binaries) {
      Value lhs = op->getOperand(0), rhs = op->getOperand(1);
      if (succeeded(fold(op, activation, lhs, rhs)))
        continue;
      if (!isa<SubOp>(op)) // c - conv would negate the weights: left alone
        (void)fold(op, activation, rhs, lhs);
    }
  }
};

} // namespace
