// wasm/json_out.hpp — a small JSON writer for the two documents the module hands the page
// on every layout change (dom_schema, layout_json).
//
// nlohmann::json builds a tree of maps before it writes a byte; on the first frame its
// many template functions are also compiled one by one as they are first called, which
// cost more start-up time than anything but the fonts. This writes straight to a string.
// - Strings are escaped as JSON requires (quote, backslash, control characters); other
//   bytes pass through, so UTF-8 stays UTF-8.
// - Commas are the writer's business: callers only open, add and close.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

namespace abon::ui {

class JsonOut {
public:
    JsonOut& begin_object() { return open('{'); }
    JsonOut& end_object() { return close('}'); }
    JsonOut& begin_array() { return open('['); }
    JsonOut& end_array() { return close(']'); }

    JsonOut& key(std::string_view name) {  // inside an object, before its value
        separate();
        string(name);
        out_ += ':';
        after_key_ = true;
        return *this;
    }
    JsonOut& value(std::string_view text) { separate(); string(text); return *this; }
    JsonOut& value(const char* text) { return value(std::string_view(text)); }
    JsonOut& value(bool on) { separate(); out_ += on ? "true" : "false"; return *this; }
    JsonOut& value(int number) { separate(); out_ += std::to_string(number); return *this; }
    JsonOut& value(double number) {  // no NaN or infinity in JSON: those become 0
        separate();
        if (!std::isfinite(number)) number = 0;
        // Layout figures are whole or half pixels: written without snprintf, which costs
        // more than the rest of the document on the first frame.
        const double twice = number * 2;
        if (std::fabs(twice) < 1e9 && twice == std::floor(twice)) {
            const long long halves = static_cast<long long>(twice);
            if (halves < 0) out_ += '-';
            const long long magnitude = halves < 0 ? -halves : halves;
            out_ += std::to_string(magnitude / 2);
            if (magnitude % 2) out_ += ".5";
            return *this;
        }
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.9g", number);
        out_ += buffer;
        return *this;
    }
    template <typename T>
    JsonOut& member(std::string_view name, const T& v) { return key(name).value(v); }

    std::string take() { return std::move(out_); }

private:
    JsonOut& open(char bracket) {
        separate();
        out_ += bracket;
        first_.push_back(true);
        return *this;
    }
    JsonOut& close(char bracket) {
        out_ += bracket;
        if (!first_.empty()) first_.pop_back();
        return *this;
    }
    void separate() {
        if (after_key_) { after_key_ = false; return; }
        if (first_.empty()) return;
        if (!first_.back()) out_ += ',';
        first_.back() = false;
    }
    void string(std::string_view text) {
        out_ += '"';
        for (const char c : text) {
            const auto byte = static_cast<unsigned char>(c);
            if (c == '"' || c == '\\') {
                out_ += '\\';
                out_ += c;
            } else if (byte < 0x20) {
                char escape[8];
                std::snprintf(escape, sizeof escape, "\\u%04x", byte);
                out_ += escape;
            } else {
                out_ += c;
            }
        }
        out_ += '"';
    }

    std::string out_;
    std::vector<bool> first_;  // per open bracket: nothing written in it yet
    bool after_key_ = false;
};

}  // namespace abon::ui
