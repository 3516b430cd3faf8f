// wasm/secure_heap.cpp — no freed block and no dead stack frame keeps a secret.
//
// The password passes through many short-lived buffers: the text the loader hands in,
// the core's temporaries (lower-cased copies, the common-password lookup), the payload's
// growing strings. Wiping each by hand misses some, so the module's allocator does it for
// all of them:
// - free() zeroes the whole usable block before emmalloc takes it back (emmalloc's free,
//   realloc and malloc are weak symbols; these strong ones replace them in every caller,
//   operator delete and the exported _free included);
// - realloc() never resizes in place: it copies into a new block and frees (zeroes) the
//   old one, so neither a moved nor a shrunk block leaves bytes behind;
// - abon_wipe_stack() zeroes the stack below the current stack pointer, where the frames
//   of finished calls and the arguments ccall() copied onto the stack lie. The loader calls
//   it after every call into the module; the frame loop after every frame.
#include "secure_heap.hpp"

#include <emscripten/emscripten.h>
#include <emscripten/stack.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

extern "C" {
void* emscripten_builtin_malloc(std::size_t size);
void emscripten_builtin_free(void* ptr);
std::size_t emmalloc_usable_size(void* ptr);
}

namespace {

// volatile: stores into memory that is about to be freed are otherwise dead to the optimiser.
void zero(void* ptr, std::size_t size) {
    volatile unsigned char* bytes = static_cast<unsigned char*>(ptr);
    for (std::size_t i = 0; i < size; ++i) bytes[i] = 0;
}

}  // namespace

extern "C" {

void free(void* ptr) {
    if (!ptr) return;
    zero(ptr, emmalloc_usable_size(ptr));
    emscripten_builtin_free(ptr);
}

void* realloc(void* ptr, std::size_t size) {
    if (!ptr) return emscripten_builtin_malloc(size);
    if (size == 0) {
        free(ptr);
        return nullptr;
    }
    void* moved = emscripten_builtin_malloc(size);
    if (!moved) return nullptr;  // the old block stays valid, as realloc promises
    const std::size_t old_size = emmalloc_usable_size(ptr);
    std::memcpy(moved, ptr, old_size < size ? old_size : size);
    free(ptr);
    return moved;
}

EMSCRIPTEN_KEEPALIVE void abon_wipe_stack() { abon::web::wipe_dead_stack(); }

}  // extern "C"

namespace abon::web {

// The stack grows down from emscripten_stack_get_base() to emscripten_stack_get_end():
// everything between the end and the current stack pointer belongs to no live frame. The
// loop keeps no locals in linear memory, so it does not write below the pointer itself.
void wipe_dead_stack() {
    const std::uintptr_t end = emscripten_stack_get_end();
    const std::uintptr_t current = emscripten_stack_get_current();
    if (current > end) zero(reinterpret_cast<void*>(end), current - end);
}

}  // namespace abon::web
