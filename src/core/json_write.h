// json_write.h — a small streaming JSON writer for hot paths (plans are written per keystroke).
// nlohmann::json stays the reader and the general tool; this only appends text, in member order.
#pragma once

#include <string>
#include <string_view>

namespace referral {

class JsonWriter {
public:
    // Appends to `out`.
    explicit JsonWriter(std::string& out) : out_(out) {}

    JsonWriter& begin_object() { comma(); out_ += '{'; first_ = true; return *this; }
    JsonWriter& end_object() { out_ += '}'; first_ = false; return *this; }
    JsonWriter& begin_array() { comma(); out_ += '['; first_ = true; return *this; }
    JsonWriter& end_array() { out_ += ']'; first_ = false; return *this; }
    // A member name; the next value call writes its value.
    JsonWriter& key(std::string_view k) { comma(); quoted(k); out_ += ':'; first_ = true; return *this; }
    JsonWriter& value(std::string_view s) { comma(); quoted(s); return *this; }
    JsonWriter& value(const char* s) { return value(std::string_view(s)); }
    JsonWriter& value(const std::string& s) { return value(std::string_view(s)); }
    JsonWriter& value(bool b) { comma(); out_ += b ? "true" : "false"; return *this; }
    JsonWriter& value(long long n) { comma(); out_ += std::to_string(n); return *this; }
    JsonWriter& value(int n) { return value(static_cast<long long>(n)); }
    JsonWriter& null() { comma(); out_ += "null"; return *this; }
    // A string, or null when empty.
    JsonWriter& value_or_null(std::string_view s) { return s.empty() ? null() : value(s); }
    // Pre-serialised JSON text.
    JsonWriter& raw(std::string_view text) { comma(); out_ += text; return *this; }

private:
    std::string& out_;
    bool first_ = true;

    void comma() {
        if (!first_) out_ += ',';
        first_ = false;
    }
    void quoted(std::string_view s) {
        out_ += '"';
        // Runs of characters that need no escape are appended whole (a plan is mostly such text; one
        // character at a time was a third of `plan --batch`'s time, docs/BENCHMARKS.md).
        size_t run = 0;
        for (size_t i = 0; i < s.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(s[i]);
            if (c >= 0x20 && c != '"' && c != '\\') continue;  // UTF-8 passes through (validated by the parser)
            out_.append(s.data() + run, i - run);
            run = i + 1;
            switch (c) {
                case '"': out_ += "\\\""; break;
                case '\\': out_ += "\\\\"; break;
                case '\n': out_ += "\\n"; break;
                case '\r': out_ += "\\r"; break;
                case '\t': out_ += "\\t"; break;
                case '\b': out_ += "\\b"; break;  // as nlohmann::json writes them
                case '\f': out_ += "\\f"; break;
                default: {
                    static const char kHex[] = "0123456789abcdef";
                    const char u[] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 15]};
                    out_.append(u, sizeof u);
                }
            }
        }
        out_.append(s.data() + run, s.size() - run);
        out_ += '"';
    }
};

}  // namespace referral
