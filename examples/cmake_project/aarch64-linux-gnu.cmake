# A toolchain file for building the example for 64-bit ARM Linux with Debian's cross compiler
# (g++-aarch64-linux-gnu), with -DMNET_TARGET=armv8. mnetc itself runs on the build machine:
# find_package(mnetc) looks in CMAKE_PREFIX_PATH on the host, not in the target's sysroot.
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR aarch64)
set(CMAKE_C_COMPILER aarch64-linux-gnu-gcc)
set(CMAKE_CXX_COMPILER aarch64-linux-gnu-g++)
