/* The C library from C: each check prints one TAP line; the last lines are the counts
 * that tests/run_all.py reads ("# pass N", "# fail N"). Exit 1 when any check failed. */
#include "abon/abon.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

static void check(int ok, const char *name) {
    if (ok) ++passed;
    else ++failed;
    printf("%sok %d - %s\n", ok ? "" : "not ", passed + failed, name);
}

/* Calls the library on the first `len` bytes of `input`; returns the code, copies the answer. */
static int call(const char *input, size_t len, const char *lang, char *answer, size_t cap) {
    char *out = NULL;
    size_t out_len = 0;
    const int code = abon_validate_json(input, len, lang, &out, &out_len);
    answer[0] = '\0';
    if (out) {
        if (out_len < cap && strlen(out) == out_len) memcpy(answer, out, out_len + 1);
        else snprintf(answer, cap, "<answer too long, or out_len is not its length>");
    }
    abon_free(out);
    return code;
}

static const char kReadme[] = "{\"account\":\"1234567\",\"last_payment\":\"1 234,56\",\"surname\":\"шевчeнко\"}";
static const char kReadmeAnswer[] =
    "{\"fields\":{\"account\":{\"ok\":true,\"value\":\"1-234-56-7\"},\"last_payment\":{\"ok\":true,"
    "\"value\":123456},\"surname\":{\"ok\":true,\"value\":\"Шевченко\"}},\"ok\":true}\n";

static void *hammer(void *arg) {
    char answer[4096];
    int *mismatches = arg;
    for (int i = 0; i < 300; ++i) {
        const int code = call(kReadme, sizeof kReadme - 1, "uk", answer, sizeof answer);
        if (code != ABON_OK || strcmp(answer, kReadmeAnswer) != 0) ++*mismatches;
    }
    return NULL;
}

int main(void) {
    char answer[4096];

    check(strcmp(abon_version(), ABON_EXPECTED_VERSION) == 0, "abon_version() is the project's version");

    check(call(kReadme, sizeof kReadme - 1, "uk", answer, sizeof answer) == ABON_OK &&
              strcmp(answer, kReadmeAnswer) == 0,
          "the README example: canonical values, JSON and a newline");

    check(call(kReadme, sizeof kReadme - 1, NULL, answer, sizeof answer) == ABON_OK &&
              strcmp(answer, kReadmeAnswer) == 0,
          "lang NULL means uk");

    {
        const char in[] = "{\"account\":\"12345\"}";
        call(in, sizeof in - 1, "en", answer, sizeof answer);
        check(strstr(answer, "Enter 7 digits in the format X-XXX-XX-X") != NULL, "lang en gives English messages");
        call(in, sizeof in - 1, "uk", answer, sizeof answer);
        check(strstr(answer, "\"code\":\"account_digit_count\"") != NULL, "an error has its code");
    }

    {
        const char in[] = "{\"surname\":\"д'арк\",\"apostrophe\":\"'\",\"patronymic\":\"\",\"patronymic_optional\":true}";
        check(call(in, sizeof in - 1, "uk", answer, sizeof answer) == ABON_OK &&
                  strstr(answer, "\"value\":\"Д'арк\"") != NULL && strstr(answer, "\"ok\":true}\n") != NULL,
              "apostrophe and patronymic_optional come in the input");
    }

    check(call("{account:", 9, "uk", answer, sizeof answer) == ABON_UNREADABLE &&
              strcmp(answer, "{\"error\":\"input is not valid JSON\"}") == 0,
          "unreadable input: 2 and an error object");

    /* Only input_len bytes count: what follows is not read. */
    check(call("{}garbage", 2, "uk", answer, sizeof answer) == ABON_OK &&
              strcmp(answer, "{\"fields\":{},\"ok\":true}\n") == 0,
          "input_len bytes are read, no terminator needed");

    {
        const char in[] = "{\"surname\":\"a\0b\"}";
        check(call(in, sizeof in - 1, "uk", answer, sizeof answer) == ABON_UNREADABLE, "a NUL byte inside: 2");
    }
    check(call(NULL, 0, "uk", answer, sizeof answer) == ABON_UNREADABLE, "NULL input of length 0: unreadable");
    check(call(NULL, 5, "uk", answer, sizeof answer) == ABON_BAD_CALL && strstr(answer, "\"error\"") != NULL,
          "NULL input with a length: 64 and an error object");
    check(call("{}", 2, "ru", answer, sizeof answer) == ABON_BAD_CALL && strstr(answer, "\"error\"") != NULL,
          "lang ru: 64 and an error object");
    {
        size_t n = 0;
        char *out = NULL;
        check(abon_validate_json("{}", 2, "uk", NULL, &n) == ABON_BAD_CALL, "out NULL: 64");
        check(abon_validate_json("{}", 2, "uk", &out, NULL) == ABON_BAD_CALL && out == NULL, "out_len NULL: 64");
    }
    abon_free(NULL);
    check(1, "abon_free(NULL) is fine");

    {
        const size_t depth = 1000000;
        char *deep = malloc(2 * depth + 16);
        size_t n = 0;
        memcpy(deep, "{\"surname\":", 11);
        n = 11;
        memset(deep + n, '[', depth);
        n += depth;
        check(call(deep, n, "uk", answer, sizeof answer) == ABON_UNREADABLE, "a million open brackets: 2");
        free(deep);
    }

    {
        pthread_t threads[4];
        int mismatches[4] = {0, 0, 0, 0};
        for (int i = 0; i < 4; ++i) pthread_create(&threads[i], NULL, hammer, &mismatches[i]);
        for (int i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
        check(mismatches[0] + mismatches[1] + mismatches[2] + mismatches[3] == 0,
              "four threads at once, 300 calls each, every answer the same");
    }

    printf("1..%d\n# pass %d\n# fail %d\n", passed + failed, passed, failed);
    return failed == 0 ? 0 : 1;
}
