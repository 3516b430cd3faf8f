// abon/wipe.hpp — zeroing a secret before its memory is let go.
#pragma once

#include <string>

namespace abon {

// Overwrites the text's bytes with zeros, then empties it: a password or a payload holding
// one is not left readable in freed memory (the wasm heap is one ArrayBuffer).
inline void wipe(std::string& text) {
    volatile char* bytes = text.data();  // volatile: the stores are not optimised away
    for (std::size_t i = 0; i < text.size(); ++i) bytes[i] = '\0';
    text.clear();
}

}  // namespace abon
