// wasm/secure_heap.hpp — zeroing free()/realloc() for the module, and the dead-stack wipe.
#pragma once

namespace abon::web {

void wipe_dead_stack();  // zeroes the stack below the current frame (finished calls, ccall arguments)

}  // namespace abon::web
