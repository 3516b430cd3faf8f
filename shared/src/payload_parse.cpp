// parse_payload() (abon/payload.hpp): the server's reading of a registration body, the
// inverse of build_payload(). Native only: it reads with nlohmann/json, so that the copy
// of the password in the parsed tree can be zeroed before the tree is freed (the wasm
// build, which never reads a payload, carries no nlohmann).
#include "abon/payload.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <vector>
#include <limits>
#include <utility>

namespace abon {

using nlohmann::json;

// JSON as RFC 8259 sends it on the wire: no byte order mark (§8.1), and no key twice in
// one object (§4 leaves the meaning open: a proxy or another server may read the first
// where nlohmann keeps the last). Either is a client's bug: a discarded value, so a 400.
json parse_strict(std::string_view body) {
    if (body.substr(0, 3) == "\xEF\xBB\xBF") return json(json::value_t::discarded);
    std::vector<std::vector<std::string>> open;  // the keys of each object being read
    bool repeated = false;
    json j = json::parse(
        body,
        [&](int, json::parse_event_t event, json& parsed) {
            if (event == json::parse_event_t::object_start) open.emplace_back();
            else if (event == json::parse_event_t::object_end && !open.empty()) open.pop_back();
            else if (event == json::parse_event_t::key && !open.empty()) {
                std::vector<std::string>& keys = open.back();
                const std::string& key = parsed.get_ref<const std::string&>();
                if (std::find(keys.begin(), keys.end(), key) != keys.end()) repeated = true;
                keys.push_back(key);
            }
            return true;
        },
        false);
    return repeated ? json(json::value_t::discarded) : j;
}

PayloadParse parse_payload(std::string_view body, const OutgoingNames& names) {
    json j = parse_strict(body);
    struct TreeWipe {  // the password's copy in the tree, zeroed before the tree is freed
        json& tree;
        const std::string& key;
        ~TreeWipe() {
            if (!tree.is_object()) return;
            if (const auto it = tree.find(key); it != tree.end() && it->is_string()) wipe(it->get_ref<std::string&>());
        }
    } tree_wipe{j, names.password};
    auto refuse = [](std::string why) { return PayloadParse{std::nullopt, std::move(why)}; };
    if (j.is_discarded()) return refuse("the body is not valid JSON (without a BOM, each key once)");
    if (!j.is_object()) return refuse("the body must be a JSON object");

    SentPayload p;
    const std::pair<const std::string*, Field> text[] = {
        {&names.surname, Field::Surname}, {&names.given_name, Field::GivenName}, {&names.patronymic, Field::Patronymic},
        {&names.account, Field::Account}, {&names.password, Field::Password},   {&names.email, Field::Email},
    };
    for (const auto& [key, field] : text) {
        const auto it = j.find(*key);
        if (it == j.end() || it->is_null()) p.input[field] = std::string();
        else if (it->is_string()) p.input[field] = it->get<std::string>();
        else return refuse(*key + " must be a string");
    }

    p.input[Field::Captcha] = std::string();
    if (const auto c = j.find(names.captcha); c != j.end() && !c->is_null()) {
        if (!c->is_object()) return refuse(names.captcha + " must be an object {\"" + names.captcha_token + "\", \"" +
                                           names.captcha_answer + "\"}");
        const auto token = c->find(names.captcha_token), answer = c->find(names.captcha_answer);
        if ((token != c->end() && !token->is_string() && !token->is_null()) ||
            (answer != c->end() && !answer->is_string() && !answer->is_null()))
            return refuse(names.captcha + "." + names.captcha_token + " and " + names.captcha + "." +
                          names.captcha_answer + " must be strings");
        if (token != c->end() && token->is_string()) p.captcha_token = token->get<std::string>();
        if (answer != c->end() && answer->is_string()) p.input[Field::Captcha] = answer->get<std::string>();
    }

    if (const auto k = j.find(names.last_payment); k != j.end() && !k->is_null()) {
        if (k->is_number_unsigned() && k->get<std::uint64_t>() > std::uint64_t(std::numeric_limits<std::int64_t>::max()))
            p.kopecks = std::numeric_limits<std::int64_t>::max();
        else if (k->is_number_integer())
            p.kopecks = k->get<std::int64_t>();
        else
            return refuse(names.last_payment + " must be an integer number of kopecks");
    }

    if (const auto l = j.find(names.lang); l != j.end() && !l->is_null()) {
        const auto lang = l->is_string() ? parse_lang(l->get<std::string>()) : std::nullopt;
        if (!lang) return refuse(names.lang + " must be \"uk\" or \"en\"");
        p.lang = *lang;
    }
    return PayloadParse{std::move(p), {}};
}

FollowUpRequestParse parse_follow_up_request(std::string_view body, bool with_email) {
    const json j = parse_strict(body);
    auto refuse = [](std::string why) { return FollowUpRequestParse{std::nullopt, std::move(why)}; };
    if (j.is_discarded()) return refuse("the body is not valid JSON (without a BOM, each key once)");
    if (!j.is_object()) return refuse("the body must be a JSON object");
    const auto handle = j.find("handle");
    if (handle == j.end() || !handle->is_string()) return refuse("handle must be a string");
    FollowUpRequest r;
    if (usable_handle(handle->get_ref<const std::string&>())) r.handle = handle->get<std::string>();
    if (with_email) {
        const auto email = j.find("email");
        if (email == j.end() || !email->is_string()) return refuse("email must be a string");
        r.email = email->get<std::string>();
    }
    return {std::move(r), {}};
}

}  // namespace abon
