// The HTML pages (abon/server/pages.hpp).
#include "abon/server/pages.hpp"

#include <utility>

namespace abon::server {

std::string html_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&#39;"; break;
            default: out += c;
        }
    }
    return out;
}

std::string html_page(const PageWords& w, std::string_view form) {
    std::string page = "<!doctype html>\n<html lang=\"" + std::string(w.html_lang) +
                       "\"><head><meta charset=\"utf-8\">"
                       "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                       "<title>";
    page += html_escape(w.title);
    page += w.html_lang == "en" ? " — Poltavateploenergo" : " — Полтаватеплоенерго";
    page += "</title><style>body{font:18px/1.5 system-ui,sans-serif;max-width:36em;"
            "margin:3em auto;padding:0 1em;color:#1d2733}h1{font-size:1.5em}a{color:#0b5cad}"
            "button{font:inherit;padding:.5em 1.2em;border-radius:.3em;border:0;background:#0b5cad;color:#fff;"
            "cursor:pointer}</style></head><body><h1>";
    page += html_escape(w.title);
    page += "</h1>";
    for (const std::string& p : w.paragraphs) page += "<p>" + html_escape(p) + "</p>";
    page += form;
    page += "<p><a href=\"" + html_escape(w.link_url) + "\">" + html_escape(w.link_text) + "</a></p></body></html>\n";
    return page;
}

std::string confirm_page_html(const PageWords& w, std::string_view action, std::string_view token) {
    return html_page(w, "<form method=\"post\" action=\"" + html_escape(action) +
                            "\"><input type=\"hidden\" name=\"token\" value=\"" + html_escape(token) +
                            "\"><button type=\"submit\">" + html_escape(w.button) + "</button></form>");
}

std::string error_page_html(int status) {
    static constexpr std::pair<int, std::string_view> kTitles[] = {
        {404, "Сторінку не знайдено"}, {405, "Такий запит не підтримується"}, {411, "Потрібна довжина запиту"},
        {413, "Запит завеликий"},      {414, "Адреса задовга"},  {415, "Непідтримуване кодування"},
        {431, "Заголовки запиту завеликі"},
    };
    PageWords w;
    w.html_lang = "uk";
    w.title = "Помилка запиту";
    for (const auto& [s, t] : kTitles)
        if (s == status) w.title = std::string(t);
    w.paragraphs = {status == 404 ? "За цією адресою нічого немає." : "Сервер не може обробити такий запит."};
    w.link_text = "До сторінки реєстрації";
    w.link_url = "/";
    return html_page(w);
}

}  // namespace abon::server
