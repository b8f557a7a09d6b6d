//===- MNetOps.cpp - verifiers and folders of the mnet ops ---------------===//
#include "dialects/mnet/IR/MNetOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpImplementation.h"
#include "llvm/ADT/STLExtras.h"

using namespace mlir;
using namespace mlir::mnet;

namespace {

RankedTensorType tensorType(Value v) { return cast<RankedTensorType>(v.getType()); }

std::string shapeString(ArrayRef<int64_t> shape) {
  std::string s = "[";
  for (auto [i, d] : llvm::enumerate(shape))
    s += (i ? "," : "") + std::to_string(d);
  return s + "]";
}

LogicalResult verifyExpectedShape(Operation *op, ArrayRef<int64_t> expected) {
  ArrayRef<int64_t> actual = cast<RankedTensorType>(op->getResult(0).getType()).getShape();
  if (actual != expected)
    return op->emitOpError() << "expected result shape " << shapeString(expected)
                             << " but got " << shapeString(actual);
  return success();
}

} // namespace

LogicalResult mlir::mnet::OpTrait::verifyStaticShapes(Operation *op) {
  SmallVector<Type> types(op->getOperandTypes());
  llvm::append_range(types, op->getResultTypes());
  for (Type t : types) {
    auto ranked = dyn_cast<RankedTensorType>(t);
    if (!ranked)
      continue;
    if (!ranked.hasStaticShape())
      return op->emitOpError() << "expected static shapes, got " << t;
    for (int64_t d : ranked.getShape())
      if (d < 1)
        return op->emitOpError() << "expected dimensions >= 1, got " << t;
  }
  return success();
}

namespace {

/// Checks the window attributes shared by convolutions and pooling.
LogicalResult verifyWindow(Operation *op, ArrayRef<int64_t> strides,
                           ArrayRef<int64_t> dilations, ArrayRef<int64_t> padding) {
  if (strides.size() != 2 || llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return op->emitOpError("expected 2 strides >= 1");
  if (dilations.size() != 2 || llvm::any_of(dilations, [](int64_t d) { return d < 1; }))
    return op->emitOpError("expected 2 dilations >= 1");
  if (padding.size() != 4 || llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return op->emitOpError("expected padding [top, bottom, left, right] >= 0");
  return success();
}

/// Expected NHWC output of a sliding window over `input` with `channels` output channels.
FailureOr<SmallVector<int64_t>> windowedShape(Operation *op, ArrayRef<int64_t> input,
                                              int64_t kh, int64_t kw, ArrayRef<int64_t> strides,
                                              ArrayRef<int64_t> dilations,
                                              ArrayRef<int64_t> padding, int64_t channels) {
  int64_t oh = windowOutputSize(input[1], kh, strides[0], dilations[0], padding[0], padding[1]);
  int64_t ow = windowOutputSize(input[2], kw, strides[1], dilations[1], padding[2], padding[3]);
  if (oh < 1 || ow < 1) {
    op->emitOpError() << "window " << kh << "x" << kw << " does not fit input "
                      << shapeString(input) << " with the given padding";
    return failure();
  }
  return SmallVector<int64_t>{input[0], oh, ow, channels};
}

LogicalResult verifyBias(Operation *op, Value bias, int64_t channels) {
  if (!bias)
    return success();
  ArrayRef<int64_t> shape = tensorType(bias).getShape();
  if (shape.size() != 1 || shape[0] != channels)
    return op->emitOpError() << "expected bias of shape [" << channels << "], got "
                             << shapeString(shape);
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// ConstOp
//===----------------------------------------------------------------------===//

OpFoldResult ConstOp::fold(FoldAdaptor) { return getValue(); }

LogicalResult ConstOp::verify() {
  auto elements = dyn_cast<DenseElementsAttr>(getValue());
  if (!elements)
    return emitOpError("expected a dense elements value");
  Type element = elements.getElementType();
  if (!element.isF32() && !element.isF16() && !element.isInteger(32))
    return emitOpError() << "expected f32, f16 or i32 elements, got " << element;
  return success();
}

//===----------------------------------------------------------------------===//
// Convolutions
//===----------------------------------------------------------------------===//

LogicalResult Conv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  if (in.size() != 4 || filter.size() != 4)
    return emitOpError() << "expected 4-D input (NHWC) and filter (OHWI), got "
                         << shapeString(in) << " and " << shapeString(filter);
  if (filter[3] != in[3])
    return emitOpError() << "expected filter input channels " << in[3] << ", got "
                         << filter[3];
  if (failed(verifyWindow(*this, getStrides(), getDilations(), getPadding())) ||
      failed(verifyBias(*this, getBias(), filter[0])))
    return failure();
  auto expected = windowedShape(*this, in, filter[1], filter[2], getStrides(), getDilations(),
                                getPadding(), filter[0]);
  return failed(expected) ? failure() : verifyExpectedShape(*this, *expected);
}

LogicalResult DepthwiseConv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  if (in.size() != 4 || filter.size() != 4 || filter[0] != 1)
    return emitOpError() << "expected 4-D input (NHWC) and filter [1,KH,KW,C*M], got "
                         << shapeString(in) << " and " << shapeString(filter);
  int64_t multiplier = getDepthMultiplier();
  if (multiplier < 1 || filter[3] != in[3] * multiplier)
    return emitOpError() << "expected " << in[3] << " x depth_multiplier " << multiplier
                         << " filter channels, got " << filter[3];
  if (failed(verifyWindow(*this, getStrides(), getDilations(), getPadding())) ||
      failed(verifyBias(*this, getBias(), filter[3])))
    return failure();
  auto expected = windowedShape(*this, in, filter[1], filter[2], getStrides(), getDilations(),
                                getPadding(), filter[3]);
  return failed(expected) ? failure() : verifyExpectedShape(*this, *expected);
}

LogicalResult PackedConv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  ArrayRef<int64_t> kernel = getKernel();
  if (in.size() != 4 || out.size() != 4 || filter.size() != 3)
    return emitOpError() << "expected NHWC input and result and a packed [blocks, rows, NR] "
                            "filter, got "
                         << shapeString(in) << ", " << shapeString(out) << " and "
                         << shapeString(filter);
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1)
    return emitOpError("expected kernel [KH, KW] >= 1");
  int64_t nr = filter[2], outC = out[3];
  if (std::optional<int64_t> w = getKPairs()) {
    // The k-pair layout: NR / 2 channels per block, two input channels per row.
    int64_t rows = 1 + packedSteps(kernel[0] * kernel[1], in[3], /*kPairs=*/true);
    if (*w < 4 || *w % 4 != 0 || nr < *w || nr % *w != 0)
      return emitOpError() << "expected k_pairs to be a vector width (a multiple of 4) that "
                              "divides the filter's NR, got "
                           << *w << " and NR " << nr;
    if (filter[0] != (outC + nr / 2 - 1) / (nr / 2) || filter[1] != rows)
      return emitOpError() << "expected a k-pair filter [ceil(" << outC << " / (NR / 2)), "
                           << rows << ", NR], got " << shapeString(filter);
  } else if (nr < 1 || filter[0] != (outC + nr - 1) / nr ||
             filter[1] != 1 + kernel[0] * kernel[1] * in[3]) {
    return emitOpError() << "expected a packed filter [" << "ceil(" << outC << " / NR), "
                         << 1 + kernel[0] * kernel[1] * in[3] << ", NR], got "
                         << shapeString(filter);
  }
  if (failed(verifyWindow(*this, getStrides(), getDilations(), getPadding())))
    return failure();
  auto expected = windowedShape(*this, in, kernel[0], kernel[1], getStrides(), getDilations(),
                                getPadding(), outC);
  if (failed(expected) || failed(verifyExpectedShape(*this, *expected)))
    return failure();
  if (getResidual()) {
    if (getResidual().getType() != getOutput().getType())
      return emitOpError() << "expected the residual to have the result's type "
                           << getOutput().getType();
    if (getHardSwish())
      return emitOpError("a residual add and hard_swish cannot both be fused");
    if (!getResidualActivation())
      return emitOpError("a residual needs a residual_activation");
  } else if (getResidualActivation()) {
    return emitOpError("residual_activation without a residual");
  }
  return success();
}

LogicalResult TransposeConv2DOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  if (in.size() != 4 || filter.size() != 4 || out.size() != 4)
    return emitOpError() << "expected 4-D input and result (NHWC) and filter (OHWI), got "
                         << shapeString(in) << ", " << shapeString(filter) << " and "
                         << shapeString(out);
  if (filter[3] != in[3])
    return emitOpError() << "expected filter input channels " << in[3] << ", got " << filter[3];
  if (out[0] != in[0] || out[3] != filter[0])
    return emitOpError() << "expected result batch " << in[0] << " and channels " << filter[0]
                         << ", got " << shapeString(out);
  ArrayRef<int64_t> strides = getStrides(), padding = getPadding();
  if (strides.size() != 2 || llvm::any_of(strides, [](int64_t s) { return s < 1; }))
    return emitOpError("expected 2 strides >= 1");
  if (padding.size() != 2 || llvm::any_of(padding, [](int64_t p) { return p < 0; }))
    return emitOpError("expected padding [top, left] >= 0");
  return verifyBias(*this, getBias(), filter[0]);
}

LogicalResult FullyConnectedOp::verify() {
  ArrayRef<int64_t> filter = getFilter().getType().getShape();
  if (filter.size() != 2)
    return emitOpError() << "expected 2-D filter [N,K], got " << shapeString(filter);
  int64_t inputElements = getInput().getType().getNumElements();
  if (inputElements % filter[1] != 0)
    return emitOpError() << "expected input elements divisible by K = " << filter[1];
  if (failed(verifyBias(*this, getBias(), filter[0])))
    return failure();
  ArrayRef<int64_t> out = getOutput().getType().getShape();
  int64_t batch = inputElements / filter[1];
  if (out.empty() || out.back() != filter[0] ||
      getOutput().getType().getNumElements() != batch * filter[0])
    return emitOpError() << "expected result of " << batch << " rows of " << filter[0]
                         << ", got " << shapeString(out);
  return success();
}

//===----------------------------------------------------------------------===//
// Elementwise
//===----------------------------------------------------------------------===//

/// Numpy broadcasting of two shapes, right-aligned; failure if incompatible.
static FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> a,
                                                       ArrayRef<int64_t> b) {
  size_t rank = std::max(a.size(), b.size());
  SmallVector<int64_t> out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return failure();
    out[i] = std::max(da, db);
  }
  return out;
}

template <typename BinaryOp>
static LogicalResult verifyBinary(BinaryOp op) {
  ArrayRef<int64_t> lhs = op.getLhs().getType().getShape();
  ArrayRef<int64_t> rhs = op.getRhs().getType().getShape();
  auto shape = broadcastShapes(lhs, rhs);
  if (failed(shape))
    return op.emitOpError() << "cannot broadcast " << shapeString(lhs) << " with "
                            << shapeString(rhs);
  if (shape->size() > 6)
    return op.emitOpError("expected rank <= 6");
  return verifyExpectedShape(op, *shape);
}

LogicalResult AddOp::verify() { return verifyBinary(*this); }
LogicalResult SubOp::verify() { return verifyBinary(*this); }
LogicalResult MulOp::verify() { return verifyBinary(*this); }
LogicalResult MaximumOp::verify() { return verifyBinary(*this); }
LogicalResult MinimumOp::verify() { return verifyBinary(*this); }

LogicalResult ClampOp::verify() {
  if (getMin().convertToFloat() > getMax().convertToFloat())
    return emitOpError("expected min <= max");
  return success();
}

LogicalResult SoftmaxOp::verify() {
  if (getInput().getType().getRank() < 1)
    return emitOpError("expected rank >= 1 (softmax normalizes over the last axis)");
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling and reductions
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> kernel = op.getKernel();
  if (in.size() != 4)
    return op.emitOpError() << "expected 4-D input (NHWC), got " << shapeString(in);
  if (kernel.size() != 2 || kernel[0] < 1 || kernel[1] < 1)
    return op.emitOpError("expected a 2-D kernel >= 1");
  int64_t ones[] = {1, 1};
  if (failed(verifyWindow(op, op.getStrides(), ones, op.getPadding())))
    return failure();
  ArrayRef<int64_t> pad = op.getPadding();
  if (!op.getIncludePad() &&
      (pad[0] >= kernel[0] || pad[1] >= kernel[0] || pad[2] >= kernel[1] || pad[3] >= kernel[1]))
    return op.emitOpError("expected padding smaller than the kernel (no window of padding only)");
  auto expected = windowedShape(op, in, kernel[0], kernel[1], op.getStrides(), ones,
                                op.getPadding(), in[3]);
  return failed(expected) ? failure() : verifyExpectedShape(op, *expected);
}

LogicalResult AvgPool2DOp::verify() { return verifyPool(*this); }
LogicalResult MaxPool2DOp::verify() { return verifyPool(*this); }

LogicalResult MeanOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() > 6)
    return emitOpError("expected rank <= 6");
  SmallVector<bool> reduced(in.size(), false);
  for (int64_t axis : getAxes()) {
    if (axis < 0 || axis >= static_cast<int64_t>(in.size()) || reduced[axis])
      return emitOpError() << "expected distinct axes in [0, " << in.size() << "), got "
                           << axis;
    reduced[axis] = true;
  }
  SmallVector<int64_t> expected;
  for (auto [i, d] : llvm::enumerate(in)) {
    if (!reduced[i])
      expected.push_back(d);
    else if (getKeepDims())
      expected.push_back(1);
  }
  return verifyExpectedShape(*this, expected);
}

LogicalResult SqueezeExciteOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() != 4)
    return emitOpError("expected an NHWC input of rank 4");
  int64_t c = in[3];
  ArrayRef<int64_t> squeeze = getSqueeze().getType().getShape();
  if (squeeze.size() != 2 || squeeze[0] != c)
    return emitOpError() << "expected squeeze weights [" << c << ", R], got "
                         << shapeString(squeeze);
  int64_t r = squeeze[1];
  if (getExcite().getType().getShape() != ArrayRef<int64_t>{r, c})
    return emitOpError() << "expected excite weights [" << r << ", " << c << "], got "
                         << shapeString(getExcite().getType().getShape());
  if (getSqueezeBias().getType().getShape() != ArrayRef<int64_t>{r})
    return emitOpError() << "expected squeeze bias [" << r << "], got "
                         << shapeString(getSqueezeBias().getType().getShape());
  if (getExciteBias().getType().getShape() != ArrayRef<int64_t>{c})
    return emitOpError() << "expected excite bias [" << c << "], got "
                         << shapeString(getExciteBias().getType().getShape());
  return verifyExpectedShape(*this, in);
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

LogicalResult PadOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  if (in.size() > 6)
    return emitOpError("expected rank <= 6");
  if (getLow().size() != in.size() || getHigh().size() != in.size())
    return emitOpError() << "expected " << in.size() << " low and high paddings";
  SmallVector<int64_t> expected;
  for (size_t i = 0; i < in.size(); ++i) {
    if (getLow()[i] < 0 || getHigh()[i] < 0)
      return emitOpError("expected paddings >= 0");
    expected.push_back(in[i] + getLow()[i] + getHigh()[i]);
  }
  return verifyExpectedShape(*this, expected);
}

LogicalResult ReshapeOp::verify() {
  if (getInput().getType().getNumElements() != getOutput().getType().getNumElements())
    return emitOpError() << "expected the same number of elements, got " << getInput().getType()
                         << " and " << getOutput().getType();
  return success();
}

OpFoldResult ReshapeOp::fold(FoldAdaptor adaptor) {
  if (getInput().getType() == getOutput().getType())
    return getInput();
  if (auto elements = dyn_cast_or_null<DenseElementsAttr>(adaptor.getInput()))
    return elements.reshape(getOutput().getType());
  if (auto producer = getInput().getDefiningOp<ReshapeOp>()) {
    getInputMutable().assign(producer.getInput());
    return getResult();
  }
  return {};
}

LogicalResult ConcatOp::verify() {
  if (getInputs().empty())
    return emitOpError("expected at least one input");
  ArrayRef<int64_t> first = tensorType(getInputs()[0]).getShape();
  int64_t axis = getAxis();
  if (axis < 0 || axis >= static_cast<int64_t>(first.size()))
    return emitOpError() << "expected axis in [0, " << first.size() << "), got " << axis;
  SmallVector<int64_t> expected(first);
  expected[axis] = 0;
  for (Value input : getInputs()) {
    ArrayRef<int64_t> shape = tensorType(input).getShape();
    for (size_t i = 0; i < shape.size() && shape.size() == first.size(); ++i)
      if (static_cast<int64_t>(i) != axis && shape[i] != first[i])
        return emitOpError() << "expected inputs to agree off the axis, got "
                             << shapeString(first) << " and " << shapeString(shape);
    if (shape.size() != first.size())
      return emitOpError("expected inputs of equal rank");
    expected[axis] += shape[axis];
  }
  return verifyExpectedShape(*this, expected);
}

LogicalResult DepthToSpaceOp::verify() {
  ArrayRef<int64_t> in = getInput().getType().getShape();
  int64_t block = getBlockSize();
  if (in.size() != 4 || block < 1 || in[3] % (block * block) != 0)
    return emitOpError() << "expected NHWC input with channels divisible by block_size^2 = "
                         << block * block << ", got " << shapeString(in);
  return verifyExpectedShape(*this, {in[0], in[1] * block, in[2] * block, in[3] / (block * block)});
}

template <typename ResizeOp>
static LogicalResult verifyResize(ResizeOp op) {
  ArrayRef<int64_t> in = op.getInput().getType().getShape();
  ArrayRef<int64_t> out = op.getOutput().getType().getShape();
  if (in.size() != 4 || out.size() != 4 || in[0] != out[0] || in[3] != out[3])
    return op.emitOpError() << "expected NHWC input and result with equal N and C, got "
                            << shapeString(in) << " and " << shapeString(out);
  if (op.getAlignCorners() && op.getHalfPixelCenters())
    return op.emitOpError("align_corners and half_pixel_centers cannot both be set");
  return success();
}

LogicalResult ResizeBilinearOp::verify() { return verifyResize(*this); }
LogicalResult ResizeNearestOp::verify() { return verifyResize(*this); }

#define GET_OP_CLASSES
#include "dialects/mnet/IR/MNetOps.cpp.inc"

FailureOr<SmallVector<float>> mlir::mnet::f32ConstantValues(Value value) {
  auto constant = value ? value.getDefiningOp<ConstOp>() : nullptr;
  auto values = constant ? dyn_cast<DenseFPElementsAttr>(constant.getValue()) : nullptr;
  if (!values || !values.getElementType().isF32())
    return failure();
  return SmallVector<float>(values.getValues<float>());
}

int64_t mlir::mnet::multiplyAccumulates(Operation *op) {
  auto elements = [](Value v) { return tensorType(v).getNumElements(); };
  auto shape = [](Value v) { return tensorType(v).getShape(); };
  if (auto conv = dyn_cast<PackedConv2DOp>(op)) {
    ArrayRef<int64_t> k = conv.getKernel();
    return elements(conv) * k[0] * k[1] * shape(conv.getInput())[3];
  }
  if (auto conv = dyn_cast<Conv2DOp>(op)) {
    ArrayRef<int64_t> f = shape(conv.getFilter()); // [OC, KH, KW, IC]
    return elements(conv) * f[1] * f[2] * f[3];
  }
  if (auto conv = dyn_cast<DepthwiseConv2DOp>(op)) {
    ArrayRef<int64_t> f = shape(conv.getFilter()); // [1, KH, KW, C * multiplier]
    return elements(conv) * f[1] * f[2];
  }
  if (auto conv = dyn_cast<TransposeConv2DOp>(op)) {
    ArrayRef<int64_t> f = shape(conv.getFilter()); // [OC, KH, KW, IC]
    return elements(conv.getInput()) * f[0] * f[1] * f[2];
  }
  if (auto fc = dyn_cast<FullyConnectedOp>(op))
    return elements(fc) * shape(fc.getFilter())[1];
  return 0;
}
