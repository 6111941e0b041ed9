#include "core/json_read.h"

#include "core/limits.h"

#include <climits>

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

namespace {

// Length of the UTF-8 sequence starting at text[i], or 0 when it is not well-formed (RFC 3629:
// no overlongs, no surrogates, nothing above U+10FFFF).
size_t utf8_sequence(std::string_view text, size_t i) {
    const auto b = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char c = b(i);
    if (c < 0x80) return 1;
    size_t n = 0;
    unsigned char lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else {
        return 0;
    }
    if (i + n > text.size()) return 0;
    if (b(i + 1) < lo || b(i + 1) > hi) return 0;
    for (size_t k = 2; k < n; ++k)
        if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
    return n;
}

// The parse itself, after whatever was checked before it; on failure, where and why (never the text).
Result<json> parse_document(std::string_view text, const std::string& file) {
    auto refuse = [&](ErrorCode code, std::string message) -> Result<json> {
        Error e = make_error(code, "", std::move(message));
        e.file = file;
        return e;
    };
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
        // nlohmann quotes the offending token ("last read: '…'"): never echo input bytes.
        std::string why = locator.what;
        if (const size_t cut = why.find("; last read"); cut != std::string::npos) why.erase(cut);
        if (const size_t cut = why.find("] "); cut != std::string::npos) why.erase(0, cut + 2);
        return refuse(ErrorCode::kMalformedJson,
                      "不是有效的 JSON（第 " + std::to_string(locator.position) + " 字节附近） / not valid JSON: " + why);
    }
    return value;
}

}  // namespace

std::optional<size_t> invalid_utf8_offset(std::string_view text) {
    for (size_t i = 0; i < text.size();) {
        const size_t n = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8_sequence(text, i);  // ASCII inline
        if (n == 0) return i;
        i += n;
    }
    return std::nullopt;
}

Result<json> parse_json(std::string_view text, const std::string& file, size_t max_bytes) {
    auto refuse = [&](ErrorCode code, std::string message) -> Result<json> {
        Error e = make_error(code, "", std::move(message));
        e.file = file;
        return e;
    };
    if (text.size() > max_bytes)
        return refuse(ErrorCode::kTooLarge, "文本过大（" + std::to_string(text.size()) + " 字节，上限 " + std::to_string(max_bytes) +
                                                " 字节） / text too large");
    if (text.size() >= 2 && ((text[0] == '\xFF' && text[1] == '\xFE') || (text[0] == '\xFE' && text[1] == '\xFF')))
        return refuse(ErrorCode::kBadEncoding, "文本是 UTF-16 编码，应为 UTF-8（第 0 字节） / UTF-16 text, UTF-8 expected at byte 0");
    // One linear pass before the parser: the encoding (nothing but UTF-8 may reach a message or the
    // JSON writer) and the nesting depth (no recursion over a document nested without end).
    int depth = 0;
    bool in_string = false;
    for (size_t i = 0; i < text.size();) {
        const size_t n = static_cast<unsigned char>(text[i]) < 0x80 ? 1 : utf8_sequence(text, i);  // ASCII inline
        if (n == 0)
            return refuse(ErrorCode::kBadEncoding, "文本不是有效的 UTF-8（第 " + std::to_string(i) + " 字节） / invalid UTF-8 at byte " +
                                                       std::to_string(i));
        const char c = text[i];
        if (c == '\0')  // nlohmann's lexer would take it for the end of the text and ignore what follows
            return refuse(ErrorCode::kMalformedJson, "不是有效的 JSON：第 " + std::to_string(i) + " 字节是 NUL / NUL byte at byte " +
                                                         std::to_string(i));
        if (in_string) {
            if (c == '\\') i += 1;  // the escaped character is ASCII in valid JSON; checked by the parser
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > limits::kJsonDepth)
                return refuse(ErrorCode::kTooLarge, "嵌套过深（第 " + std::to_string(i) + " 字节处超过 " + std::to_string(limits::kJsonDepth) +
                                                        " 层） / nested too deep at byte " + std::to_string(i));
        } else if (c == ']' || c == '}') {
            --depth;
        }
        i += n;
    }
    return parse_document(text, file);
}

Result<json> parse_checked_json(std::string_view text, const std::string& file) { return parse_document(text, file); }

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
    const bool fits = v->is_number_unsigned() ? v->get<unsigned long long>() <= static_cast<unsigned long long>(INT_MAX)
                                              : v->get<long long>() >= INT_MIN && v->get<long long>() <= INT_MAX;
    if (!fits) {
        fail(ErrorCode::kInvalidValue, pointer_append(path, key), "整数超出范围 / integer out of range");
        return std::nullopt;
    }
    return static_cast<int>(v->get<long long>());
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

namespace {
const json kNull;
}  // namespace

const json& member_or_null(const json& object, const char* key) {
    if (!object.is_object()) return kNull;
    auto it = object.find(key);
    return it == object.end() ? kNull : *it;
}

const json& element_or_null(const json& array, size_t index) {
    return array.is_array() && index < array.size() ? array[index] : kNull;
}

std::string string_or(const json& value, const std::string& fallback) {
    return value.is_string() ? value.get<std::string>() : fallback;
}

long long integer_or(const json& value, long long fallback) {
    if (value.is_number_unsigned())
        return value.get<unsigned long long>() > static_cast<unsigned long long>(LLONG_MAX) ? fallback : value.get<long long>();
    return value.is_number_integer() ? value.get<long long>() : fallback;
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
