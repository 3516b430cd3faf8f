// The C library (abon/abon.h) over validate_json_text(). Every path ends in a return
// code: exceptions (out of memory) are caught here, since none may cross into a C caller.
#include "abon/abon.h"

#include "abon/json_io.hpp"
#include "abon/validate_json.hpp"

#include <cstdlib>
#include <cstring>
#include <new>
#include <string>

namespace {

constexpr std::size_t kMaxInputBytes = 16u << 20;  // as abon-validate

// Hands `text` to the caller as a malloc'd, NUL-terminated copy.
int hand_out(const std::string& text, int code, char** out, std::size_t* out_len) {
    char* copy = static_cast<char*>(std::malloc(text.size() + 1));
    if (!copy) return ABON_INTERNAL;
    std::memcpy(copy, text.data(), text.size());
    copy[text.size()] = '\0';
    *out = copy;
    *out_len = text.size();
    return code;
}

int fail(const char* why, int code, char** out, std::size_t* out_len) {
    try {
        abon::JsonWriter error;
        error.begin_object().member("error", why).end_object();
        return hand_out(error.take(), code, out, out_len);
    } catch (...) {
        return ABON_INTERNAL;
    }
}

}  // namespace

extern "C" ABON_API int abon_validate_json(const char* input, size_t input_len, const char* lang,
                                           char** out, size_t* out_len) {
    if (!out || !out_len) return ABON_BAD_CALL;
    *out = nullptr;
    *out_len = 0;
    if (!input && input_len > 0) return fail("input is NULL but input_len is not 0", ABON_BAD_CALL, out, out_len);
    const auto language = abon::parse_lang(lang ? lang : "uk");
    if (!language) return fail("lang must be \"uk\" or \"en\"", ABON_BAD_CALL, out, out_len);
    if (input_len > kMaxInputBytes) return fail("input is larger than 16 MiB", ABON_UNREADABLE, out, out_len);

    try {
        const abon::JsonValidation r =
            abon::validate_json_text(std::string_view(input ? input : "", input_len), *language);
        if (!r.readable) return fail(r.error.c_str(), ABON_UNREADABLE, out, out_len);
        return hand_out(r.output + '\n', ABON_OK, out, out_len);
    } catch (const std::bad_alloc&) {
        return fail("out of memory", ABON_INTERNAL, out, out_len);
    } catch (...) {
        return fail("internal error", ABON_INTERNAL, out, out_len);
    }
}

extern "C" ABON_API void abon_free(char* p) { std::free(p); }

extern "C" ABON_API const char* abon_version(void) { return ABON_VERSION; }
