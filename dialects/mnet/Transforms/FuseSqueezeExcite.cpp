//===- FuseSqueezeExcite.cpp - squeeze-excite chains into one op ---------===//
#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

#include <optional>

namespace mlir::mnet {
#define GEN_PASS_DEF_MNETFUSESQUEEZEEXCITEPASS
#include "dialects/mnet/Transforms/Passes.h.inc"
} // namespace mlir::mnet

using namespace mlir;
using namespace mlir::mnet;

namespace {

/// The op defining `v` when it is an `Op` whose result is used only once.
template <typename Op>
Op singleUse(Value v) {
  auto op = v.getDefiningOp<Op>();
  return op && op->hasOneUse() ? op : Op();
}

/// The value every element of a constant float tensor holds.
std::optional<float> uniformValue(Value v) {
  auto constant = v.getDefiningOp<ConstOp>();
  auto values = constant ? dyn_cast<DenseElementsAttr>(constant.getValue()) : DenseElementsAttr();
  if (!values || !values.getElementType().isF32() || values.getNumElements() < 1)
    return std::nullopt;
  if (values.isSplat())
    return values.getSplatValue<float>();
  auto all = values.getValues<float>();
  float first = *all.begin();
  for (float x : all)
    if (x != first)
      return std::nullopt;
  return first;
}

/// The other operand of the binary `op` when one of its operands is a constant whose every
/// element equals `constant`; null otherwise.
template <typename Op>
Value withConstant(Op op, float constant) {
  for (auto [side, other] : {std::pair{0, 1}, std::pair{1, 0}})
    if (uniformValue(op->getOperand(side)) == constant)
      return op->getOperand(other);
  return nullptr;
}

/// A 1x1 convolution of a single pixel with constant weights ([OC, 1, 1, IC]) and, if any,
/// a constant bias: a matrix-vector product.
bool isPixelMatVec(Conv2DOp conv) {
  ArrayRef<int64_t> in = conv.getInput().getType().getShape();
  ArrayRef<int64_t> f = conv.getFilter().getType().getShape();
  auto ones = [](ArrayRef<int64_t> v) { return llvm::all_of(v, [](int64_t x) { return x == 1; }); };
  return in[0] == 1 && in[1] == 1 && in[2] == 1 && f[1] == 1 && f[2] == 1 &&
         ones(conv.getStrides()) && ones(conv.getDilations()) &&
         llvm::all_of(conv.getPadding(), [](int64_t p) { return p == 0; }) &&
         conv.getFilter().getDefiningOp<ConstOp>() &&
         (!conv.getBias() || conv.getBias().getDefiningOp<ConstOp>());
}

/// The bias of `conv` as float values (zeros without one).
SmallVector<float> biasValues(Conv2DOp conv) {
  int64_t n = conv.getFilter().getType().getShape()[0];
  if (!conv.getBias())
    return SmallVector<float>(n, 0.0f);
  auto values = cast<DenseElementsAttr>(conv.getBias().getDefiningOp<ConstOp>().getValue());
  return SmallVector<float>(values.getValues<float>());
}

/// What the channel scales are: the gate and the excitation it is applied to.
struct GateMatch {
  Gate gate;
  Value excitation;
  SmallVector<Operation *> ops; // gate ops, last first
};

/// sigmoid(e), or hard_sigmoid(e) = relu6(e + 3) * (1/6) as ADD(+RELU6 or then a clamp to
/// [0, 6]) and MUL.
std::optional<GateMatch> matchGate(Value scale) {
  if (auto logistic = singleUse<LogisticOp>(scale))
    return GateMatch{Gate::Sigmoid, logistic.getInput(), {logistic}};
  auto mul = singleUse<MulOp>(scale);
  if (!mul || mul.getActivation() != Activation::None)
    return std::nullopt;
  Value clamped = withConstant(mul, 1.0f / 6.0f);
  if (!clamped)
    return std::nullopt;
  GateMatch match{Gate::HardSigmoid, nullptr, {mul}};
  AddOp add;
  if (auto clamp = singleUse<ClampOp>(clamped)) {
    if (clamp.getMin().convertToFloat() != 0.0f || clamp.getMax().convertToFloat() != 6.0f)
      return std::nullopt;
    match.ops.push_back(clamp);
    add = singleUse<AddOp>(clamp.getInput());
    if (!add || add.getActivation() != Activation::None)
      return std::nullopt;
  } else {
    add = singleUse<AddOp>(clamped);
    if (!add || add.getActivation() != Activation::Relu6)
      return std::nullopt;
  }
  match.ops.push_back(add);
  match.excitation = withConstant(add, 3.0f);
  if (!match.excitation)
    return std::nullopt;
  return match;
}

struct FuseSqueezeExcitePass
    : mlir::mnet::impl::MNetFuseSqueezeExcitePassBase<FuseSqueezeExcitePass> {
  void runOnOperation() override {
    getOperation().walk([](MulOp mul) {
      if (mul.getActivation() != Activation::None)
        return;
      auto resultType = mul.getType();
      if (resultType.getRank() != 4)
        return;
      for (auto [xSide, scaleSide] : {std::pair{0, 1}, std::pair{1, 0}}) {
        Value x = mul->getOperand(xSide), scale = mul->getOperand(scaleSide);
        ArrayRef<int64_t> shape = resultType.getShape();
        if (x.getType() != resultType || shape[0] != 1 ||
            cast<RankedTensorType>(scale.getType()).getShape() !=
                ArrayRef<int64_t>{1, 1, 1, shape[3]})
          continue;
        std::optional<GateMatch> gate = matchGate(scale);
        if (!gate)
          continue;
        auto excite = singleUse<Conv2DOp>(gate->excitation);
        if (!excite || !isPixelMatVec(excite) || excite.getActivation() != Activation::None)
          continue;
        auto squeeze = singleUse<Conv2DOp>(excite.getInput());
        if (!squeeze || !isPixelMatVec(squeeze))
          continue;
        auto mean = singleUse<MeanOp>(squeeze.getInput());
        if (!mean || mean.getInput() != x || !mean.getKeepDims() ||
            mean.getAxes() != ArrayRef<int64_t>{1, 2})
          continue;

        // Input-major weights: the filters [out, 1, 1, in] transposed to [in, out].
        int64_t c = shape[3], r = squeeze.getFilter().getType().getShape()[0];
        OpBuilder b(mul);
        auto vector = [&](int64_t n) { return RankedTensorType::get({n}, b.getF32Type()); };
        auto constant = [&](Location at, RankedTensorType type, ArrayRef<float> values) {
          return b.create<ConstOp>(at, type, DenseElementsAttr::get(type, values)).getResult();
        };
        auto transposed = [&](Conv2DOp conv) {
          auto filter = conv.getFilter().getDefiningOp<ConstOp>();
          ArrayRef<int64_t> f = conv.getFilter().getType().getShape();
          auto values = SmallVector<float>(cast<DenseElementsAttr>(filter.getValue()).getValues<float>());
          SmallVector<float> result(values.size());
          for (int64_t o = 0; o < f[0]; ++o)
            for (int64_t i = 0; i < f[3]; ++i)
              result[i * f[0] + o] = values[o * f[3] + i];
          return constant(filter.getLoc(), RankedTensorType::get({f[3], f[0]}, b.getF32Type()),
                          result);
        };
        Location loc = mul.getLoc();
        Value w1 = transposed(squeeze);
        Value b1 = constant(squeeze.getLoc(), vector(r), biasValues(squeeze));
        Value w2 = transposed(excite);
        Value b2 = constant(excite.getLoc(), vector(c), biasValues(excite));
        auto fused = b.create<SqueezeExciteOp>(
            loc, resultType, x, w1, b1, w2, b2,
            ActivationAttr::get(b.getContext(), squeeze.getActivation()),
            GateAttr::get(b.getContext(), gate->gate));
        mul.replaceAllUsesWith(fused.getResult());
        SmallVector<Operation *> chain{mul};
        llvm::append_range(chain, gate->ops);
        llvm::append_range(chain, ArrayRef<Operation *>{excite, squeeze, mean});
        SmallVector<Operation *> constants; // the chain's weights and gate constants
        for (Operation *op : chain) {
          for (Value operand : op->getOperands())
            if (auto c = operand.getDefiningOp<ConstOp>())
              constants.push_back(c);
          op->erase();
        }
        for (Operation *c : constants)
          if (c->use_empty())
            c->erase();
        return;
      }
    });
  }
};

} // namespace
