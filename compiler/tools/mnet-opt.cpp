//===- mnet-opt.cpp - runs mnet passes alone ------------------------------===//
#include "compiler/pipeline/Pipeline.h"
#include "dialects/mnet/IR/MNetDialect.h"
#include "dialects/mnet/Transforms/Passes.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::mnet::registerMNetPasses();
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mnetc::registerCompilePipeline();
  mlir::DialectRegistry registry;
  registry.insert<mlir::mnet::MNetDialect, mlir::func::FuncDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "mnet-opt: runs mnet dialect passes\n", registry));
}
