# Install rules (`cmake --install build --prefix P`, `make install PREFIX=P`): the tools and the
# CMake package that lets another project write
#
#   find_package(mnetc REQUIRED)              # with CMAKE_PREFIX_PATH=P
#   mnet_add_model(mobilenet MODEL mobilenet_v2.tflite TARGET x86-64-avx2)
#   mnet_add_halide_model(mobilenet_hl MODEL mobilenet_v2.tflite TARGET x86-64-avx2)
#
# Besides, share/mnetc/halide-build.sh, which builds the Halide backend's generators.
# Nothing else is installed: the generated code is standalone (mnetc pastes the runtime into
# it), so users need no library or header of ours. The MLIR dialect libraries opt out of
# AddMLIR's install rules with DISABLE_INSTALL (dialects/mnet/*/CMakeLists.txt).
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# The tools link Debian's shared libMLIR/libLLVM, which live in LLVM's own library directory,
# not on the loader's path: the build tree's RUNPATH has it, and the installed copies keep it.
set(MNET_INSTALLED_TOOLS mnetc mnet-run)
set_target_properties(${MNET_INSTALLED_TOOLS} PROPERTIES INSTALL_RPATH "${LLVM_LIBRARY_DIR}")
install(TARGETS ${MNET_INSTALLED_TOOLS} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})

set(MNET_PACKAGE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/mnetc)
# The Halide backend's build script (mnet-run --backend=halide, mnet_add_halide_model).
set(MNET_SHARE_DIR ${CMAKE_INSTALL_DATADIR}/mnetc)
install(PROGRAMS ${PROJECT_SOURCE_DIR}/scripts/halide-build.sh DESTINATION ${MNET_SHARE_DIR})
configure_package_config_file(
  ${CMAKE_CURRENT_LIST_DIR}/mnetcConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/mnetcConfig.cmake
  INSTALL_DESTINATION ${MNET_PACKAGE_DIR}
  PATH_VARS CMAKE_INSTALL_BINDIR MNET_SHARE_DIR)
# 0.x: a minor version may change the generated API, so only the same 0.y matches.
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/package/mnetcConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMinorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/package/mnetcConfig.cmake
  ${PROJECT_BINARY_DIR}/package/mnetcConfigVersion.cmake
  ${CMAKE_CURRENT_LIST_DIR}/mnetcAddModel.cmake
  ${CMAKE_CURRENT_LIST_DIR}/mnetcAddHalideModel.cmake
  DESTINATION ${MNET_PACKAGE_DIR})
