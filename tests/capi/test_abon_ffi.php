<?php
// The C library (abon/abon.h) from PHP through FFI (Debian's php-cli: ffi.so ships in
// php8.2-common, and ffi.enable=preload allows FFI::cdef() on the command line).
// Usage: php test_abon_ffi.php BUILD_DIR ROOT_DIR. Prints TAP lines and the counts that
// tests/run_all.py reads ("# pass N", "# fail N"); exits 1 when a check failed.
[$self, $build, $root] = $argv + [null, null, null];
if (!$build || !$root) { fwrite(STDERR, "usage: php test_abon_ffi.php NATIVE_BUILD_DIR ROOT_DIR\n"); exit(64); }
$library = "$build/shared/libabon-core.so";
$cli = "$build/shared/abon-validate";

$ffi = FFI::cdef(<<<'C'
int abon_validate_json(const char *input, size_t input_len, const char *lang, char **out, size_t *out_len);
void abon_free(char *p);
const char *abon_version(void);
C, $library);

function library(FFI $ffi, string $body, string $lang = "uk"): array {
    $out = $ffi->new("char *");
    $len = $ffi->new("size_t");
    $code = $ffi->abon_validate_json($body, strlen($body), $lang, FFI::addr($out), FFI::addr($len));
    $answer = FFI::isNull($out) ? "" : FFI::string($out, $len->cdata);
    $ffi->abon_free($out);
    return [$code, $answer];
}

function cli(string $exe, string $body, string $lang = "uk"): array {
    $p = proc_open([$exe, "--lang", $lang], [0 => ["pipe", "r"], 1 => ["pipe", "w"], 2 => ["pipe", "w"]], $pipes);
    fwrite($pipes[0], $body);
    fclose($pipes[0]);
    $out = stream_get_contents($pipes[1]);
    stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    return [proc_close($p), $out];
}

$passed = $failed = 0;
function check(bool $ok, string $name): void {
    global $passed, $failed;
    $ok ? $passed++ : $failed++;
    echo ($ok ? "" : "not "), "ok ", $passed + $failed, " - $name\n";
}

check($ffi->abon_version() !== "", "abon_version() answers");

// Every vector row: the library's code and bytes are the CLI's.
$rows = 0;
$mismatches = [];
foreach (glob("$root/tests/vectors/*.json") as $path) {
    $doc = json_decode(file_get_contents($path), true);
    foreach (["valid", "invalid"] as $kind) {
        foreach ($doc[$kind] ?? [] as $i => $row) {
            $input = [$row["field"] ?? $doc["field"] => $row["input"]] + ($row["config"] ?? []);
            $body = json_encode($input, JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES);
            [$code, $answer] = library($ffi, $body);
            [$exit, $printed] = cli($cli, $body);
            if ($code !== $exit || ($code === 0 ? $answer !== $printed : $printed !== "")) $mismatches[] = basename($path) . " $kind [$i]";
            $rows++;
        }
    }
}
check($rows > 300 && !$mismatches, "$rows vector rows give the CLI's code and bytes" . ($mismatches ? ": " . implode(", ", $mismatches) : ""));

[$code, $answer] = library($ffi, '{"account":"1234567","last_payment":"1 234,56"}', "en");
$verdict = json_decode($answer, true);
check($code === 0 && $verdict["fields"]["account"]["value"] === "1-234-56-7" &&
      $verdict["fields"]["last_payment"]["value"] === 123456, "canonical values come back as JSON");

[$code, $answer] = library($ffi, "{\"surname\":\"a\0b\"}");
check($code === 2 && is_string(json_decode($answer, true)["error"] ?? null), "a NUL byte inside: 2 and an error object");

[$code, $answer] = library($ffi, "{\"surname\":\"\xff\"}");
check($code === 2, "invalid UTF-8: 2");

[$code, $answer] = library($ffi, str_repeat("[", 500000));
check($code === 2, "deep nesting: 2");

[$code, $answer] = library($ffi, "{}", "ru");
check($code === 64, "lang ru: 64");

echo "1..", $passed + $failed, "\n# pass $passed\n# fail $failed\n";
exit($failed ? 1 : 0);
