#include "abon/server/static_site.hpp"

#include "abon/server/secrets.hpp"

#include <zlib.h>

#include <cctype>
#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <vector>

namespace abon::server {
namespace fs = std::filesystem;

std::string_view mime_type_for(const fs::path& file) {
    struct Row { std::string_view ext, mime; };
    static constexpr Row kTypes[] = {
        {".html", "text/html; charset=utf-8"},  {".htm", "text/html; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".mjs", "text/javascript; charset=utf-8"},
        {".wasm", "application/wasm"},           {".json", "application/json"},
        {".map", "application/json"},            {".css", "text/css; charset=utf-8"},
        {".png", "image/png"},                   {".svg", "image/svg+xml"},
        {".ico", "image/x-icon"},                {".ttf", "font/ttf"},
        {".otf", "font/otf"},                    {".woff2", "font/woff2"},
        {".txt", "text/plain; charset=utf-8"},   {".md", "text/plain; charset=utf-8"},
    };
    std::string ext = file.extension().string();
    for (char& c : ext) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (const Row& r : kTypes)
        if (r.ext == ext) return r.mime;
    return "application/octet-stream";
}

double accept_q(std::string_view header, std::string_view coding) {
    double star = -1;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && (item.front() == ' ' || item.front() == '\t')) item.remove_prefix(1);
        const auto semi = item.find(';');
        std::string_view name = item.substr(0, semi);
        while (!name.empty() && (name.back() == ' ' || name.back() == '\t')) name.remove_suffix(1);
        double q = 1;
        if (semi != std::string_view::npos) {
            const std::string_view params = item.substr(semi + 1);
            if (const auto at = params.find("q="); at != std::string_view::npos) {
                const std::string value(params.substr(at + 2, params.find(';', at) - (at + 2)));
                q = std::strtod(value.c_str(), nullptr);
            }
        }
        const bool same = name.size() == coding.size() &&
                          std::equal(name.begin(), name.end(), coding.begin(), [](char a, char b) {
                              return std::tolower(static_cast<unsigned char>(a)) == b;
                          });
        if (same || (coding == "gzip" && name == "x-gzip")) return q;
        if (name == "*") star = q;
    }
    return star;
}

bool accepts_gzip(std::string_view header) { return accept_q(header, "gzip") > 0; }

Encoding choose_encoding(std::string_view header, bool have_gzip, bool have_br) {
    if (have_br && accept_q(header, "br") > 0) return Encoding::Brotli;
    if (have_gzip && accept_q(header, "gzip") > 0) return Encoding::Gzip;
    return Encoding::Identity;
}

bool etag_matches(std::string_view header, std::string_view etag) {
    if (header == "*") return true;
    while (!header.empty()) {
        const auto comma = header.find(',');
        std::string_view item = header.substr(0, comma);
        header = comma == std::string_view::npos ? std::string_view() : header.substr(comma + 1);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (item.substr(0, 2) == "W/") item.remove_prefix(2);
        if (item == etag) return true;
    }
    return false;
}

std::string gzip_compress(std::string_view data) {
    z_stream zs{};
    if (deflateInit2(&zs, 9, Z_DEFLATED, 15 + 16, 9, Z_DEFAULT_STRATEGY) != Z_OK)
        throw std::runtime_error("zlib deflateInit2 failed");
    std::string out(deflateBound(&zs, static_cast<uLong>(data.size())), '\0');
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = static_cast<uInt>(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = static_cast<uInt>(out.size());
    const int rc = deflate(&zs, Z_FINISH);
    out.resize(zs.total_out);
    deflateEnd(&zs);
    if (rc != Z_STREAM_END) throw std::runtime_error("zlib deflate failed");
    return out;
}

namespace {

// The path below the root, or nullopt for anything that is not a plain relative path.
std::optional<fs::path> relative_file(std::string_view url_path) {
    if (url_path.empty() || url_path.front() != '/') return std::nullopt;
    if (url_path == "/") return fs::path("index.html");
    fs::path rel;
    std::string_view rest = url_path.substr(1);
    while (!rest.empty()) {
        const auto slash = rest.find('/');
        const std::string_view part = rest.substr(0, slash);
        // Empty parts ("//"), "." and "..", hidden files, and bytes a file name should not hold.
        if (part.empty() || part.front() == '.') return std::nullopt;
        for (char c : part)
            if (c == '\\' || c == '\0' || static_cast<unsigned char>(c) < 0x20) return std::nullopt;
        rel /= fs::path(std::string(part));
        if (slash == std::string_view::npos) break;
        rest.remove_prefix(slash + 1);
        if (rest.empty()) return std::nullopt;  // "/dir/": no listings
    }
    return rel;
}

bool read_file(const fs::path& path, std::string& out) {
    std::ifstream in(path, std::ios::binary);
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return in || in.eof();
}

bool revalidate_always(const fs::path& rel) {
    return rel.extension() == ".html" || rel.filename() == "abon-signup.js";
}

}  // namespace

std::shared_ptr<const StaticFile> StaticSite::find(std::string_view url_path) {
    const auto rel = relative_file(url_path);
    if (!rel) return nullptr;
    const fs::path full = root_ / *rel;
    std::error_code ec;
    if (!fs::is_regular_file(full, ec)) return nullptr;
    if (const auto ext = rel->extension(); ext == ".br" || ext == ".gz") {
        fs::path original = full;
        original.replace_extension();
        if (fs::is_regular_file(original, ec)) return nullptr;  // a precompressed form, not a file of its own
    }
    const auto mtime = fs::last_write_time(full, ec);
    const auto size = fs::file_size(full, ec);
    if (ec) return nullptr;
    const fs::path gz_path = full.string() + ".gz", br_path = full.string() + ".br";
    std::error_code gz_ec, br_ec;
    const auto gz_mtime = fs::last_write_time(gz_path, gz_ec);
    const auto br_mtime = fs::last_write_time(br_path, br_ec);

    const std::string key = rel->generic_string();
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (auto it = cache_.find(key); it != cache_.end() && it->second->mtime == mtime && it->second->size == size &&
                                        it->second->gz_mtime == gz_mtime && it->second->br_mtime == br_mtime)
            return it->second;
    }
    auto file = std::make_shared<StaticFile>();
    if (!read_file(full, file->body)) return nullptr;
    file->mtime = mtime;
    file->gz_mtime = gz_mtime;
    file->br_mtime = br_mtime;
    file->size = size;
    file->mime = std::string(mime_type_for(full));
    const std::string hash = token_hash(file->body).substr(0, 32);
    file->etag = "\"" + hash + "\"";
    file->gzip_etag = "\"" + hash + "-gz\"";
    file->br_etag = "\"" + hash + "-br\"";
    file->cache_control = revalidate_always(*rel) ? "no-cache" : "public, max-age=300";
    if (!br_ec) read_file(br_path, file->br_body);
    if (!gz_ec) {
        read_file(gz_path, file->gzip_body);
    } else if (file->mime != "image/png" && file->body.size() > 256) {
        std::string gz = gzip_compress(file->body);
        if (gz.size() < file->body.size()) file->gzip_body = std::move(gz);
    }
    std::lock_guard<std::mutex> lock(mutex_);
    cache_[key] = file;
    return file;
}

}  // namespace abon::server
