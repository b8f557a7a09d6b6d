//===- MNetDialect.h - the mnet dialect -------------------------*- C++ -*-===//
#ifndef MNET_IR_MNETDIALECT_H
#define MNET_IR_MNETDIALECT_H

#include "mlir/IR/Dialect.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "dialects/mnet/IR/MNetOpsDialect.h.inc"
#include "dialects/mnet/IR/MNetEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "dialects/mnet/IR/MNetAttrs.h.inc"

#endif // MNET_IR_MNETDIALECT_H
