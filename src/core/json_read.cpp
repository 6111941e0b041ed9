#include "core/json_read.h"

namespace referral {

std::string pointer_append(const std::string& pointer, std::string_view token) {
    std::string out = pointer;
    out += '/';
    for (char c : token) {
        if (c == '~') out += "~0";
        else if (c == '/') out += "~1";
        else out += c;
    }
    return out;
}

std::string pointer_append(const std::string& pointer, size_t index) {
    return pointer + "/" + std::to_string(index);
}

Result<json> parse_json(std::string_view text, const std::string& file) {
    json value = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (value.is_discarded()) {
        // Re-run with a callback-free sax parse to find the offset without throwing.
        struct Locator : nlohmann::json_sax<json> {
            size_t position = 0;
            std::string what;
            bool null() override { return true; }
            bool boolean(bool) override { return true; }
            bool number_integer(number_integer_t) override { return true; }
            bool number_unsigned(number_unsigned_t) override { return true; }
            bool number_float(number_float_t, const string_t&) override { return true; }
            bool string(string_t&) override { return true; }
            bool binary(binary_t&) override { return true; }
            bool start_object(std::size_t) override { return true; }
            bool key(string_t&) override { return true; }
            bool end_object() override { return true; }
            bool start_array(std::size_t) override { return true; }
            bool end_array() override { return true; }
            bool parse_error(std::size_t pos, const std::string&, const nlohmann::detail::exception& ex) override {
                position = pos;
                what = ex.what();
                return false;
            }
        } locator;
        json::sax_parse(text.begin(), text.end(), &locator, json::input_format_t::json, /*strict=*/true);
        Error e = make_error(ErrorCode::kMalformedJson, "",
                             "不是有效的 JSON（第 " + std::to_string(locator.position) + " 字节附近） / not valid JSON: " +
                                 locator.what);
        e.file = file;
        return e;
    }
    return value;
}

void Reader::fail(ErrorCode code, const std::string& path, std::string message) {
    Error e = make_error(code, path, std::move(message));
    e.file = file_;
    errors_.push_back(std::move(e));
}

static const char* type_zh(const json& v) {
    switch (v.type()) {
        case json::value_t::object: return "对象";
        case json::value_t::array: return "数组";
        case json::value_t::string: return "字符串";
        case json::value_t::boolean: return "布尔值";
        case json::value_t::null: return "null";
        default: return "数字";
    }
}

bool Reader::expect_object(const json& value, const std::string& path) {
    if (value.is_object()) return true;
    fail(ErrorCode::kWrongType, path, std::string("应为对象，实为") + type_zh(value) + " / must be an object");
    return false;
}

bool Reader::expect_array(const json& value, const std::string& path) {
    if (value.is_array()) return true;
    fail(ErrorCode::kWrongType, path, std::string("应为数组，实为") + type_zh(value) + " / must be an array");
    return false;
}

void Reader::reject_unknown(const json& object, const std::string& path,
                            std::initializer_list<std::string_view> allowed) {
    for (auto it = object.begin(); it != object.end(); ++it) {
        bool known = false;
        for (auto a : allowed) known = known || a == it.key();
        if (!known) {
            std::vector<std::string> names(allowed.begin(), allowed.end());
            fail(ErrorCode::kUnknownField, pointer_append(path, it.key()),
                 "未知字段“" + it.key() + "”，可用字段：" + join(names) + " / unknown field");
        }
    }
}

const json* Reader::member(const json& object, const std::string& path, const char* key, bool required) {
    auto it = object.find(key);
    if (it == object.end()) {
        if (required)
            fail(ErrorCode::kMissingField, pointer_append(path, key),
                 std::string("缺少必填字段“") + key + "” / missing required field");
        return nullptr;
    }
    return &*it;
}

std::optional<std::string> Reader::string(const json& object, const std::string& path, const char* key,
                                          bool required) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_string()) {
        fail(ErrorCode::kWrongType, pointer_append(path, key),
             std::string("应为字符串，实为") + type_zh(*v) + " / must be a string");
        return std::nullopt;
    }
    return v->get<std::string>();
}

std::optional<bool> Reader::boolean(const json& object, const std::string& path, const char* key, bool required) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) {
        fail(ErrorCode::kWrongType, pointer_append(path, key),
             std::string("应为 true 或 false，实为") + type_zh(*v) + " / must be a boolean");
        return std::nullopt;
    }
    return v->get<bool>();
}

std::optional<int> Reader::integer(const json& object, const std::string& path, const char* key, bool required) {
    const json* v = member(object, path, key, required);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
        fail(ErrorCode::kWrongType, pointer_append(path, key),
             std::string("应为整数，实为") + type_zh(*v) + " / must be an integer");
        return std::nullopt;
    }
    return v->get<int>();
}

std::optional<std::string> Reader::one_of(const json& object, const std::string& path, const char* key,
                                          bool required, const std::vector<std::string>& choices) {
    auto s = string(object, path, key, required);
    if (!s) return std::nullopt;
    for (const auto& c : choices)
        if (c == *s) return s;
    fail(ErrorCode::kUnknownValue, pointer_append(path, key),
         "“" + *s + "”不是可用的取值，应为：" + join(choices) + " / unknown value");
    return std::nullopt;
}

std::string join(const std::vector<std::string>& items, const char* separator) {
    std::string out;
    for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += separator;
        out += items[i];
    }
    return out;
}

}  // namespace referral
