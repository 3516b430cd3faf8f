// Native smoke test of the widget (no browser, no GL): Dear ImGui headless, as its
// examples/example_null does, with the page's side (host.hpp) recorded instead of called.
// It checks the form's layout and the widget's conversation with the endpoint.
#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "dom_schema.hpp"
#include "filled_session.hpp"
#include "form_view.hpp"
#include "glyph_text.hpp"
#include "layout_json.hpp"
#include "abon/theme.hpp"
#include "abon/json_io.hpp"
#include "abon/ui_text.hpp"
#include "host.hpp"
#include "imgui_internal.h"
#include "widget.hpp"

#define STB_IMAGE_WRITE_IMPLEMENTATION
#define STB_IMAGE_WRITE_STATIC
#define STBI_WRITE_NO_STDIO
#include <stb/stb_image_write.h>

#include <algorithm>
#include <cfloat>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using namespace abon;

// [SECTION] The page, recorded
namespace {
struct Recorded {
    std::vector<web::HttpRequest> requests;
    std::vector<std::pair<std::string, std::string>> values, events;
    std::vector<std::string> focus, said;
    void clear() { *this = Recorded{}; }
} page;
}  // namespace

namespace abon::web {
void host_layout(const std::string&) {}
void host_set_value(std::string_view field, const std::string& text, std::size_t) {
    page.values.emplace_back(field, text);
}
void host_focus(std::string_view id) { page.focus.emplace_back(id); }
void host_announce(const std::string& text) { page.said.push_back(text); }
void host_emit(std::string_view type, const std::string& detail) { page.events.emplace_back(type, detail); }
void host_log(const std::string&) {}
void host_request(const HttpRequest& r) { page.requests.push_back(r); }
}  // namespace abon::web

namespace {

void append(void* context, void* data, int size) {
    static_cast<std::string*>(context)->append(static_cast<const char*>(data), static_cast<std::size_t>(size));
}

std::string png(int w, int h) {
    std::vector<unsigned char> pixels(static_cast<std::size_t>(w * h * 3), 200);
    std::string out;
    stbi_write_png_to_func(append, &out, w, h, 3, pixels.data(), w * 3);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE(in);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// The cut font files, as the loader fetches them.
const std::string& regular_file() {
    static const std::string bytes = read_file(ABON_FONT_FILES_DIR "/" + std::string(ui::font::regular_file));
    return bytes;
}
const std::string& bold_file() {
    static const std::string bytes = read_file(ABON_FONT_FILES_DIR "/" + std::string(ui::font::bold_file));
    return bytes;
}

struct Headless {  // an ImGui context and fonts, as the painter has them, without GL
    // all_glyphs false: the painter's first atlas, with the interface's own words only.
    explicit Headless(bool all_glyphs = true, Lang lang = Lang::Uk) {
        ImGui::CreateContext();
        const ui::FaceTexts texts{all_glyphs ? std::string() : ui::interface_text(lang), ui::strong_text(lang),
                                  ui::title_text(lang)};
        fonts = ui::build_fonts(*ImGui::GetIO().Fonts, 2.0f, texts, ranges, {regular_file(), bold_file()});
        REQUIRE(fonts.body);
        unsigned char* pixels = nullptr;
        int w = 0, h = 0;
        ImGui::GetIO().Fonts->GetTexDataAsRGBA32(&pixels, &w, &h);
        shared.TexUvWhitePixel = ImGui::GetIO().Fonts->TexUvWhitePixel;
        shared.TexUvLines = ImGui::GetIO().Fonts->TexUvLines;
        shared.Font = fonts.body;
        shared.FontSize = 17;
        shared.SetCircleTessellationMaxError(0.3f);
    }
    ~Headless() { ImGui::DestroyContext(); }
    ui::Layout draw(const FormSession& s, ui::UiState& ui, float width) {
        ImDrawList list(&shared);
        list._ResetForNewFrame();
        list.PushTextureID(ImGui::GetIO().Fonts->TexID);
        list.PushClipRectFullScreen();
        return ui::draw_form(&list, s, ui, fonts, width);
    }
    ui::Fonts fonts;
    ui::FontRanges ranges;
    ImDrawListSharedData shared;
};

web::Widget started_widget(int* frames) {
    page.clear();
    web::Widget w({}, Lang::Uk, {}, web::Scheduler{[frames] { ++*frames; }, {}, {}});
    w.start();
    return w;
}

// Answers the widget's CAPTCHA requests: the challenge, then its picture.
void serve_captcha(web::Widget& w, const std::string& token) {
    REQUIRE_FALSE(page.requests.empty());
    const web::HttpRequest challenge = page.requests.back();
    REQUIRE(challenge.url == "/api/captcha");
    w.on_text(challenge.id, 200, R"({"token":")" + token + R"(","image":"/api/captcha/)" + token +
                                     R"(.png","length":5,"expires_in":300})", "");
    const web::HttpRequest picture = page.requests.back();
    REQUIRE(picture.binary);
    REQUIRE(picture.url == "/api/captcha/" + token + ".png");
    w.on_bytes(picture.id, 200, png(200, 70));
}

void type_demo(web::Widget& w) {
    const std::pair<Field, std::string> values[] = {
        {Field::Surname, "Шевченко"}, {Field::GivenName, "Тарас"}, {Field::Patronymic, "Григорович"},
        {Field::Account, "1234567"}, {Field::Password, "Kobzar1814poet"}, {Field::PasswordConfirm, "Kobzar1814poet"},
        {Field::Email, "taras@ukr.net"}, {Field::EmailConfirm, "taras@ukr.net"}, {Field::Captcha, "abcde"},
        {Field::LastPayment, "1234,56"}};
    for (const auto& [f, text] : values) w.input(f, text, 0, 0, false, 0, 0);
}

}  // namespace

TEST_CASE("the form lays out every field in order, at phone and desktop widths", "[widget]") {
    Headless h;
    FormSession session;
    ui::UiState ui;
    for (const float width : {320.0f, 760.0f}) {
        CAPTURE(width);
        const ui::Layout l = h.draw(session, ui, width);
        float last_y = 0;
        for (std::size_t i = 0; i < kFieldCount; ++i) {
            const ui::FieldBox& f = l.fields[i];
            CAPTURE(field_id(static_cast<Field>(i)));
            CHECK(f.visible);
            CHECK(f.box.y > last_y);
            CHECK(f.box.x + f.box.w <= width);
            CHECK(f.box.h >= 44);  // a comfortable touch target
            CHECK(f.label.y < f.box.y);
            last_y = f.box.y;
        }
        CHECK(l.height > last_y);
        const auto json = nlohmann::json::parse(ui::layout_json(l));
        CHECK(json.at("fields").size() == kFieldCount);
        CHECK(json.at("controls").contains("register"));
    }
}

// Issue 23: the layout says every word and state a rendering shows; boxes only for the canvas.
TEST_CASE("the layout is the whole view: the busy button's and the picture's words; boxes only with fonts", "[widget]") {
    FormSession session = abon::test::filled_session();
    ui::UiState ui;
    const auto dom = nlohmann::json::parse(ui::layout_json(ui::draw_form(nullptr, session, ui, ui::Fonts{}, 360)));
    CHECK_FALSE(dom.contains("width"));
    CHECK_FALSE(dom.at("fields").at("surname").contains("box"));
    CHECK_FALSE(dom.at("controls").at("register").contains("box"));
    CHECK_FALSE(dom.at("done").contains("box"));
    CHECK(dom.at("controls").at("register").at("label") == "Зареєструватися");
    CHECK(dom.at("picture") == nlohmann::json{{"label", "Картинка з літерами для перевірки (CAPTCHA)"},
                                              {"status", "Завантажуємо картинку…"}});
    ui.picture.state = ui::PictureState::Failed;
    const auto failed = nlohmann::json::parse(ui::layout_json(ui::draw_form(nullptr, session, ui, ui::Fonts{}, 360)));
    CHECK(failed.at("picture").at("label") == failed.at("picture").at("status"));
    CHECK(failed.at("picture").at("status") == std::string(ui::text(ui::Text::CaptchaFailed, Lang::Uk)));

    REQUIRE(session.begin_submit());
    Headless h;
    ui.picture.state = ui::PictureState::Ready;
    const auto canvas = nlohmann::json::parse(ui::layout_json(h.draw(session, ui, 360)));
    CHECK(canvas.at("controls").at("register").at("label") == "Надсилаємо…");  // what the button says while busy
    CHECK(canvas.at("controls").at("register").at("busy") == true);
    CHECK(canvas.at("picture").at("status") == "");
    CHECK(canvas.at("fields").at("surname").at("box").size() == 4);
    CHECK(canvas.at("width") == 360);
}

TEST_CASE("the first atlas, with the interface's words only, lays out the empty form as the full one", "[widget]") {
    // The painter swaps the atlas right after the first frame: nothing may move then.
    for (const Lang lang : {Lang::Uk, Lang::En}) {
        for (const float width : {320.0f, 760.0f}) {
            CAPTURE(lang == Lang::Uk ? "uk" : "en", width);
            const FormSession session({}, lang);
            std::string first, full;
            int first_glyphs = 0, all_glyphs = 0;
            {
                Headless h(false, lang);
                ui::UiState ui;
                first = ui::layout_json(h.draw(session, ui, width));
                first_glyphs = h.fonts.body->Glyphs.Size;
            }
            {
                Headless h(true, lang);
                ui::UiState ui;
                full = ui::layout_json(h.draw(session, ui, width));
                all_glyphs = h.fonts.body->Glyphs.Size;
            }
            CHECK(first == full);
            CHECK(first_glyphs < all_glyphs * 3 / 4);  // the point of it: far fewer to rasterise
        }
    }
}

TEST_CASE("the fonts are sized by the em, as CSS sizes them, with the advances browsers use", "[widget][fonts]") {
    Headless ui;
    const std::string email = "oleksandra.shevchenko-stelmakh@ukr.net";
    // DejaVu Sans's advances (hmtx, 2048 units to the em) at 17 px: 363.18 px, what
    // Chromium's measureText gives for this text in the same file. The line-height sizing
    // this replaced drew it 14 % narrower (309 px).
    const float width = ui.fonts.body->CalcTextSizeA(ui::metric::body_size, FLT_MAX, 0, email.c_str()).x;
    CHECK(width == Approx(363.176).margin(0.01));
    // Lines step by one em (the DOM form's line-height: 1).
    CHECK(ui.fonts.body->CalcTextSizeA(ui::metric::body_size, FLT_MAX, 0, "a\nb").y == Approx(2 * ui::metric::body_size));
    CHECK(ui.fonts.title->CalcTextSizeA(ui::metric::title_size, FLT_MAX, 0, "a").y == Approx(ui::metric::title_size));
    // The baseline where CSS puts it: (1 + ascent − descent) / 2 em below the line's top;
    // Dear ImGui starts the line at its (rounded) ascent, so the text is lifted by the rest.
    const float ascent = 1901.0f / 2048, descent = 483.0f / 2048;
    const float css_baseline = ui::metric::body_size * (1 + ascent - descent) / 2;
    CHECK(ui.fonts.body->Ascent / ui.fonts.pixel_ratio - ui.fonts.body_lead == Approx(css_baseline));
    CHECK(ui.fonts.body_lead > 0);
    CHECK(ui.fonts.body_lead < 2);
}

TEST_CASE("font files that are not fonts give no faces: the page keeps the DOM form", "[widget][fonts]") {
    ImGui::CreateContext();
    ui::FontRanges ranges;
    const ui::FaceTexts texts{"", "Abc", "Abc"};
    for (const std::string& junk : {std::string("not a font"), std::string(64, '\0'), regular_file().substr(0, 300)}) {
        CAPTURE(junk.size());
        const ui::Fonts fonts = ui::build_fonts(*ImGui::GetIO().Fonts, 1.0f, texts, ranges, {junk, junk});
        CHECK(fonts.body == nullptr);
    }
    ImGui::DestroyContext();
}

TEST_CASE("the layout's JSON writer escapes strings and writes numbers JSON reads back", "[widget]") {
    JsonWriter out;
    out.begin_object().member("text", std::string_view("a \"quote\", a \\ and \x01\n, Шевченко ʼ"));
    out.key("numbers").begin_array();
    for (const double v : {0.0, -0.0, 1.5, -0.5, 24.0, 123456.5, 0.1, -0.0004, 12.3456, -7.05, 1e20}) out.value(v);
    out.value(std::nan("")).end_array();
    out.key("empty").begin_object().end_object().member("on", true).member("n", 42);
    const auto json = nlohmann::json::parse(out.end_object().take());
    CHECK(json.at("text") == "a \"quote\", a \\ and \x01\n, Шевченко ʼ");
    // To a thousandth (CSS pixels need no more), clamped to ±kMaxWrittenNumber.
    CHECK(json.at("numbers") ==
          nlohmann::json::array({0.0, 0.0, 1.5, -0.5, 24.0, 123456.5, 0.1, 0.0, 12.346, -7.05, kMaxWrittenNumber, 0.0}));
    CHECK(json.at("empty") == nlohmann::json::object());
    CHECK(json.at("on") == true);
    CHECK(json.at("n") == 42);
}

TEST_CASE("the DOM schema lists the inputs in form order with their autocomplete", "[widget]") {
    const FormSession session;
    std::vector<std::string> fields;
    for (const auto& item : nlohmann::json::parse(ui::dom_schema(session)))
        if (item.at("kind") == "field") fields.push_back(item.at("id").get<std::string>() + "=" + item.at("autocomplete").get<std::string>());
    CHECK(fields == std::vector<std::string>{"surname=family-name", "given_name=given-name", "patronymic=additional-name",
                                             "account=off", "password=new-password", "password_confirm=new-password",
                                             "email=email", "email_confirm=email", "captcha=off", "last_payment=off"});
}

TEST_CASE("the DOM schema marks the fields the rules require", "[widget]") {
    WidgetConfig config;
    config.rules.patronymic_optional = true;
    FormSession session(config);
    const auto required = [&session] {
        std::vector<std::string> ids;
        for (const auto& item : nlohmann::json::parse(ui::dom_schema(session)))
            if (item.at("kind") == "field" && item.at("required") == true) ids.push_back(item.at("id").get<std::string>());
        return ids;
    };
    CHECK(required().size() == kFieldCount);  // the patronymic too, until «no patronymic» is ticked
    session.set_no_patronymic(true);
    const auto ticked = required();
    CHECK(ticked.size() == kFieldCount - 1);
    CHECK(std::find(ticked.begin(), ticked.end(), "patronymic") == ticked.end());
}

TEST_CASE("the DOM schema marks what the loader keeps across a reload: never a password or the CAPTCHA", "[widget]") {
    const FormSession session;
    std::vector<std::string> kept;
    for (const auto& item : nlohmann::json::parse(ui::dom_schema(session)))
        if (item.value("remember", false)) kept.push_back(item.at("id").get<std::string>());
    CHECK(kept == std::vector<std::string>{"surname", "given_name", "patronymic", "no_patronymic", "account",
                                           "email", "email_confirm", "last_payment"});
}

TEST_CASE("the widget registers: CAPTCHA, typing, one POST, the success event", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    serve_captcha(w, "tok-1");
    REQUIRE(w.take_picture());
    type_demo(w);
    CHECK(w.session().text(Field::Account) == "1-234-56-7");  // masked as typed…
    CHECK(page.values.back() == std::pair<std::string, std::string>{"captcha", "ABCDE"});  // …and written back

    page.requests.clear();
    for (int i = 0; i < 5; ++i) w.submit();  // Enter, again and again
    REQUIRE(page.requests.size() == 1);
    const web::HttpRequest post = page.requests[0];
    CHECK(post.method == "POST");
    CHECK(post.url == "/api/register");
    const auto body = nlohmann::json::parse(post.body);
    CHECK(body.at("captcha").at("token") == "tok-1");
    CHECK(body.at("last_payment_kopecks") == 123456);

    w.on_text(post.id, 201, "{}", "");
    CHECK(w.session().phase() == Phase::Registered);
    REQUIRE(page.events.size() == 1);
    CHECK(page.events[0].first == "abon-signup:success");
    CHECK(page.events[0].second.find("Kobzar") == std::string::npos);  // never the password
    CHECK(w.session().text(Field::Password).empty());  // sent: wiped, in the DOM inputs too
    CHECK(page.values.back() == std::pair<std::string, std::string>{"password_confirm", ""});
    CHECK(page.focus.back() == "done");
    CHECK(frames > 0);
}

TEST_CASE("a failure keeps the values, says why and fetches a new CAPTCHA", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    serve_captcha(w, "tok-1");
    type_demo(w);
    w.submit();
    const web::HttpRequest post = page.requests.back();
    w.on_text(post.id, 0, "", "");  // the network is down
    CHECK(w.session().notice()->code == ErrorCode::NetworkError);
    CHECK(w.session().text(Field::Surname) == "Шевченко");
    CHECK(w.session().text(Field::Captcha).empty());
    CHECK(page.requests.back().url == "/api/captcha");
    CHECK(page.events.back().first == "abon-signup:error");
    CHECK(page.said.back() == w.session().notice()->message);
}

TEST_CASE("an answer to a replaced CAPTCHA request is dropped", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    const int first = page.requests.back().id;
    w.press("captcha_refresh");
    serve_captcha(w, "tok-2");
    w.on_text(first, 200, R"({"token":"old","image":"/x.png","length":5,"expires_in":300})", "");
    REQUIRE(w.session().challenge());
    CHECK(w.session().challenge()->token == "tok-2");
}

TEST_CASE("a picture that is not a small PNG is refused before decoding", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    const web::HttpRequest challenge = page.requests.back();
    w.on_text(challenge.id, 200, R"({"token":"t","image":"/t.png","length":5,"expires_in":300})", "");
    w.on_bytes(page.requests.back().id, 200, png(2000, 70));
    CHECK_FALSE(w.take_picture());
    CHECK(w.ui().picture.state == ui::PictureState::Failed);
}

TEST_CASE("against a classic endpoint the widget fetches the picture itself and sends form fields", "[widget]") {
    page.clear();
    const ConfigResult config = parse_widget_config(R"({"encoding": "form", "amount_format": "decimal",
        "captcha_mode": "image", "captcha_length": 5, "field_names": {"account": "ls", "captcha_answer": "code"}})");
    REQUIRE(config.config);
    int frames = 0;
    web::Widget w(*config.config, Lang::Uk, {"/register.php", "/captcha.php"},
                  web::Scheduler{[&frames] { ++frames; }, {}, {}});
    w.start();
    REQUIRE(page.requests.size() == 1);
    const web::HttpRequest picture = page.requests.back();
    CHECK(picture.binary);
    CHECK(picture.url.rfind("/captcha.php?abon=", 0) == 0);
    w.on_bytes(picture.id, 200, png(150, 50));
    REQUIRE(w.take_picture());
    type_demo(w);

    w.submit();
    const web::HttpRequest post = page.requests.back();
    CHECK(post.method == "POST");
    CHECK(post.url == "/register.php");
    CHECK(post.content_type == "application/x-www-form-urlencoded");
    CHECK(post.body.find("ls=1-234-56-7") != std::string::npos);
    CHECK(post.body.find("code=ABCDE") != std::string::npos);
    CHECK(post.body.find("last_payment=1234.56") != std::string::npos);
    CHECK(post.body.find("token") == std::string::npos);

    w.on_text(post.id, 422, R"({"errors": {"code": "captcha_wrong"}})", "");  // the site's name for it
    CHECK(w.session().view(Field::Captcha).code == ErrorCode::CaptchaWrong);
    const web::HttpRequest again = page.requests.back();
    CHECK(again.binary);
    CHECK(again.url.rfind("/captcha.php?abon=", 0) == 0);
    CHECK(again.url != picture.url);  // a new URL: no cached picture
    w.on_bytes(again.id, 200, png(150, 50));
    w.input(Field::Captcha, "abcde", 0, 0, false, 0, 0);
    w.submit();
    w.on_text(page.requests.back().id, 200, "<html>Вітаємо</html>", "", /*redirected=*/true);  // 303 → welcome
    CHECK(w.session().phase() == Phase::Registered);
    CHECK(page.events.back().first == "abon-signup:success");
}

TEST_CASE("after the registration: sender, webmail link, resend on its countdown, change of address", "[widget]") {
    int frames = 0;
    double clock = 5000;
    page.clear();
    web::Endpoints urls;
    urls.resend_url = "/api/resend";
    urls.change_email_url = "/api/change-email";
    web::Widget w({}, Lang::Uk, urls, web::Scheduler{[&frames] { ++frames; }, {}, {}, [&clock] { return clock; }});
    w.start();
    serve_captcha(w, "tok-1");
    type_demo(w);
    w.submit();
    const std::string handle(43, 'h');
    w.on_text(page.requests.back().id, 201,
              R"({"status":"pending_confirmation","email":"taras@ukr.net","handle":")" + handle +
                  R"(","resend_after":2,"resends_left":3})", "");
    REQUIRE(w.session().phase() == Phase::Registered);
    CHECK(page.said.back().find("через 2 с") != std::string::npos);  // the countdown said once, as it starts
    CHECK(w.next_wake_ms() == 6000);                                  // one frame a second

    Headless h;
    const auto controls = [&](double now) {
        w.ui().now_ms = now;
        const ui::Layout l = h.draw(w.session(), w.ui(), 760);
        return nlohmann::json::parse(ui::layout_json(l));
    };
    auto l = controls(clock);
    CHECK(l.at("controls").at("mailbox").at("href") == "https://mail.ukr.net/");
    CHECK(l.at("controls").at("mailbox").at("label") == "Відкрити пошту ukr.net");
    CHECK(l.at("controls").at("resend").at("disabled") == true);
    CHECK(l.at("controls").at("resend").at("label") == "Надіслати ще раз через 2 с");
    CHECK(l.at("done").at("sender").get<std::string>().find("noreply@te.pl.ua") != std::string::npos);
    CHECK(l.at("fields").at("email").at("visible") == false);

    page.requests.clear();
    w.press("resend");  // too soon: nothing goes out
    CHECK(page.requests.empty());
    clock = 7000;
    const std::size_t said = page.said.size();
    w.tick();
    REQUIRE(page.said.size() == said + 1);
    CHECK(page.said.back() == "Тепер можна надіслати лист ще раз.");
    w.tick();
    CHECK(page.said.size() == said + 1);  // said once, not every second
    CHECK(w.next_wake_ms() == -1);         // idle: no more frames
    w.press("resend");
    REQUIRE(page.requests.size() == 1);
    CHECK(page.requests[0].url == "/api/resend");
    CHECK(nlohmann::json::parse(page.requests[0].body) == nlohmann::json{{"handle", handle}});
    w.press("resend");
    CHECK(page.requests.size() == 1);  // one at a time
    w.on_text(page.requests[0].id, 200, R"({"status":"pending_confirmation","email":"taras@ukr.net","resend_after":2,"resends_left":2})", "");
    CHECK(page.said.back() == "Лист надіслано ще раз на taras@ukr.net. Надіслати лист ще раз можна буде через 2 с.");
    l = controls(clock);
    CHECK(l.at("done").at("notice").get<std::string>() == "Лист надіслано ще раз на taras@ukr.net.");

    clock = 10000;
    w.press("change_email");
    CHECK(page.focus.back() == "email");
    l = controls(clock);
    CHECK(l.at("fields").at("email").at("visible") == true);
    CHECK(l.at("fields").at("email_confirm").at("visible") == true);
    CHECK(l.at("fields").at("surname").at("visible") == false);
    CHECK(l.at("controls").contains("send_to_new"));
    CHECK_FALSE(l.at("controls").contains("resend"));
    w.input(Field::Email, "taras@i.ua", 10, 10, false, 0, 0);
    w.input(Field::EmailConfirm, "taras@i.ua", 10, 10, false, 0, 0);
    page.requests.clear();
    w.submit();  // Enter in the confirmation
    REQUIRE(page.requests.size() == 1);
    CHECK(page.requests[0].url == "/api/change-email");
    CHECK(nlohmann::json::parse(page.requests[0].body) == nlohmann::json{{"handle", handle}, {"email", "taras@i.ua"}});
    w.on_text(page.requests[0].id, 200, R"({"status":"pending_confirmation","email":"taras@i.ua","resend_after":2,"resends_left":1})", "");
    l = controls(clock);
    CHECK(l.at("done").at("letter").get<std::string>().find("taras@i.ua") != std::string::npos);
    CHECK(l.at("controls").at("mailbox").at("href") == "https://mail.i.ua/");
    CHECK(l.at("fields").at("email").at("visible") == false);
    CHECK(page.focus.back() == "done");
    for (const auto& r : page.requests) CHECK(r.url.find(handle) == std::string::npos);  // never in a URL
}

TEST_CASE("without the resend and change-email URLs the success screen has no such buttons", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    serve_captcha(w, "tok-1");
    type_demo(w);
    w.submit();
    w.on_text(page.requests.back().id, 201,
              R"({"status":"pending_confirmation","handle":")" + std::string(43, 'h') + R"(","resend_after":60,"resends_left":3})", "");
    CHECK(w.next_wake_ms() == -1);  // no countdown: idle at once
    Headless h;
    const auto l = nlohmann::json::parse(ui::layout_json(h.draw(w.session(), w.ui(), 360)));
    CHECK(l.at("controls").contains("mailbox"));
    CHECK_FALSE(l.at("controls").contains("resend"));
    CHECK_FALSE(l.at("controls").contains("change_email"));
}

// Issue 24: the challenge's sound and alphabet reach the person.
TEST_CASE("a challenge with audio and an alphabet: «Прослухати літери» plays its sound; look-alikes map to members", "[widget]") {
    int frames = 0;
    web::Widget w = started_widget(&frames);
    const web::HttpRequest challenge = page.requests.back();
    w.on_text(challenge.id, 200,
              R"({"token":"t","image":"/api/captcha/m.png","audio":"/api/captcha/m.wav","alphabet":"ABCEGKMNPUWXZ","length":5,"expires_in":300})",
              "");
    w.on_bytes(page.requests.back().id, 200, png(200, 70));
    REQUIRE(w.session().challenge());
    CHECK(w.session().challenge()->audio_url == "/api/captcha/m.wav");
    w.input(Field::Captcha, "МАКЕР", 0, 0, false, 0, 0);
    CHECK(w.session().text(Field::Captcha) == "MAKEP");  // was VFRTH by key position
    Headless h;
    const auto l = nlohmann::json::parse(ui::layout_json(h.draw(w.session(), w.ui(), 760)));
    REQUIRE(l.at("controls").contains("captcha_listen"));
    CHECK(l.at("controls").at("captcha_listen").at("href") == "/api/captcha/m.wav");
    CHECK(l.at("controls").at("captcha_listen").at("label") == "Прослухати літери");

    w.press("captcha_refresh");  // a sound of another origin is dropped: no button
    w.on_text(page.requests.back().id, 200,
              R"({"token":"u","image":"/api/captcha/n.png","audio":"https://elsewhere.example/n.wav","length":5,"expires_in":300})", "");
    REQUIRE(w.session().challenge());
    CHECK(w.session().challenge()->audio_url.empty());
    const auto classic = nlohmann::json::parse(ui::layout_json(h.draw(w.session(), w.ui(), 760)));
    CHECK_FALSE(classic.at("controls").contains("captcha_listen"));
}
