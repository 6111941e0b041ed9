#include "rules/case.h"

#include <algorithm>

namespace referral {

const std::string& Case::value(const std::string& id) const {
    static const std::string kNone;
    auto it = values.find(id);
    return it == values.end() ? kNone : it->second;
}

namespace {

// The members of referral-case/1 the engine reads itself; the pack's enum facts are the others.
const std::vector<std::string>& engine_members() {
    // `dates` (the days of milestones, src/matter) is read with the matter; a case ignores it.
    static const std::vector<std::string> kMembers = {"schema", "date", "received", "decided", "finder", "town", "dept",
                                                      "item", "devolved", "flags", "note", "dates"};
    return kMembers;
}

}  // namespace

static std::optional<DateTime> date_time(Reader& r, const json& doc, const char* key, bool required) {
    auto s = r.string(doc, "", key, required);
    if (!s) return std::nullopt;
    auto dt = read_date_time(*s, pointer_append("", key));  // core/date.h: form, day, year range
    if (dt.ok()) return dt.value();
    r.fail(dt.error().code, dt.error().path, dt.error().message);
    return std::nullopt;
}

Result<Case> parse_case(const json& doc, const Pack& pack, std::vector<Error>* all_errors) {
    std::vector<Error> errors;
    Reader r(errors);
    Case c;
    auto finish = [&]() -> Result<Case> {
        if (all_errors) *all_errors = errors;
        if (!errors.empty()) return errors.front();
        return c;
    };
    if (!r.expect_object(doc, "")) return finish();
    for (auto it = doc.begin(); it != doc.end(); ++it) {
        const auto& m = engine_members();
        if (std::find(m.begin(), m.end(), it.key()) != m.end() || pack.enum_fact(it.key())) continue;
        std::vector<std::string> known = m;
        for (const auto& e : pack.enums) known.push_back(e.id);
        r.fail(ErrorCode::kUnknownField, pointer_append("", it.key()), "未知字段“" + it.key() + "”，可用字段：" + join(known) + " / unknown field");
    }
    if (auto s = r.string(doc, "", "schema", false); s && *s != "referral-case/1")
        r.fail(ErrorCode::kSchemaMismatch, "/schema", "应为 referral-case/1，实为“" + *s + "”");
    r.string(doc, "", "note", false);  // free text for people; only its type is checked

    const FactSchema& fs = pack.schema;
    auto values = [&](const char* name) { return fs.at(fs.find(name)).values; };

    if (auto d = date_time(r, doc, "date", true)) c.date = *d;
    c.received = date_time(r, doc, "received", false);
    if (auto s = r.string(doc, "", "decided", false)) {
        auto d = read_date(*s, "/decided", DateForm::kDayOrDateTime);
        if (!d.ok()) r.fail(d.error().code, d.error().path, d.error().message);
        else c.decided = d.value();
    }
    c.finder = r.one_of(doc, "", "finder", true, values("finder")).value_or("");
    // The pack's enum facts: required ones, defaults; the item's category later.
    for (const EnumFact& e : pack.enums) {
        if (e.from_item) continue;
        auto v = r.one_of(doc, "", e.id.c_str(), e.required, e.values);
        if (v) c.values[e.id] = *v;
        else if (!doc.contains(e.id) && !e.default_value.empty()) c.values[e.id] = e.default_value;
    }

    if (auto town = r.string(doc, "", "town", true)) {
        const Authority* a = pack.authority("town:" + *town);
        if (!a) {
            std::vector<std::string> towns;
            for (const auto& au : pack.authorities)
                if (au.kind == "town") towns.push_back(au.short_id);
            r.fail(ErrorCode::kUnknownReference, "/town", "未知的" + pack.role_label("town") + "“" + *town + "”，可选：" + join(towns));
        } else {
            c.town = *town;
        }
    }

    const CatalogueItem* item = nullptr;
    if (auto id = r.string(doc, "", "item", false)) {
        item = pack.item(*id);
        if (!item) r.fail(ErrorCode::kUnknownReference, "/item", "事项目录中没有“" + *id + "”");
        else c.item = *id;
    }

    auto dept = r.string(doc, "", "dept", item == nullptr && !doc.contains("item"));
    if (dept) {
        if (!pack.authority("dept:" + *dept)) {
            std::vector<std::string> depts;
            for (const auto& au : pack.authorities)
                if (au.kind == "dept") depts.push_back(au.short_id);
            r.fail(ErrorCode::kUnknownReference, "/dept", "未知的部门“" + *dept + "”，可选：" + join(depts));
        } else if (item && item->dept != *dept) {
            r.fail(ErrorCode::kInvalidValue, "/dept",
                   "事项“" + item->name + "”属于部门 " + item->dept + "，与填写的 " + *dept + " 不符");
        } else {
            c.dept = *dept;
        }
    } else if (item) {
        c.dept = item->dept;
    }

    if (const EnumFact* e = pack.item_enum()) {
        auto category = r.one_of(doc, "", e->id.c_str(), item == nullptr, e->values);
        if (category) c.values[e->id] = *category;
        else if (item && !item->category.empty()) c.values[e->id] = item->category;
    }

    c.devolved_override = r.boolean(doc, "", "devolved", false);
    if (!c.devolved_override && !item && !doc.contains("item"))
        r.fail(ErrorCode::kMissingField, "/devolved",
               "未选择目录事项时，须说明该事项的行政处罚权是否已下放给" + pack.role_label("town") + "（devolved） / give `devolved` or an `item`");


    if (c.received && c.received->epoch_seconds() < c.date.epoch_seconds())
        r.fail(ErrorCode::kInvalidDate, "/received", "接收时间早于发现时间");
    if (c.decided && *c.decided < c.date.date)
        r.fail(ErrorCode::kInvalidDate, "/decided", "作出决定的日期早于发现时间");

    if (const json* flags = r.member(doc, "", "flags", false); flags && r.expect_object(*flags, "/flags")) {
        for (auto it = flags->begin(); it != flags->end(); ++it) {
            const std::string p = pointer_append("/flags", it.key());
            if (!pack.flag(it.key())) {
                std::vector<std::string> names;
                for (const auto& f : pack.flags) names.push_back(f.id);
                r.fail(ErrorCode::kUnknownValue, p, "未知的情形标记“" + it.key() + "”，可用：" + join(names));
            } else if (!it->is_boolean()) {
                r.fail(ErrorCode::kWrongType, p, "情形标记应为 true 或 false");
            } else if (it->get<bool>()) {
                c.flags.insert(it.key());
            }
        }
    }
    // An enum the pack requires only in some matters (a pre-devolution case's status).
    if (errors.empty())
        for (const EnumFact& e : pack.enums) {
            if (!e.required_when || !c.value(e.id).empty()) continue;
            Facts f(pack.schema);
            for (const auto& [id, v] : c.values) f.set_enum(id, v);
            f.set_enum("finder", c.finder);
            for (const auto& fl : pack.flags) f.set_bool(fl.id, c.flag(fl.id));
            if (e.required_when->evaluate(f))
                r.fail(ErrorCode::kMissingField, pointer_append("", e.id), "须说明" + e.label + "（" + join(e.values) + "）");
        }
    return finish();
}

CaseAnswers read_answers(const json& doc, const Pack& pack) {
    CaseAnswers a;
    if (!doc.is_object()) return a;
    auto text = [&](const char* key) -> std::string {
        auto it = doc.find(key);
        return it != doc.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    const FactSchema& fs = pack.schema;
    auto allowed = [&](const char* name, const std::string& v) {
        const auto& values = fs.at(fs.find(name)).values;
        return std::find(values.begin(), values.end(), v) != values.end();
    };
    Case& c = a.c;  // a default (verification: unverified) stands unless answered, as in parse_case
    if (allowed("finder", text("finder"))) c.finder = text("finder");
    for (const EnumFact& e : pack.enums) {
        if (allowed(e.id.c_str(), text(e.id.c_str()))) c.values[e.id] = text(e.id.c_str());
        else if (!e.default_value.empty() && !e.from_item) c.values[e.id] = e.default_value;
    }
    if (auto dt = DateTime::parse(text("date"))) {
        c.date = *dt;
        a.has_date = true;
    }
    if (auto d = Date::parse(text("decided"))) c.decided = *d;
    if (pack.authority("town:" + text("town"))) c.town = text("town");
    a.item_answered = doc.contains("item");
    if (const CatalogueItem* item = text("item").empty() ? nullptr : pack.item(text("item"))) {
        c.item = item->id;
        c.dept = item->dept;
        if (const EnumFact* e = pack.item_enum(); e && c.value(e->id).empty() && !item->category.empty()) c.values[e->id] = item->category;
    } else {
        if (pack.authority("dept:" + text("dept"))) c.dept = text("dept");
        if (auto it = doc.find("devolved"); it != doc.end() && it->is_boolean()) c.devolved_override = it->get<bool>();
    }
    if (auto it = doc.find("flags"); it != doc.end() && it->is_object())
        for (const auto& fl : pack.flags)
            if (auto f = it->find(fl.id); f != it->end() && f->is_boolean() && f->get<bool>()) c.flags.insert(fl.id);
    return a;
}

json case_to_json(const Case& c) {
    json j = json::object();
    j["schema"] = "referral-case/1";
    j["date"] = c.date.iso();
    if (c.received) j["received"] = c.received->iso();
    if (c.decided) j["decided"] = c.decided->iso();
    j["finder"] = c.finder;
    j["town"] = c.town;
    j["dept"] = c.dept;
    if (!c.item.empty()) j["item"] = c.item;
    if (c.devolved_override) j["devolved"] = *c.devolved_override;
    for (const auto& [id, v] : c.values)
        if (!v.empty()) j[id] = v;
    json flags = json::object();
    for (const auto& f : c.flags) flags[f] = true;
    j["flags"] = flags;
    return j;
}

}  // namespace referral
