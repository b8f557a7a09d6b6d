//===- MNetOps.h - mnet dialect operations ----------------------*- C++ -*-===//
#ifndef MNET_IR_MNETOPS_H
#define MNET_IR_MNETOPS_H

#include "dialects/mnet/IR/MNetDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <utility>

namespace mlir::mnet::OpTrait {
/// Verifies that every tensor operand and result has a static shape of positive extents.
LogicalResult verifyStaticShapes(Operation *op);

template <typename ConcreteType>
class StaticShapes : public mlir::OpTrait::TraitBase<ConcreteType, StaticShapes> {
public:
  static LogicalResult verifyTrait(Operation *op) { return verifyStaticShapes(op); }
};
} // namespace mlir::mnet::OpTrait

#define GET_OP_CLASSES
#include "dialects/mnet/IR/MNetOps.h.inc"

namespace mlir::mnet {

/// Attribute on function arguments and results: the TFLite tensor name.
inline constexpr llvm::StringLiteral kTensorNameAttr = "mnet.name";

/// Output extent of a sliding window (convolution, pooling) along one axis;
/// < 1 when the window does not fit.
inline int64_t windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                                int64_t dilation, int64_t padBefore, int64_t padAfter) {
  int64_t effectiveKernel = (kernel - 1) * dilation + 1;
  int64_t span = in + padBefore + padAfter - effectiveKernel;
  return span < 0 ? 0 : span / stride + 1;
}

/// TFLite's SAME padding along one axis: output ceil(in / stride), the extra padding
/// split with the smaller half first. Returns {before, after}.
inline std::pair<int64_t, int64_t> samePadding(int64_t in, int64_t kernel, int64_t stride,
                                               int64_t dilation) {
  int64_t effectiveKernel = (kernel - 1) * dilation + 1;
  int64_t out = (in + stride - 1) / stride;
  int64_t total = (out - 1) * stride + effectiveKernel - in;
  if (total < 0)
    total = 0;
  return {total / 2, total - total / 2};
}

/// Multiply-accumulates `op` performs: convolutions, depthwise convolutions and fully
/// connected layers; 0 for every other op.
int64_t multiplyAccumulates(Operation *op);

/// The values of `value` when it is an f32 `mnet.const`, else failure (the passes that rewrite
/// weights at compile time read them through this).
FailureOr<SmallVector<float>> f32ConstantValues(Value value);

/// Tasks a layer of `macs` multiply-accumulates is split into when the code runs on up to
/// `tasks` threads: one per `minTaskMacs`, at least one. Below that, the cross-core traffic
/// and the wait at the end of the layer cost more than the split saves.
inline int64_t layerTasks(int64_t macs, int64_t tasks, int64_t minTaskMacs) {
  int64_t useful = minTaskMacs > 0 ? macs / minTaskMacs : tasks;
  return std::max<int64_t>(1, std::min(tasks, useful));
}

/// Whether `op`, in a model function's body, is a layer: every op but constants and the
/// terminator. Layer i is the i-th of them; mnetc --report, the generated code's profiling
/// hooks and the weights blob's fingerprint all count this way.
inline bool isLayer(Operation &op) {
  return !isa<ConstOp>(op) && !op.hasTrait<mlir::OpTrait::IsTerminator>();
}

/// Weight rows after the bias row of a packed_conv2d filter for `taps` x `ic` weights per
/// output channel: one per tap and input channel, or in the k-pair layout one per tap and pair
/// of input channels.
inline int64_t packedSteps(int64_t taps, int64_t ic, bool kPairs) {
  return taps * (kPairs ? (ic + 1) / 2 : ic);
}

/// The [lo, hi] clamp an activation stands for.
inline std::pair<float, float> activationRange(Activation act) {
  const float inf = std::numeric_limits<float>::infinity();
  switch (act) {
  case Activation::Relu:
    return {0.0f, inf};
  case Activation::ReluN1To1:
    return {-1.0f, 1.0f};
  case Activation::Relu6:
    return {0.0f, 6.0f};
  case Activation::None:
    break;
  }
  return {-inf, inf};
}

} // namespace mlir::mnet

#endif // MNET_IR_MNETOPS_H
