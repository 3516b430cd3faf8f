// The Catch2 suites' shared main. A suite that asks for it (require_every_vectors_file())
// fails a full run that left a tests/vectors/*.json file unread.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "vectors.hpp"

#include <iostream>

int main(int argc, char* argv[]) {
    Catch::Session session;
    if (const int rc = session.applyCommandLine(argc, argv)) return rc;
    int failed = session.run();
    const Catch::ConfigData& run = session.configData();
    const bool full_run = run.testsOrTags.empty() && run.sectionsToRun.empty() && !run.listTests && !run.listTags &&
                          !run.listReporters && !run.listTestNamesOnly && !run.showHelp;
    if (full_run)
        for (const std::string& file : abon::test::vectors_not_read()) {
            std::cerr << "tests/" << file << " was read by no test of this suite: replay it, or remove it\n";
            failed = failed > 0 ? failed : 1;
        }
    return failed;
}
