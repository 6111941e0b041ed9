#include "core/result.h"

namespace referral {

const char* error_code_id(ErrorCode code) {
    switch (code) {
        case ErrorCode::kMalformedJson: return "malformed_json";
        case ErrorCode::kWrongType: return "wrong_type";
        case ErrorCode::kMissingField: return "missing_field";
        case ErrorCode::kUnknownField: return "unknown_field";
        case ErrorCode::kUnknownValue: return "unknown_value";
        case ErrorCode::kUnknownReference: return "unknown_reference";
        case ErrorCode::kInvalidDate: return "invalid_date";
        case ErrorCode::kInvalidValue: return "invalid_value";
        case ErrorCode::kSchemaMismatch: return "schema_mismatch";
        case ErrorCode::kExpressionSyntax: return "expression_syntax";
        case ErrorCode::kExpressionType: return "expression_type";
        case ErrorCode::kQuoteNotFound: return "quote_not_found";
        case ErrorCode::kDuplicateId: return "duplicate_id";
        case ErrorCode::kIoError: return "io_error";
        case ErrorCode::kUsage: return "usage";
        case ErrorCode::kInternal: return "internal";
        case ErrorCode::kBadEncoding: return "bad_encoding";
        case ErrorCode::kTooLarge: return "too_large";
    }
    return "invalid_value";
}

std::string describe(const Error& error) {
    std::string out = "[referral.error.";
    out += error_code_id(error.code);
    out += "] ";
    if (!error.file.empty()) out += error.file + " ";
    out += "(" + error.path + ") " + error.message;
    return out;
}

}  // namespace referral
