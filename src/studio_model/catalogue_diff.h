// catalogue_diff.h — an imported catalogue against the one in force: items added, removed and
// changed, and the behaviour cases whose handler changes because of it. Plain C++ for the studio
// (nothing draws here; tested in tests/unit/catalogue_diff_test.cpp).
//
// [SECTION] diff_catalogues
//
// Items are matched by id, else by name and department (an office's list numbers its items its own
// way: item-e-01 is the sample's emergency-fireworks-retail-violation when name and department
// agree). A behaviour case is planned under both engines, its item mapped the same way; a case whose
// item the imported list lacks is reported with the handler "" under it (the case cannot be planned).
#pragma once

#include <string>
#include <vector>

#include "engine/engine.h"
#include "studio_model/case_check.h"

namespace referral::studio {

//-----------------------------------------------------------------------------
// [SECTION] diff_catalogues
//-----------------------------------------------------------------------------
struct CatalogueChange {
    std::string kind;                 // "added" | "removed" | "changed"
    std::string id, name;             // the imported item's id (the one in force's when removed)
    std::string was_id;               // the matching item in force ("" when added)
    int row = 0;                      // the imported list's row (0 when removed or not imported)
    std::vector<std::string> fields;  // changed: dept, category, statute, devolved, devolved_from, revoked_from, licensed_by
};

struct HandlerChange {
    std::string case_id, name;   // the behaviour case
    std::string before, after;   // handler authority in force / under the imported list ("" none or not plannable)
};

struct CatalogueDiff {
    std::vector<CatalogueChange> changes;  // changed, then added, then removed; each in catalogue order
    size_t added = 0, removed = 0, changed = 0, unchanged = 0;
    std::vector<HandlerChange> cases;      // only the cases whose handler differs, in id order
};

CatalogueDiff diff_catalogues(const Engine& in_force, const Engine& imported, const CaseFiles& cases = {});

}  // namespace referral::studio
