// envelope.h — the reply every request gives on failure:
// {"ok": false, "error": {code, message, path, file?, citation?}, "errors": [...all problems...]}.
#pragma once

#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"

namespace referral {

// Envelope for a failure: first error plus the whole list.
nlohmann::json error_envelope(const std::vector<Error>& errors);
nlohmann::json error_to_json(const Error& e);

}  // namespace referral
