// wasm/host.hpp — what the page (the loader, web/src/) does for the module.
//
// Implemented with EM_JS in bridge.cpp: each call goes to Module.abonHost, the object the
// loader hands to its own module instance, so nothing is looked up on window.
#pragma once

#include "abon/captcha_image.hpp"

#include <cstddef>
#include <string>
#include <string_view>

namespace abon::web {

void host_layout(const std::string& layout_json);  // place the DOM elements over the drawing
void host_set_value(std::string_view field, const std::string& text, std::size_t caret_utf16);
void host_focus(std::string_view id);              // move DOM focus to one of the widget's elements
void host_announce(const std::string& text);       // the polite live region
void host_emit(std::string_view type, const std::string& detail_json);  // a CustomEvent on the element
void host_log(const std::string& text);            // console.warn, for the integrator
void host_fallback();                              // the canvas cannot draw: the DOM rendering instead
void host_picture(const DecodedImage& image);      // the CAPTCHA's pixels, for the DOM rendering

struct HttpRequest {
    int id = 0;
    std::string method = "GET";
    std::string url;
    std::string body;             // sent with content_type (encode_payload() made both)
    std::string content_type = "application/json";
    int timeout_ms = 20000;
    bool binary = false;          // answer with bytes (abon_on_bytes) rather than text
    std::size_t max_bytes = 0;    // a larger answer is not copied in; its length is reported
};
void host_request(const HttpRequest& request);

}  // namespace abon::web
