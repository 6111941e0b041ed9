#include "studio_model/catalogue_diff.h"

#include <map>

namespace referral::studio {

namespace {

std::string date_text(const std::optional<Date>& d) { return d ? d->iso() : ""; }

std::vector<std::string> changed_fields(const CatalogueItem& a, const CatalogueItem& b) {
    std::vector<std::string> out;
    if (a.dept != b.dept) out.push_back("dept");
    if (a.category != b.category) out.push_back("category");
    if (a.statute != b.statute) out.push_back("statute");
    if (a.devolved != b.devolved) out.push_back("devolved");
    if (date_text(a.devolved_from) != date_text(b.devolved_from)) out.push_back("devolved_from");
    if (date_text(a.revoked_from) != date_text(b.revoked_from)) out.push_back("revoked_from");
    if (a.licensed_by != b.licensed_by) out.push_back("licensed_by");
    return out;
}

// The item of `to` that is `item` of the other catalogue: the same id, else the same name and department.
const CatalogueItem* counterpart(const Pack& to, const CatalogueItem& item) {
    if (const CatalogueItem* same = to.item(item.id); same && same->name == item.name) return same;
    for (const CatalogueItem& i : to.catalogue)
        if (i.name == item.name && i.dept == item.dept) return &i;
    return nullptr;
}

std::string handler_of(const Engine& e, const json& input) {
    const json r = e.plan(input);
    if (r.value("ok", false) != true) return "";
    const json& h = r["plan"]["handler"];
    return h.is_object() ? h.value("authority", "") : "";
}

}  // namespace

CatalogueDiff diff_catalogues(const Engine& in_force, const Engine& imported, const CaseFiles& cases) {
    CatalogueDiff d;
    const Pack& a = in_force.pack();
    const Pack& b = imported.pack();
    std::vector<CatalogueChange> added, removed;
    for (const CatalogueItem& item : b.catalogue) {
        const CatalogueItem* was = counterpart(a, item);
        if (!was) {
            added.push_back({"added", item.id, item.name, "", item.row, {}});
            continue;
        }
        auto fields = changed_fields(*was, item);
        if (fields.empty()) {
            ++d.unchanged;
            continue;
        }
        d.changes.push_back({"changed", item.id, item.name, was->id, item.row, std::move(fields)});
    }
    for (const CatalogueItem& item : a.catalogue)
        if (!counterpart(b, item)) removed.push_back({"removed", item.id, item.name, item.id, 0, {}});
    d.changed = d.changes.size();
    d.added = added.size();
    d.removed = removed.size();
    d.changes.insert(d.changes.end(), added.begin(), added.end());
    d.changes.insert(d.changes.end(), removed.begin(), removed.end());

    for (const auto& [id, text] : cases) {
        const json tc = json::parse(text, nullptr, /*allow_exceptions=*/false);
        if (!tc.is_object() || !tc.contains("input") || !tc["input"].is_object()) continue;
        json input = tc["input"];
        const std::string before = handler_of(in_force, input);
        if (input.contains("item") && input["item"].is_string() && !input["item"].get<std::string>().empty()) {
            const CatalogueItem* item = a.item(input["item"].get<std::string>());
            const CatalogueItem* now = item ? counterpart(b, *item) : nullptr;
            if (item && !now) {
                d.cases.push_back({id, tc.value("name", ""), before, ""});
                continue;
            }
            if (now) input["item"] = now->id;
        }
        const std::string after = handler_of(imported, input);
        if (after != before) d.cases.push_back({id, tc.value("name", ""), before, after});
    }
    return d;
}

}  // namespace referral::studio
