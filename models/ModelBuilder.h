// mnetc test-model builder: a small API to assemble fp32 TFLite graphs (static NHWC shapes)
// and serialize them as TFLite flatbuffers (schema version 3, identifier "TFL3").
//
// Conventions followed (as the TFLite converter writes them):
//   * buffer 0 is the empty buffer; every constant tensor has a buffer of its own;
//   * every non-constant tensor points at buffer 0;
//   * OperatorCode carries both deprecated_builtin_code (min(code, 127)) and builtin_code;
//   * one subgraph, inputs/outputs listed in the subgraph, no SignatureDefs.
//
// Errors (bad shapes, unknown tensors) never abort: the first one is recorded, later calls
// become no-ops returning -1, and finish() reports it. The code builds with -fno-exceptions.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "compiler/import/tflite_schema_generated.h"

namespace mnet {
namespace models {

enum class Activation { None, Relu, ReluN1To1, Relu6, Tanh };
enum class Padding { Same, Valid };
enum class DType { Float32, Float16, Int32 };

using Shape = std::vector<int32_t>;

// IEEE 754 binary16 conversion (round to nearest even), portable and table-free.
uint16_t floatToHalf(float f);
float halfToFloat(uint16_t h);

class ModelBuilder {
public:
  ModelBuilder();
  ~ModelBuilder();
  ModelBuilder(const ModelBuilder &) = delete;
  ModelBuilder &operator=(const ModelBuilder &) = delete;

  // ---- Tensors. Every function returns a tensor index, or -1 after an error. ----
  // Graph input (float32). Inputs are listed in the order they are added.
  int addInput(const std::string &name, const Shape &shape);
  // Constants, each with its own buffer. Data size must equal the shape's element count.
  int addConstF32(const std::string &name, const Shape &shape, const std::vector<float> &data);
  // float16 constant given as float values (rounded to half) ...
  int addConstF16(const std::string &name, const Shape &shape, const std::vector<float> &data);
  // ... or as raw binary16 bit patterns.
  int addConstF16Bits(const std::string &name, const Shape &shape,
                      const std::vector<uint16_t> &bits);
  int addConstI32(const std::string &name, const Shape &shape, const std::vector<int32_t> &data);
  // A plain activation tensor (no buffer data): used with addOp for ops without a helper.
  int addTensor(const std::string &name, const Shape &shape, DType type = DType::Float32);
  // Graph outputs, in the order they are marked.
  void markOutput(int tensor);

  // ---- Generic op: inputs may contain -1 (optional input absent). ----
  void addOp(tflite::BuiltinOperator code, const std::vector<int> &inputs,
             const std::vector<int> &outputs, tflite::BuiltinOptionsUnion options = {},
             int version = 1);
  // Generic CUSTOM op (OperatorCode builtin_code CUSTOM, custom_code `customCode`) with raw
  // custom_options bytes.
  void addCustomOp(const std::string &customCode, const std::vector<int> &inputs,
                   const std::vector<int> &outputs, const std::vector<uint8_t> &customOptions,
                   int version = 1);

  // ---- Op helpers: create the output tensor (named `name`), compute its shape. ----
  // filter OHWI [O,KH,KW,I]; bias [O] or -1.
  int conv2d(const std::string &name, int input, int filter, int bias, int strideH, int strideW,
             Padding padding, Activation act = Activation::None, int dilationH = 1,
             int dilationW = 1);
  // filter [1,KH,KW,I*multiplier]; bias [I*multiplier] or -1.
  int depthwiseConv2d(const std::string &name, int input, int filter, int bias, int strideH,
                      int strideW, Padding padding, int multiplier,
                      Activation act = Activation::None, int dilationH = 1, int dilationW = 1);
  // TRANSPOSE_CONV: weights [O,KH,KW,I]; bias [O] or -1 (serialized as input index -1). The
  // output spatial size outH x outW is explicit (an int32 [4] output_shape constant is made)
  // and must be consistent with the input: SAME ceil(out/stride) == in, VALID
  // (out - k + stride) / stride == in. Inputs (output_shape, weights, input, bias), version 3.
  int transposeConv(const std::string &name, int input, int weights, int bias, int outH,
                    int outW, int strideH, int strideW, Padding padding);
  // MediaPipe's custom op "Convolution2DTransposeBias": inputs (input, weights [O,KH,KW,I],
  // bias [O]); custom_options = little-endian int32 {padding (1 SAME, 2 VALID), stride_w,
  // stride_h}. Output size: SAME in * stride, VALID (in - 1) * stride + k.
  int transposeConvBiasCustom(const std::string &name, int input, int weights, int bias,
                              int strideH, int strideW, Padding padding);
  // DEPTH_TO_SPACE: [N,H,W,C] -> [N,H*bs,W*bs,C/bs^2].
  int depthToSpace(const std::string &name, int input, int blockSize);
  // weights [O,I]; bias [O] or -1 (serialized as input index -1).
  int fullyConnected(const std::string &name, int input, int weights, int bias,
                     Activation act = Activation::None, bool keepNumDims = false);
  int add(const std::string &name, int a, int b, Activation act = Activation::None);
  int sub(const std::string &name, int a, int b, Activation act = Activation::None);
  int mul(const std::string &name, int a, int b, Activation act = Activation::None);
  int maximum(const std::string &name, int a, int b);
  int minimum(const std::string &name, int a, int b);
  // paddings: one {before, after} pair per input dimension (an int32 [rank,2] constant is made).
  int pad(const std::string &name, int input, const std::vector<std::pair<int, int>> &paddings);
  int padV2(const std::string &name, int input, const std::vector<std::pair<int, int>> &paddings,
            float value);
  int averagePool2d(const std::string &name, int input, int filterH, int filterW, int strideH,
                    int strideW, Padding padding, Activation act = Activation::None);
  int maxPool2d(const std::string &name, int input, int filterH, int filterW, int strideH,
                int strideW, Padding padding, Activation act = Activation::None);
  int mean(const std::string &name, int input, const std::vector<int> &axes, bool keepDims);
  int reshape(const std::string &name, int input, const Shape &newShape);
  int squeeze(const std::string &name, int input, const std::vector<int> &dims);
  int concatenation(const std::string &name, const std::vector<int> &inputs, int axis,
                    Activation act = Activation::None);
  int softmax(const std::string &name, int input, float beta = 1.0f);
  int relu(const std::string &name, int input);
  int relu6(const std::string &name, int input);
  int reluN1To1(const std::string &name, int input);
  int logistic(const std::string &name, int input);
  int tanh(const std::string &name, int input);
  int hardSwish(const std::string &name, int input);
  int resizeBilinear(const std::string &name, int input, int newH, int newW,
                     bool alignCorners = false, bool halfPixelCenters = false);
  int resizeNearest(const std::string &name, int input, int newH, int newW,
                    bool alignCorners = false, bool halfPixelCenters = false);
  // float16 -> float32
  int dequantize(const std::string &name, int input);

  // ---- Queries ----
  const Shape &shape(int tensor) const;
  const std::string &tensorName(int tensor) const;
  int numTensors() const;
  const std::vector<int32_t> &inputs() const { return model_.subgraphs[0]->inputs; }
  const std::vector<int32_t> &outputs() const { return model_.subgraphs[0]->outputs; }
  bool ok() const { return error_.empty(); }
  const std::string &error() const { return error_; }

  // Serialize. Returns false (and sets `error`) if any earlier call failed or the graph has
  // no inputs/outputs.
  bool finish(std::vector<uint8_t> &out, std::string &error,
              const std::string &description = "mnetc test model");

private:
  tflite::ModelT model_;
  std::vector<int> opcodeOf_; // builtin code -> index in model_.operator_codes, or -1
  std::map<std::string, int> customOpcodeOf_; // custom code -> index in model_.operator_codes
  std::set<std::string> names_;
  std::string error_;

  bool fail(const std::string &msg);
  bool valid(int tensor, const char *what);
  std::string uniqueName(const std::string &name);
  int newTensor(const std::string &name, const Shape &shape, DType type,
                std::vector<uint8_t> *data);
  tflite::SubGraphT &graph();
  bool checkOperands(const char *what, const std::vector<int> &inputs,
                     const std::vector<int> &outputs);
  bool transposeConvShape(const std::string &name, int input, int weights, int bias, int strideH,
                          int strideW, Padding padding, int &outH, int &outW);
  int unaryOp(tflite::BuiltinOperator code, const std::string &name, int input);
  int binaryOp(tflite::BuiltinOperator code, const std::string &name, int a, int b,
               Activation act);
  int pool(tflite::BuiltinOperator code, const std::string &name, int input, int filterH,
           int filterW, int strideH, int strideW, Padding padding, Activation act);
  int resize(bool bilinear, const std::string &name, int input, int newH, int newW,
             bool alignCorners, bool halfPixelCenters);
  int padImpl(const std::string &name, int input,
              const std::vector<std::pair<int, int>> &paddings, bool v2, float value);
};

// Output size of a convolution/pool window along one axis (TFLite rules). Returns <= 0 when
// the window does not fit.
int convOutSize(int in, int kernel, int stride, int dilation, Padding padding);

} // namespace models
} // namespace mnet
