// abon/server/pages.hpp — the demo endpoint's HTML pages: the confirmation pages in the
// core's words (abon/letters.hpp) and the error pages of refused requests. Every word is
// escaped; the pages load nothing (their style is inline).
#pragma once

#include "abon/letters.hpp"

#include <string>
#include <string_view>

namespace abon::server {

std::string html_escape(std::string_view text);
// One page: the title, its paragraphs, `form` (a button's form, already HTML) and one link.
std::string html_page(const PageWords& words, std::string_view form = {});
// The confirmation page with its button, which posts `token` to `action`.
std::string confirm_page_html(const PageWords& words, std::string_view action, std::string_view token);
// The page of a request refused with `status` outside /api/ (404, 405, 411, 413, 414, 415, 431).
std::string error_page_html(int status);

}  // namespace abon::server
