//===- MNetBase.td - the mnet dialect and its attributes ------------------===//
#ifndef MNET_BASE_TD
#define MNET_BASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"

def MNet_Dialect : Dialect {
  let name = "mnet";
  let cppNamespace = "::mlir::mnet";
  let summary = "Value-semantic fp32 tensor ops of MobileNet-family networks";
  let description = [{
    The `mnet` dialect holds a TFLite model after import: NHWC float32 tensors, one op per
    TFLite builtin (fused activations become the `activation` attribute or an `mnet.clamp`),
    with explicit padding so that no op depends on SAME/VALID conventions.
  }];
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 1;
}

// Every mnet op works on tensors of static, positive shape.
def MNet_StaticShapes : NativeOpTrait<"StaticShapes"> {
  let cppNamespace = "::mlir::mnet::OpTrait";
}

class MNet_Op<string mnemonic, list<Trait> traits = []>
    : Op<MNet_Dialect, mnemonic, !listconcat(traits, [MNet_StaticShapes])>;

// The clamp a TFLite fused activation function stands for.
def MNet_ActivationNone     : I32EnumAttrCase<"None", 0, "none">;
def MNet_ActivationRelu     : I32EnumAttrCase<"Relu", 1, "relu">;
def MNet_ActivationReluN1To1 : I32EnumAttrCase<"ReluN1To1", 2, "relu_n1_to_1">;
def MNet_ActivationRelu6    : I32EnumAttrCase<"Relu6", 3, "relu6">;

def MNet_Activation : I32EnumAttr<"Activation", "fused activation (an output clamp)",
    [MNet_ActivationNone, MNet_ActivationRelu, MNet_ActivationReluN1To1, MNet_ActivationRelu6]> {
  let cppNamespace = "::mlir::mnet";
  let genSpecializedAttr = 0;
}

def MNet_ActivationAttr : EnumAttr<MNet_Dialect, MNet_Activation, "activation"> {
  let assemblyFormat = "`<` $value `>`";
}

// The gate of a squeeze-excite block: what turns the excitation into per-channel scales.
def MNet_GateSigmoid     : I32EnumAttrCase<"Sigmoid", 0, "sigmoid">;
def MNet_GateHardSigmoid : I32EnumAttrCase<"HardSigmoid", 1, "hard_sigmoid">;

def MNet_Gate : I32EnumAttr<"Gate", "squeeze-excite gate",
    [MNet_GateSigmoid, MNet_GateHardSigmoid]> {
  let cppNamespace = "::mlir::mnet";
  let genSpecializedAttr = 0;
}

def MNet_GateAttr : EnumAttr<MNet_Dialect, MNet_Gate, "gate"> {
  let assemblyFormat = "`<` $value `>`";
}

def MNet_F32Tensor : RankedTensorOf<[F32]>;

#endif // MNET_BASE_TD
