#include "rules/case.h"

#include <algorithm>

namespace referral {

bool Case::flag(const std::string& name) const {
    const auto& names = case_flag_names();
    auto it = std::find(names.begin(), names.end(), name);
    return it != names.end() && flags.test(static_cast<size_t>(it - names.begin()));
}

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
    r.reject_unknown(doc, "", {"schema", "date", "received", "finder", "town", "dept", "item", "devolved", "source",
                               "category", "verification", "pre_devolution_status", "flags", "note", "decided"});
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
    c.source = r.one_of(doc, "", "source", true, values("source")).value_or("");
    c.verification = r.one_of(doc, "", "verification", false, values("verification")).value_or("unverified");
    c.pre_devolution_status = r.one_of(doc, "", "pre_devolution_status", false, values("pre_devolution_status")).value_or("");

    if (auto town = r.string(doc, "", "town", true)) {
        const Authority* a = pack.authority("town:" + *town);
        if (!a) {
            std::vector<std::string> towns;
            for (const auto& au : pack.authorities)
                if (au.kind == "town") towns.push_back(au.short_id);
            r.fail(ErrorCode::kUnknownReference, "/town", "未知的镇“" + *town + "”，可选：" + join(towns));
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

    auto category = r.one_of(doc, "", "category", item == nullptr, values("category"));
    if (category) c.category = *category;
    else if (item) c.category = item->category;

    c.devolved_override = r.boolean(doc, "", "devolved", false);
    if (!c.devolved_override && !item && !doc.contains("item"))
        r.fail(ErrorCode::kMissingField, "/devolved",
               "未选择目录事项时，须说明该事项的行政处罚权是否已下放给镇（devolved） / give `devolved` or an `item`");

    if (c.source == "pre_devolution" && c.pre_devolution_status.empty() && !doc.contains("pre_devolution_status"))
        r.fail(ErrorCode::kMissingField, "/pre_devolution_status", "下放前案件须说明已结案（closed）还是已立案未结案（open）");

    if (c.received && c.received->epoch_seconds() < c.date.epoch_seconds())
        r.fail(ErrorCode::kInvalidDate, "/received", "接收时间早于发现时间");
    if (c.decided && *c.decided < c.date.date)
        r.fail(ErrorCode::kInvalidDate, "/decided", "作出决定的日期早于发现时间");

    if (const json* flags = r.member(doc, "", "flags", false); flags && r.expect_object(*flags, "/flags")) {
        const auto& names = case_flag_names();
        for (auto it = flags->begin(); it != flags->end(); ++it) {
            const std::string p = pointer_append("/flags", it.key());
            auto n = std::find(names.begin(), names.end(), it.key());
            if (n == names.end()) {
                r.fail(ErrorCode::kUnknownValue, p, "未知的情形标记“" + it.key() + "”，可用：" + join(names));
            } else if (!it->is_boolean()) {
                r.fail(ErrorCode::kWrongType, p, "情形标记应为 true 或 false");
            } else {
                c.flags.set(static_cast<size_t>(n - names.begin()), it->get<bool>());
            }
        }
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
    Case& c = a.c;  // verification stays "unverified" unless answered, as in parse_case
    for (auto [key, field] : {std::pair<const char*, std::string*>{"finder", &c.finder}, {"source", &c.source},
                              {"category", &c.category}, {"verification", &c.verification},
                              {"pre_devolution_status", &c.pre_devolution_status}})
        if (allowed(key, text(key))) *field = text(key);
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
        if (c.category.empty()) c.category = item->category;
    } else {
        if (pack.authority("dept:" + text("dept"))) c.dept = text("dept");
        if (auto it = doc.find("devolved"); it != doc.end() && it->is_boolean()) c.devolved_override = it->get<bool>();
    }
    if (auto it = doc.find("flags"); it != doc.end() && it->is_object()) {
        const auto& names = case_flag_names();
        for (size_t i = 0; i < names.size(); ++i)
            if (auto f = it->find(names[i]); f != it->end() && f->is_boolean()) c.flags.set(i, f->get<bool>());
    }
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
    j["source"] = c.source;
    j["category"] = c.category;
    j["verification"] = c.verification;
    if (!c.pre_devolution_status.empty()) j["pre_devolution_status"] = c.pre_devolution_status;
    json flags = json::object();
    const auto& names = case_flag_names();
    for (size_t i = 0; i < names.size(); ++i)
        if (c.flags.test(i)) flags[names[i]] = true;
    j["flags"] = flags;
    return j;
}

}  // namespace referral
