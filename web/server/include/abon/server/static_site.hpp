// abon/server/static_site.hpp — the site folder: `/` → index.html, any other regular file
// below the folder by its path. No directory listing, no way out of the folder.
//
// - Files are read on first request and kept in memory with their gzip form and ETag; a
//   file whose size or mtime changed is read again (the widget build rewrites them).
// - Precompressed files: FILE.br and FILE.gz next to FILE (the build writes them) are sent
//   for FILE by Accept-Encoding, br first, then gzip (q=0 honoured), each with its own
//   ETag; without FILE.gz the gzip form is made here. A direct request for FILE.br or
//   FILE.gz that has its FILE is 404: it would go out with the wrong type.
// - Cache policy: *.html and abon-signup.js (the entry points, fixed names) "no-cache" —
//   the browser revalidates with the ETag each time; every other file "max-age=300", as
//   their names are not content-hashed either, so a stale copy lives five minutes at most.
// - Symbolic links inside the folder are followed: whoever builds the site put them there.
#pragma once

#include <filesystem>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace abon::server {

struct StaticFile {
    std::string body;
    std::string gzip_body;       // FILE.gz, or made here; empty when gzip would not help (PNG)
    std::string br_body;         // FILE.br; empty without one
    std::string etag;            // quoted; the encoded forms add -gz / -br inside the quotes
    std::string gzip_etag, br_etag;
    std::string mime;
    std::string cache_control;
    std::filesystem::file_time_type mtime, gz_mtime, br_mtime;  // of FILE, FILE.gz, FILE.br
    std::uintmax_t size = 0;
};

enum class Encoding { Identity, Gzip, Brotli };

std::string_view mime_type_for(const std::filesystem::path& file);
bool accepts_gzip(std::string_view accept_encoding);      // "gzip" listed with q > 0
double accept_q(std::string_view accept_encoding, std::string_view coding);  // its q, or "*"'s; -1 unlisted
// The encoding to send: br, then gzip, when listed with q > 0 and available; else identity.
Encoding choose_encoding(std::string_view accept_encoding, bool have_gzip, bool have_br);
bool etag_matches(std::string_view if_none_match, std::string_view etag);
std::string gzip_compress(std::string_view data);         // RFC 1952, level 9

class StaticSite {
public:
    explicit StaticSite(std::filesystem::path root) : root_(std::move(root)) {}

    // `url_path` is the decoded request path. nullptr when there is no such file (or the
    // path tries to leave the folder, names a hidden file or a directory).
    std::shared_ptr<const StaticFile> find(std::string_view url_path);
    const std::filesystem::path& root() const { return root_; }

private:
    std::filesystem::path root_;
    std::mutex mutex_;
    std::unordered_map<std::string, std::shared_ptr<const StaticFile>> cache_;
};

}  // namespace abon::server
