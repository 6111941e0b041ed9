// result.h — errors as values for the whole engine.
//
// [SECTION] ErrorCode: the closed list of error codes and their stable string ids
// [SECTION] Error: what went wrong, where (JSON Pointer), and on which clause
// [SECTION] Result<T>: a value or an Error, never an exception
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] ErrorCode
//-----------------------------------------------------------------------------
// Stable ids: tools and the wizard match on the string, so never renumber or rename one.
enum class ErrorCode {
    kMalformedJson,     // "malformed_json": the text is not JSON
    kWrongType,         // "wrong_type": a value has the wrong JSON type
    kMissingField,      // "missing_field": a required member is absent
    kUnknownField,      // "unknown_field": a member the schema does not know (likely a typo)
    kUnknownValue,      // "unknown_value": a string outside its closed list (enum, flag name)
    kUnknownReference,  // "unknown_reference": an id that names nothing (town, dept, item, role)
    kInvalidDate,       // "invalid_date": not ISO 8601, impossible, or lacks a required offset
    kInvalidValue,      // "invalid_value": well-typed but not allowed (negative count, empty list)
    kSchemaMismatch,    // "schema_mismatch": the document declares another schema or version
    kExpressionSyntax,  // "expression_syntax": a rule condition does not parse (position given)
    kExpressionType,    // "expression_type": a condition compares values of different kinds
    kQuoteNotFound,     // "quote_not_found": a quoted sentence is not verbatim in the document text
    kDuplicateId,       // "duplicate_id": two entries share an id
    kIoError,           // "io_error": a file could not be read or written
    kUsage,             // "usage": the command line is wrong
    kInternal,          // "internal": a bug or resource exhaustion caught at a boundary (wasm, CLI)
    kBadEncoding,       // "bad_encoding": the text is not UTF-8 (byte offset given)
    kTooLarge,          // "too_large": past a size, length or depth limit of core/limits.h
};

// Returns the stable string id of `code`, e.g. "unknown_value".
const char* error_code_id(ErrorCode code);

//-----------------------------------------------------------------------------
// [SECTION] Error
//-----------------------------------------------------------------------------
struct Error {
    ErrorCode code = ErrorCode::kInvalidValue;
    std::string message;   // Chinese first, then English after " / " where helpful
    std::string path;      // JSON Pointer (RFC 6901) of the offending value; "" = the whole document
    std::string file;      // for packs: the file inside the pack; empty for single documents
    std::string citation;  // clause id when a rule of the document is the reason, else empty
};

// Renders `[referral.error.unknown_value] (/category) message`.
std::string describe(const Error& error);

//-----------------------------------------------------------------------------
// [SECTION] Result<T>
//-----------------------------------------------------------------------------
template <typename T>
class Result {
public:
    Result(T value) : state_(std::move(value)) {}
    Result(Error error) : state_(std::move(error)) {}

    bool ok() const { return state_.index() == 0; }
    const T& value() const& { return std::get<0>(state_); }
    T& value() & { return std::get<0>(state_); }
    T&& value() && { return std::get<0>(std::move(state_)); }
    const Error& error() const { return std::get<1>(state_); }

private:
    std::variant<T, Error> state_;
};

inline Error make_error(ErrorCode code, std::string path, std::string message) {
    Error e;
    e.code = code;
    e.path = std::move(path);
    e.message = std::move(message);
    return e;
}

}  // namespace referral
