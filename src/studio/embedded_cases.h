// embedded_cases.h — the behaviour cases (tests/cases/**.json) compiled into the web studio.
//
// The browser has no tests/ folder to read, so the build generates the definition
// (cmake/embed_cases.cmake) and dist/studio.html runs these against the bundled or dropped pack.
#pragma once

#include "studio_model/case_check.h"

namespace referral::studio {

// Case id (path under tests/cases) → text, as read_case_folder would give them.
const CaseFiles& embedded_cases();

}  // namespace referral::studio
