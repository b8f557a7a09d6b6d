// Linked into every executable of the sanitizer build (MNET_SANITIZE): AddressSanitizer's
// defaults, read before main.
//
// allow_user_poisoning=0: LLVM's BumpPtrAllocator (llvm/Support/Allocator.h) poisons its slabs
// and unpoisons each allocation, but only where the header is compiled with ASan. Our code is;
// Debian's libMLIR is not, yet allocates from the same slabs (MLIR's attribute uniquer), so its
// allocations would stay poisoned and every later read would be a false use-after-poison.
extern "C" const char *__asan_default_options() { return "allow_user_poisoning=0"; }
