/* abon/abon.h — the validation core as a C library: the API that stays.
 *
 * Index
 *   [SECTION] Linking
 *   [SECTION] Result codes
 *   [SECTION] Validation
 *   [SECTION] Memory and version
 *
 * - Plain C (C89 and C++ compatible), no C++ type crosses the boundary and no exception
 *   leaves a call. Link `libabon-core.so.0` (`pkg-config --cflags --libs abon-core`) or
 *   its static twin `libabon-core.a` (add `--static`: it needs libstdc++).
 * - Stable: these declarations only ever gain siblings. The shared library exports the
 *   `abon_*` symbols alone; its SONAME changes only if one of them had to change.
 * - Thread-safe: no global state; any number of threads may call at once.
 * - The library keeps nothing: the caller's input buffer is read during the call only.
 *   It holds the password in clear, so wipe it when done (explicit_bzero, sodium_memzero).
 */
#ifndef ABON_ABON_H
#define ABON_ABON_H

#include <stddef.h>

/* [SECTION] Linking */
#if defined(ABON_BUILDING_LIBRARY) && defined(__GNUC__)
#define ABON_API __attribute__((visibility("default")))
#else
#define ABON_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* [SECTION] Result codes
 * abon_validate_json() returns one of these. With ABON_OK, *out is the verdict; with
 * any other code, *out is {"error":"<why, in English>"} (or NULL if memory ran out). */
#define ABON_OK 0          /* the verdicts, exactly what `abon-validate` prints */
#define ABON_UNREADABLE 2  /* input not one JSON object of the keys below (the CLI's exit 2) */
#define ABON_BAD_CALL 64   /* a NULL out/out_len, NULL input with a length, lang not uk/en */
#define ABON_INTERNAL 70   /* out of memory (or any other failure inside); *out may be NULL */

/* [SECTION] Validation
 * - input: UTF-8 JSON, one object; input_len bytes are read (no terminator needed, NUL
 *   bytes inside are just bytes). Keys: the field ids `surname`, `given_name`,
 *   `patronymic`, `account`, `password`, `password_confirm`, `email`, `email_confirm`,
 *   `captcha`, `last_payment` (string values), and the rules' configuration:
 *   `captcha_length` (integer 1–16), `apostrophe` ("ʼ", "’" or "'"),
 *   `patronymic_optional` (true/false). Other keys are ignored. At most 16 MiB.
 * - lang: "uk" or "en" (the messages' language); NULL means "uk".
 * - *out: a NUL-terminated string of *out_len bytes (the terminator not counted), the
 *   JSON text and a newline, byte for byte what `abon-validate --lang <lang>` prints:
 *   {"fields":{"account":{"ok":true,"value":"1-234-56-7"}},"ok":true}
 *   Only present fields appear; the password is never printed back. Free with
 *   abon_free(). Whatever the bytes, the call returns: it never aborts. */
ABON_API int abon_validate_json(const char *input, size_t input_len, const char *lang,
                                char **out, size_t *out_len);

/* [SECTION] Memory and version */
ABON_API void abon_free(char *p);            /* frees an *out; NULL is fine */
ABON_API const char *abon_version(void);     /* "0.1.0": the library's version, static text */

#ifdef __cplusplus
}
#endif

#endif /* ABON_ABON_H */
