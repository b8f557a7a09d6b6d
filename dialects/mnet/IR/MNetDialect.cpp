//===- MNetDialect.cpp - the mnet dialect ---------------------------------===//
#include "dialects/mnet/IR/MNetDialect.h"
#include "dialects/mnet/IR/MNetOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/DialectImplementation.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace mlir::mnet;

#include "dialects/mnet/IR/MNetOpsDialect.cpp.inc"
#include "dialects/mnet/IR/MNetEnums.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/mnet/IR/MNetAttrs.cpp.inc"

void MNetDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "dialects/mnet/IR/MNetOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "dialects/mnet/IR/MNetAttrs.cpp.inc"
      >();
}

Operation *MNetDialect::materializeConstant(OpBuilder &builder, Attribute value, Type type,
                                            Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  return builder.create<ConstOp>(loc, typed);
}
