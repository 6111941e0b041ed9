// json_read.h — typed reads from nlohmann::json that record errors with JSON Pointers.
//
// [SECTION] pointer helpers
// [SECTION] Reader: collects every problem of a document instead of stopping at the first
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace referral {

using json = nlohmann::json;

//-----------------------------------------------------------------------------
// [SECTION] pointer helpers
//-----------------------------------------------------------------------------
// Appends one reference token to a JSON Pointer, escaping '~' and '/' (RFC 6901).
std::string pointer_append(const std::string& pointer, std::string_view token);
std::string pointer_append(const std::string& pointer, size_t index);

// Parses text as JSON; on failure the error says where (byte offset) and why, never quoting the
// text: bad_encoding (not UTF-8, with the byte offset), too_large (longer than `max_bytes`, or
// nested deeper than limits::kJsonDepth), malformed_json (anything after the document included).
Result<json> parse_json(std::string_view text, const std::string& file = "", size_t max_bytes = 64u << 20);

// Parses text that was checked as this very text before (a pack's files whose digest is the one the
// build checked them with: rules/pack.h, LoadOptions): as parse_json, without its pass over the size,
// the encoding and the nesting depth, which that check made. Never for text from anywhere else.
Result<json> parse_checked_json(std::string_view text, const std::string& file = "");

// Byte offset of the first byte that is not well-formed UTF-8, or nullopt.
std::optional<size_t> invalid_utf8_offset(std::string_view text);

//-----------------------------------------------------------------------------
// [SECTION] Reader
//-----------------------------------------------------------------------------
class Reader {
public:
    explicit Reader(std::vector<Error>& errors, std::string file = "") : errors_(errors), file_(std::move(file)) {}

    // Records an error at `path`.
    void fail(ErrorCode code, const std::string& path, std::string message);

    // True if `value` is an object; records wrong_type otherwise.
    bool expect_object(const json& value, const std::string& path);
    // True if `value` is an array; records wrong_type otherwise.
    bool expect_array(const json& value, const std::string& path);
    // Records unknown_field for each member not in `allowed`.
    void reject_unknown(const json& object, const std::string& path, std::initializer_list<std::string_view> allowed);

    // Member `key` of `object` or nullptr; records missing_field when required and absent.
    const json* member(const json& object, const std::string& path, const char* key, bool required);
    std::optional<std::string> string(const json& object, const std::string& path, const char* key, bool required);
    std::optional<bool> boolean(const json& object, const std::string& path, const char* key, bool required);
    std::optional<int> integer(const json& object, const std::string& path, const char* key, bool required);
    // A string that must be one of `choices`; records unknown_value listing them otherwise.
    std::optional<std::string> one_of(const json& object, const std::string& path, const char* key, bool required,
                                      const std::vector<std::string>& choices);

    size_t error_count() const { return errors_.size(); }
    const std::string& file() const { return file_; }

private:
    std::vector<Error>& errors_;
    std::string file_;
};

// Reads that never fail (no .at(), no get<> of a wrong type): a member or element that is absent or
// of another type reads as null / "" / `fallback`. For documents not made by the engine itself.
const json& member_or_null(const json& object, const char* key);
const json& element_or_null(const json& array, size_t index);
std::string string_or(const json& value, const std::string& fallback = "");
long long integer_or(const json& value, long long fallback);

// "a, b, c" — for messages listing the allowed values.
std::string join(const std::vector<std::string>& items, const char* separator = ", ");

}  // namespace referral
