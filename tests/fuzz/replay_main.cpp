// A fuzz target's seed corpus replayed natively, without libFuzzer, under ctest: each file of
// the folder given once through LLVMFuzzerTestOneInput, whose checks abort on a broken
// invariant (the crash names the file it was replaying). TAP on stdout.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s <corpus folder>\n", argv[0]);
        return 64;
    }
    std::vector<std::filesystem::path> files;
    for (const auto& entry : std::filesystem::directory_iterator(argv[1]))
        if (entry.is_regular_file()) files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    if (files.empty()) {  // a corpus that replays nothing proves nothing
        std::printf("1..1\nnot ok 1 - %s holds no file\n# fail 1\n", argv[1]);
        return 1;
    }
    std::printf("1..%zu\n", files.size());
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::printf("# replaying %s\n", files[i].filename().c_str());
        std::fflush(stdout);
        std::ifstream in(files[i], std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
        std::printf("ok %zu - %s\n", i + 1, files[i].filename().c_str());
    }
    std::printf("# pass %zu\n# fail 0\n", files.size());  // the summary tests/suite.py counts
    return 0;
}
