#include "engine/engine.h"

#include "core/json_write.h"
#include "core/limits.h"

#include <charconv>


#include "import/catalogue.h"
#include "import/notice.h"
#include "matter/matter.h"
#include "packet/packet.h"
#include "rules/case.h"
#include "rules/plan.h"

namespace referral {

Result<Engine> Engine::load(const PackFiles& pack_files, const CalendarFiles& calendar_files,
                            std::vector<Error>* errors_out, const LoadOptions& options) {
    std::vector<Error> errors;
    Engine engine;
    auto pack = load_pack(pack_files, &errors, options);
    if (pack.ok()) engine.pack_ = std::move(pack).value();
    for (const auto& [name, text] : calendar_files) {
        if (name.size() < 5 || name.substr(name.size() - 5) != ".json") continue;
        engine.calendar_.add_year_json(text, "calendars/" + name, errors);
    }
    if (engine.calendar_.years().empty() && errors.empty())
        errors.push_back(make_error(ErrorCode::kIoError, "", "没有任何年度节假日数据 / no calendar years"));
    if (errors_out) *errors_out = errors;
    if (!errors.empty()) return errors.front();
    return engine;
}

bool Engine::no_office_data(const json& office) {
    return office.is_object() && !office.contains("catalogue") &&
           (!office.contains("calendars") || (office["calendars"].is_array() && office["calendars"].empty()));
}

Result<Engine> Engine::load_with_office_data(PackFiles pack_files, CalendarFiles calendar_files, const json& office,
                                             std::vector<Error>* errors_out, const LoadOptions& options) {
    std::vector<Error> errors;
    std::vector<int> office_years;
    if (!office.is_object()) {
        errors.push_back(make_error(ErrorCode::kWrongType, "", "应为对象 / must be an object"));
    } else {
        if (office.contains("catalogue")) {
            if (office["catalogue"].is_object()) pack_files["catalogue.json"] = office["catalogue"].dump();
            else errors.push_back(make_error(ErrorCode::kWrongType, "/catalogue", "目录应为对象 / the catalogue must be an object"));
        }
        if (office.contains("calendars") && !office["calendars"].is_array())
            errors.push_back(make_error(ErrorCode::kWrongType, "/calendars", "应为数组 / must be an array"));
        else if (office.contains("calendars"))
            for (size_t i = 0; i < office["calendars"].size(); ++i) {
                const json& year = office["calendars"][i];
                const std::string at = "/calendars/" + std::to_string(i);
                if (!year.is_object() || !year.contains("year") || !year["year"].is_number_integer())
                    errors.push_back(make_error(ErrorCode::kWrongType, at + "/year", "应为年份（整数） / must be a year (an integer)"));
                else {
                    calendar_files[std::to_string(year["year"].get<int>()) + ".json"] = year.dump();
                    office_years.push_back(year["year"].get<int>());
                }
            }
    }
    if (!errors.empty()) {
        if (errors_out) *errors_out = errors;
        return errors.front();
    }
    auto engine = load(pack_files, calendar_files, errors_out, options);
    if (engine.ok())
        for (int y : office_years) engine.value().calendar_.mark_office_year(y);
    return engine;
}

Result<Engine> Engine::load_pack_file(const std::string& text, CalendarFiles calendar_files, const json& office,
                                      std::vector<Error>* errors_out) {
    std::vector<Error> errors;
    auto files = read_pack_file(text, &errors);
    if (!files.ok()) {
        if (errors_out) *errors_out = errors;
        return errors.front();
    }
    return load_with_office_data(std::move(files).value(), std::move(calendar_files), office, errors_out);
}

Date Engine::today(std::optional<Date> given) { return given ? *given : today_in_china(); }

namespace {
std::string plan_envelope(const Pack& pack, const WorkCalendar& calendar, const json& case_doc, Date today) {
    std::vector<Error> errors;
    auto m = parse_matter(case_doc, pack, &errors);
    if (!m.ok()) return error_envelope(errors).dump();
    const Plan p = assess(pack, calendar, m.value(), today);
    std::string out = "{\"ok\":true,\"plan\":";
    out.reserve(8192);
    write_plan(out, pack, m.value().facts, p);
    out += '}';
    return out;
}
}  // namespace

std::string Engine::plan_text(std::string_view case_text, std::optional<Date> today) const {
    auto doc = parse_json(case_text, "", limits::kCaseBytes);
    if (!doc.ok()) return error_envelope({doc.error()}).dump();
    return plan_envelope(pack_, calendar_, doc.value(), Engine::today(today));
}

Plan Engine::assess(const Matter& matter, std::optional<Date> today) const {
    return referral::assess(pack_, calendar_, matter, Engine::today(today));
}

json Engine::packet(const json& input_doc, std::optional<Date> today) const {
    return packet_envelope(pack_, calendar_, input_doc, Engine::today(today));
}

json Engine::packet_files(const json& input_doc, std::optional<Date> today) const {
    json reply = packet_envelope(pack_, calendar_, input_doc, Engine::today(today));
    if (reply["ok"] != true) return reply;
    auto files = referral::packet_files(pack_, reply["packet"]);
    if (!files.ok()) return error_envelope({files.error()});
    reply["files"] = packet_files_json(files.value());
    return reply;
}

json Engine::verify_packet(std::string_view packet_json) const { return verify_packet_envelope(pack_, packet_json); }

json Engine::plan(const json& case_doc, std::optional<Date> today) const {
    return json::parse(plan_envelope(pack_, calendar_, case_doc, Engine::today(today)), nullptr, /*allow_exceptions=*/false);
}

json Engine::pack_summary() const {
    const PackMeta& m = pack_.meta;
    return {{"id", m.id},         {"version", m.version}, {"title", m.title},
            {"number", m.number}, {"issuer", m.issuer},   {"issued", m.issued}, {"effective_from", m.effective_from}};
}

json Engine::describe_pack() const {
    json out = {{"ok", true}};
    out["pack"] = pack_summary();
    json authorities = json::array();
    for (const auto& a : pack_.authorities) authorities.push_back({{"id", a.id}, {"name", a.name}, {"kind", a.kind}});
    out["authorities"] = authorities;
    json items = json::array();
    for (const auto& i : pack_.catalogue) {
        json j = {{"id", i.id}, {"name", i.name}, {"dept", i.dept}, {"category", i.category}, {"statute", i.statute},
                  {"devolved", i.devolved}, {"keywords", i.keywords}};
        j["devolved_from"] = i.devolved_from ? json(i.devolved_from->iso()) : json(nullptr);
        if (i.revoked_from) j["revoked_from"] = i.revoked_from->iso();  // 收回: the picker must not call it 已赋权镇
        j["licensed_by"] = i.licensed_by.empty() ? json(nullptr) : json(i.licensed_by);
        items.push_back(std::move(j));
    }
    const CatalogueInfo& info = pack_.catalogue_info;
    out["catalogue"] = {{"sample", pack_.catalogue_is_sample}, {"notice", pack_.catalogue_notice}, {"items", items},
                        {"title", info.title}, {"version", info.version}, {"date", info.date}, {"sha256", info.sha256},
                        {"source", {{"file", info.source_file}, {"sha256", info.source_sha256}, {"imported", info.imported}}}};
    json actions = json::array();
    for (const auto& a : pack_.actions)
        actions.push_back({{"id", a.id}, {"label", a.label}, {"phase", a.phase}, {"power", a.power.empty() ? json(nullptr) : json(a.power)},
                           {"acknowledges", a.acknowledges}, {"column", a.column.empty() ? json(nullptr) : json(a.column)}});
    out["actions"] = actions;
    json readings = json::array();
    for (const auto& r : pack_.readings)
        readings.push_back({{"id", r.id}, {"clause", r.clause}, {"quote", r.quote}, {"reading", r.reading}});
    out["readings"] = readings;
    json documents = json::array();
    for (const auto& d : pack_.documents) {
        json details = json::array();
        for (const auto& f : d.details)
            details.push_back({{"id", f.id}, {"label", f.label}, {"hint", f.hint}, {"required", f.required}, {"clause", f.clause}, {"from", f.from}});
        documents.push_back({{"id", d.id}, {"label", d.label}, {"details", std::move(details)}});
    }
    out["documents"] = documents;
    json flags = json::array(), enums = json::array();
    for (const auto& f : pack_.flags) flags.push_back(f.id);
    for (const auto& e : pack_.enums) {
        json values = json::array();
        for (size_t i = 0; i < e.values.size(); ++i) values.push_back({{"id", e.values[i]}, {"label", e.labels[i]}});
        enums.push_back({{"id", e.id}, {"label", e.label}, {"values", std::move(values)}, {"from_item", e.from_item},
                         {"default", e.default_value.empty() ? json(nullptr) : json(e.default_value)}});
    }
    json flag_labels = json::object();
    for (const auto& f : pack_.flags) flag_labels[f.id] = f.label;
    json events = json::array();
    for (const auto& e : pack_.events) events.push_back({{"id", e.id}, {"label", e.label}, {"fact", e.fact.empty() ? json(nullptr) : json(e.fact)}});
    out["flags"] = flags;  // the pack's yes/no facts, in order
    json fields = json::array(), sections = json::array();
    for (const auto& f : pack_.fields)
        fields.push_back({{"id", f.id}, {"label", f.label}, {"hint", f.hint}, {"section", f.section}, {"min", f.min}, {"en", f.en}});
    for (const auto& sec : pack_.field_sections) sections.push_back({{"id", sec.id}, {"title", sec.title}, {"en", sec.en}});
    out["vocabulary"] = {{"enums", std::move(enums)}, {"flags", std::move(flag_labels)}, {"events", std::move(events)},
                         {"fields", std::move(fields)}, {"sections", std::move(sections)}, {"received_case", pack_.received_case},
                         {"receipt_event", pack_.time.receipt_event.empty() ? json(nullptr) : json(pack_.time.receipt_event)}};
    json facts = json::array();
    for (const auto& f : pack_.schema.defs()) {
        static const char* kKinds[] = {"bool", "enum", "text", "number"};
        json j = {{"name", f.name}, {"kind", kKinds[static_cast<int>(f.kind)]}};
        if (!f.values.empty()) j["values"] = f.values;
        facts.push_back(std::move(j));
    }
    out["facts"] = facts;
    out["calendar"] = {{"first_year", calendar_.first_year()}, {"last_year", calendar_.last_year()}};
    if (!pack_.questions_json.empty()) {
        auto q = parse_json(pack_.questions_json, "questions.json");
        out["questions"] = q.ok() ? q.value() : json(nullptr);
    }
    return out;
}

json Engine::workdays(std::string_view start, int count) const {
    auto d = Date::parse(start);
    if (!d) {
        auto dt = DateTime::parse(start);
        if (dt) d = dt->date;
    }
    if (!d)
        return error_envelope({make_error(ErrorCode::kInvalidDate, "/start", "“" + std::string(start) + "”不是有效日期（YYYY-MM-DD）")});
    if (count < 0 || count > 3660)
        return error_envelope({make_error(ErrorCode::kInvalidValue, "/count", "工作日数应在 0 至 3660 之间")});
    auto r = calendar_.add_working_days(*d, count, /*trace=*/true);
    json counted = json::array();
    for (Date day : r.counted) counted.push_back(day.iso());
    json skipped = json::array();
    for (Date day = *d + 1; day <= r.due; day = day + 1) {
        if (calendar_.is_working_day(day)) continue;
        json s = {{"date", day.iso()}, {"weekday", weekday_zh(day.weekday())}};
        const std::string name = calendar_.day_name(day);
        if (!name.empty()) s["name"] = name;
        skipped.push_back(std::move(s));
    }
    return {{"ok", true}, {"start", d->iso()}, {"count", count}, {"due", r.due.iso()},
            {"weekday", weekday_zh(r.due.weekday())}, {"calendar_covered", r.covered},
            {"counted", counted}, {"skipped", skipped}};
}

json Engine::relevant_questions(const json& partial_case, std::optional<Date> today) const {
    json out = {{"ok", true}, {"relevant", json::array()}};
    if (pack_.questions.empty()) return out;

    // Facts from whatever is answered, derived as planning derives them; a malformed member is left
    // unset (the planner reports it).
    CaseAnswers answers = read_answers(partial_case, pack_);
    if (!answers.c.decided && answers.has_date) answers.c.decided = std::max(Engine::today(today), answers.c.date.date);
    const Facts f = derive_facts(pack_, answers);

    // The conditions were compiled and type-checked when the pack loaded (pack.cpp, load_questions).
    for (const Question& q : pack_.questions)
        if (!q.relevant || q.relevant->evaluate(f)) out["relevant"].push_back(q.id);
    return out;
}

json Engine::import_catalogue(const json& input) const {
    auto refuse = [](const char* path, std::string message) {
        return error_envelope({make_error(ErrorCode::kInvalidValue, path, std::move(message))});
    };
    if (!input.is_object()) return refuse("", "应为对象 {rows | csv, file, …} / must be an object");
    std::vector<std::vector<std::string>> rows;
    if (input.contains("csv")) {
        if (!input["csv"].is_string()) return refuse("/csv", "csv 应为文本 / must be a string");
        rows = parse_csv(input["csv"].get<std::string>());
    } else if (input.contains("rows") && input["rows"].is_array()) {
        for (size_t r = 0; r < input["rows"].size(); ++r) {
            const json& row = input["rows"][r];
            if (!row.is_array()) return refuse("/rows", "第" + std::to_string(r + 1) + "行应为单元格数组 / each row must be an array");
            std::vector<std::string> cells;
            for (const json& c : row) {
                if (c.is_string()) cells.push_back(c.get<std::string>());
                else if (c.is_number_integer()) cells.push_back(std::to_string(c.get<long long>()));
                else if (c.is_number()) cells.push_back(c.dump());
                else if (c.is_boolean()) cells.push_back(c.get<bool>() ? "是" : "否");
                else cells.emplace_back();
            }
            rows.push_back(std::move(cells));
        }
    } else {
        return refuse("/rows", "缺少 rows（单元格）或 csv（文本） / rows or csv required");
    }
    auto text = [&](const char* key) { return input.contains(key) && input[key].is_string() ? input[key].get<std::string>() : std::string(); };
    std::map<int, std::string> chosen;
    if (input.contains("categories") && input["categories"].is_object())
        for (const auto& [row, category] : input["categories"].items()) {
            int n = 0;
            const auto [end, ec] = std::from_chars(row.data(), row.data() + row.size(), n);
            if (ec == std::errc() && end == row.data() + row.size() && category.is_string()) chosen[n] = category.get<std::string>();
        }
    const std::string file = text("file");
    const std::string title = text("title").empty() ? file : text("title");
    CatalogueImport r = referral::import_catalogue(rows, pack_, title, chosen, CatalogueSource{file, text("sha256"), text("imported")});
    if (!r.ok) {
        json list = row_errors_json(r.errors);
        for (auto& e : list) e["path"] = "/rows/" + std::to_string(e["row"].get<int>());
        return {{"ok", false}, {"error", list.front()}, {"errors", list}};
    }
    return {{"ok", true},
            {"catalogue", r.catalogue},
            {"items", r.items},
            {"devolved", r.devolved},
            {"revoked", r.revoked},
            {"inferred_categories", r.inferred},
            {"mapping", r.mapping},
            {"ignored_columns", r.ignored_columns}};
}

json Engine::calendar_from_notice(std::string_view text, const std::string& file) {
    NoticeResult r = calendar_from_notices({NoticeInput{std::string(text), file}});
    if (!r.ok) return error_envelope(r.errors);
    return {{"ok", true}, {"calendar", r.calendar}};
}

}  // namespace referral
