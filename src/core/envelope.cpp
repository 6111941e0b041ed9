#include "core/envelope.h"

namespace referral {

nlohmann::json error_to_json(const Error& e) {
    nlohmann::json j = {{"code", error_code_id(e.code)}, {"message", e.message}, {"path", e.path}};
    if (!e.file.empty()) j["file"] = e.file;
    if (!e.citation.empty()) j["citation"] = e.citation;
    return j;
}

nlohmann::json error_envelope(const std::vector<Error>& errors) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& e : errors) list.push_back(error_to_json(e));
    return {{"ok", false}, {"error", errors.empty() ? nlohmann::json(nullptr) : list.front()}, {"errors", list}};
}

}  // namespace referral
