#include "rules/pack.h"

#include <algorithm>
#include <set>

#include "core/json_read.h"
#include "core/limits.h"

#include <kainjow/mustache.hpp>

namespace referral {

const std::vector<std::string>& known_actions() {
    static const std::vector<std::string> kActions = {
        "order_correction", "order_stop", "supervise", "appraise", "determine", "preserve_evidence", "notify",
        "transfer", "acknowledge", "file_case", "decide_penalty", "report_result", "copy_for_record",
        "copy_approval", "request_cooperation", "reply_cooperation", "send_staff", "seek_consent",
        "file_with_justice_bureau", "report_to_government", "transfer_to_police", "request_police", "enforce",
        "apply_court_enforcement", "reply_complainant", "refer_complainant", "archive", "joint_handling",
        "coordinate", "propose_resolution", "decide"};
    return kActions;
}

const std::vector<std::string>& known_warnings() {
    static const std::vector<std::string> kWarnings = {
        "calendar_not_covered",     // a due date lies past the years the calendar data covers
        "pack_not_in_force",        // the matter is dated before the pack took effect (or after it ended)
        "ambiguous_clause",         // a rule applied follows one reading of an ambiguous sentence
        "presumes_devolved_power",  // a clause presumes the town holds a power the item says it does not
        "not_yet_devolved",         // the item's power was devolved only after the matter's date
        "rule_conflict",            // two rules name different handlers for the same facts
        "no_handler",               // no rule names a handler for these facts
        "re_transfer_forbidden",    // the plan would send a received matter on again (二(四)1¶3)
        "no_fine_for_crime",        // suspected crime: no fine in place of criminal punishment
        "handler_pending_decision", // jurisdiction awaits the city government's decision
        "consent_required",         // a step may only proceed after the other side consents
    };
    return kWarnings;
}

const std::vector<std::string>& case_flag_names() {
    static const std::vector<std::string> kFlags = {
        "needs_appraisal", "simple_onsite", "licence_devolved", "licence_abandoned", "urgent", "ongoing",
        "evidence_at_risk", "suspected_crime", "violent_obstruction", "non_performance", "major_difficult",
        "major_hazard", "receiver_disputes_jurisdiction", "jurisdiction_dispute", "extension_requested"};
    return kFlags;
}

const std::vector<std::string>& document_field_names() {
    static const std::vector<std::string> kFields = {
        "sender", "receiver", "document_number", "sent_on", "summary.party", "summary.facts", "summary.time",
        "summary.place", "summary.measures", "parties", "contact.unit", "contact.person", "contact.phone",
        "approval.leader", "approval.date"};
    return kFields;
}

FactSchema case_fact_schema() {
    FactSchema s;
    s.add({"finder", FactKind::kEnum, {"town", "dept"}});
    s.add({"source", FactKind::kEnum, {"patrol", "complaint", "supervision", "transfer_in", "pre_devolution"}});
    s.add({"category", FactKind::kEnum,
           {"licensed_violation", "unlicensed", "prohibited", "liability_without_licence", "overdue_obligation",
            "qualification"}});
    s.add({"verification", FactKind::kEnum, {"unverified", "no_violation", "violation", "management_issue"}});
    s.add({"pre_devolution_status", FactKind::kEnum, {"open", "closed"}});
    s.add({"devolved", FactKind::kBool, {}});
    s.add({"licensed_by_approval", FactKind::kBool, {}});  // the item's licence is granted by 行政审批局
    s.add({"has_item", FactKind::kBool, {}});
    s.add({"town", FactKind::kText, {}});
    s.add({"dept", FactKind::kText, {}});
    s.add({"item", FactKind::kText, {}});
    // Known only after the handler is chosen: usable by rules that do not themselves name a handler.
    s.add({"handler_side", FactKind::kEnum, {"town", "dept", "none", "other"}});
    for (const auto& f : case_flag_names()) s.add({f, FactKind::kBool, {}});
    return s;
}

const Authority* Pack::authority(const std::string& id) const {
    for (const auto& a : authorities)
        if (a.id == id) return &a;
    return nullptr;
}

const CatalogueItem* Pack::item(const std::string& id) const {
    for (const auto& i : catalogue)
        if (i.id == id) return &i;
    return nullptr;
}

const ActionInfo* Pack::action(const std::string& id) const {
    for (const auto& a : actions)
        if (a.id == id) return &a;
    return nullptr;
}

const Reading* Pack::reading(const std::string& id) const {
    for (const auto& r : readings)
        if (r.id == id) return &r;
    return nullptr;
}

const DocumentKind* Pack::document(const std::string& id) const {
    for (const auto& d : documents)
        if (d.id == id) return &d;
    return nullptr;
}

namespace {

// Roles a step or handler may name besides a literal authority id.
const std::vector<std::string>& roles() {
    static const std::vector<std::string> kRoles = {"town", "dept", "finder", "other", "handler", "licensor"};
    return kRoles;
}

bool is_role(const std::string& s) {
    const auto& r = roles();
    return std::find(r.begin(), r.end(), s) != r.end();
}

// [a-z_][a-z0-9_]*: names a condition can read.
bool identifier(const std::string& s) {
    if (s.empty() || (s[0] >= '0' && s[0] <= '9')) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) return false;
    return true;
}

struct Loader {
    const PackFiles& files;
    std::vector<Error>& errors;
    Pack pack;

    const json* open(const std::string& name, const std::string& schema, Reader& r, json& holder) {
        auto it = files.find(name);
        if (it == files.end()) {
            r.fail(ErrorCode::kIoError, "", "规则包缺少文件 " + name + " / missing file");
            return nullptr;
        }
        auto parsed = parse_json(it->second, name, limits::kPackFileBytes);
        if (!parsed.ok()) {
            errors.push_back(parsed.error());
            return nullptr;
        }
        holder = std::move(parsed).value();
        if (!r.expect_object(holder, "")) return nullptr;
        auto s = r.string(holder, "", "schema", true);
        if (s && *s != schema) {
            r.fail(ErrorCode::kSchemaMismatch, "/schema", "应为 " + schema + "，实为“" + *s + "”");
            return nullptr;
        }
        return &holder;
    }

    std::optional<Date> date_field(Reader& r, const json& obj, const std::string& path, const char* key, bool required) {
        const json* v = r.member(obj, path, key, required);
        if (!v || v->is_null()) return std::nullopt;
        auto d = v->is_string() ? Date::parse(v->get<std::string>()) : std::nullopt;
        if (!d) r.fail(ErrorCode::kInvalidDate, pointer_append(path, key), "应为 YYYY-MM-DD 格式的有效日期");
        return d;
    }

    void load_meta() {
        Reader r(errors, "pack.json");
        json doc;
        if (!open("pack.json", "referral-pack/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "id", "version", "title", "number", "issuer", "issued", "effective_from",
                                   "effective_to", "document", "url", "note"});
        PackMeta& m = pack.meta;
        m.id = r.string(doc, "", "id", true).value_or("");
        m.version = r.string(doc, "", "version", true).value_or("");
        m.title = r.string(doc, "", "title", true).value_or("");
        m.number = r.string(doc, "", "number", true).value_or("");
        m.issuer = r.string(doc, "", "issuer", true).value_or("");
        if (auto d = date_field(r, doc, "", "issued", true)) m.issued = d->iso();
        pack.effective_from = date_field(r, doc, "", "effective_from", true);
        pack.effective_to = date_field(r, doc, "", "effective_to", false);
        if (pack.effective_from) m.effective_from = pack.effective_from->iso();
        if (pack.effective_to) m.effective_to = pack.effective_to->iso();
        m.document_file = r.string(doc, "", "document", true).value_or("");
        m.url = r.string(doc, "", "url", false).value_or("");
        if (!m.document_file.empty()) {
            auto it = files.find(m.document_file);
            if (it == files.end())
                r.fail(ErrorCode::kIoError, "/document", "找不到文件文本 " + m.document_file);
            else
                pack.document_text = it->second;
        }
    }

    void load_authorities() {
        Reader r(errors, "authorities.json");
        json doc;
        if (!open("authorities.json", "referral-authorities/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "authorities", "note"});
        const json* list = r.member(doc, "", "authorities", true);
        if (!list || !r.expect_array(*list, "/authorities")) return;
        static const std::vector<std::string> kKinds = {"town", "dept", "police", "court", "government", "office"};
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/authorities", i);
            const json& a = (*list)[i];
            if (!r.expect_object(a, p)) continue;
            r.reject_unknown(a, p, {"id", "name", "kind", "note"});
            Authority au;
            au.id = r.string(a, p, "id", true).value_or("");
            au.name = r.string(a, p, "name", true).value_or("");
            au.kind = r.one_of(a, p, "kind", true, kKinds).value_or("");
            const auto colon = au.id.find(':');
            au.short_id = colon == std::string::npos ? au.id : au.id.substr(colon + 1);
            if ((au.kind == "town" || au.kind == "dept") && au.id.rfind(au.kind + ":", 0) != 0)
                r.fail(ErrorCode::kInvalidValue, p + "/id", "类型为 " + au.kind + " 的机关，id 须以“" + au.kind + ":”开头");
            if (!seen.insert(au.id).second) r.fail(ErrorCode::kDuplicateId, p + "/id", "机关 id “" + au.id + "”重复");
            pack.authorities.push_back(std::move(au));
        }
    }

    void load_catalogue() {
        Reader r(errors, "catalogue.json");
        json doc;
        if (!open("catalogue.json", "referral-catalogue/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "sample", "notice", "devolution_basis", "items"});
        pack.catalogue_is_sample = r.boolean(doc, "", "sample", true).value_or(true);
        pack.catalogue_notice = r.string(doc, "", "notice", false).value_or("");
        const json* list = r.member(doc, "", "items", true);
        if (!list || !r.expect_array(*list, "/items")) return;
        const std::vector<std::string> categories = pack.schema.at(pack.schema.find("category")).values;
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/items", i);
            const json& it = (*list)[i];
            if (!r.expect_object(it, p)) continue;
            r.reject_unknown(it, p, {"id", "name", "dept", "category", "statute", "devolved", "devolved_from",
                                     "licensed_by", "keywords", "note"});
            CatalogueItem item;
            item.id = r.string(it, p, "id", true).value_or("");
            item.name = r.string(it, p, "name", true).value_or("");
            item.dept = r.string(it, p, "dept", true).value_or("");
            if (!item.dept.empty() && !pack.authority("dept:" + item.dept))
                r.fail(ErrorCode::kUnknownReference, p + "/dept", "未知部门“" + item.dept + "”");
            item.category = r.one_of(it, p, "category", true, categories).value_or("");
            item.statute = r.string(it, p, "statute", true).value_or("");
            item.devolved = r.boolean(it, p, "devolved", true).value_or(false);
            item.devolved_from = date_field(r, it, p, "devolved_from", false);
            if (item.devolved && !item.devolved_from)
                r.fail(ErrorCode::kMissingField, p + "/devolved_from", "已下放的事项须注明下放日期");
            if (const json* lb = r.member(it, p, "licensed_by", false); lb && lb->is_string()) {
                item.licensed_by = lb->get<std::string>();
                if (!pack.authority("dept:" + item.licensed_by))
                    r.fail(ErrorCode::kUnknownReference, p + "/licensed_by", "未知许可部门“" + item.licensed_by + "”");
            }
            if (const json* kw = r.member(it, p, "keywords", false); kw && r.expect_array(*kw, p + "/keywords"))
                for (const auto& k : *kw)
                    if (k.is_string()) item.keywords.push_back(k.get<std::string>());
            if (!seen.insert(item.id).second) r.fail(ErrorCode::kDuplicateId, p + "/id", "事项 id “" + item.id + "”重复");
            pack.catalogue.push_back(std::move(item));
        }
    }

    std::optional<Condition> condition(Reader& r, const json& obj, const std::string& path, const char* key, bool required) {
        auto src = r.string(obj, path, key, required);
        if (!src) return std::nullopt;
        auto c = Condition::compile(*src, pack.schema);
        if (!c.ok()) {
            // The condition is quoted for the pack's author, shortened (at a character boundary) when long.
            std::string quoted = *src;
            if (quoted.size() > 200) {
                size_t cut = 200;
                while (cut > 0 && (static_cast<unsigned char>(quoted[cut]) & 0xC0) == 0x80) --cut;
                quoted = quoted.substr(0, cut) + "…";
            }
            r.fail(c.error().code, pointer_append(path, key), c.error().message + "：" + quoted);
            return std::nullopt;
        }
        return std::move(c).value();
    }

    void check_party(Reader& r, const std::string& value, const std::string& path) {
        if (value.empty() || is_role(value) || pack.authority(value)) return;
        r.fail(ErrorCode::kUnknownReference, path,
               "“" + value + "”既不是角色（" + join(roles()) + "）也不是已登记的机关 id");
    }

    void check_quote(Reader& r, const std::string& quote, const std::string& path) {
        if (quote.empty()) {
            r.fail(ErrorCode::kInvalidValue, path, "引文不能为空");
        } else if (pack.document_text.find(quote) == std::string::npos) {
            r.fail(ErrorCode::kQuoteNotFound, path, "引文未在文件文本中逐字找到：“" + quote + "”");
        }
    }

    std::vector<std::string> quotes(Reader& r, const json& obj, const std::string& path) {
        std::vector<std::string> out;
        const json* q = r.member(obj, path, "quote", true);
        if (!q) return out;
        const std::string qp = path + "/quote";
        if (q->is_string()) {
            out.push_back(q->get<std::string>());
            check_quote(r, out.back(), qp);
        } else if (q->is_array()) {
            for (size_t i = 0; i < q->size(); ++i) {
                if (!(*q)[i].is_string()) {
                    r.fail(ErrorCode::kWrongType, pointer_append(qp, i), "引文应为字符串");
                    continue;
                }
                out.push_back((*q)[i].get<std::string>());
                check_quote(r, out.back(), pointer_append(qp, i));
            }
            if (q->empty()) r.fail(ErrorCode::kInvalidValue, qp, "每条规则至少引用一句原文");
        } else {
            r.fail(ErrorCode::kWrongType, qp, "引文应为字符串或字符串数组");
        }
        return out;
    }

    DueSpec due(Reader& r, const json& d, const std::string& p) {
        static const std::vector<std::string> kRules = {"working_days", "hours", "immediately", "promptly", "none"};
        DueSpec spec;
        if (!r.expect_object(d, p)) return spec;
        r.reject_unknown(d, p, {"when", "rule", "count", "from", "clause", "quote", "basis"});
        spec.when = condition(r, d, p, "when", false);
        spec.rule = r.one_of(d, p, "rule", true, kRules).value_or("none");
        const bool counted = spec.rule == "working_days" || spec.rule == "hours";
        if (auto c = r.integer(d, p, "count", counted)) {
            spec.count = *c;
            if (*c <= 0 || *c > limits::kMaxDueCount)
                r.fail(ErrorCode::kInvalidValue, p + "/count",
                       "期限数应为 1–" + std::to_string(limits::kMaxDueCount) + " 之间的整数 / count out of range");
        }
        spec.from = r.string(d, p, "from", counted).value_or("");
        spec.clause = r.string(d, p, "clause", false).value_or("");
        if (auto q = r.string(d, p, "quote", false)) {
            spec.quote = *q;
            check_quote(r, spec.quote, p + "/quote");
        }
        spec.basis = r.string(d, p, "basis", false).value_or("");
        return spec;
    }

    void load_rules() {
        Reader r(errors, "rules.json");
        json doc;
        if (!open("rules.json", "referral-rules/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "roles", "actions", "documents", "anchors", "definitions", "readings", "rules"});
        const int handler_side = pack.schema.find("handler_side");
        auto reads_handler_side = [&](const Condition& c) {
            return std::find(c.reads().begin(), c.reads().end(), handler_side) != c.reads().end();
        };
        if (const json* defs = r.member(doc, "", "definitions", false); defs && r.expect_array(*defs, "/definitions")) {
            for (size_t i = 0; i < defs->size(); ++i) {
                const std::string p = pointer_append("/definitions", i);
                const json& d = (*defs)[i];
                if (!r.expect_object(d, p)) continue;
                r.reject_unknown(d, p, {"name", "when", "note"});
                Definition def;
                def.name = r.string(d, p, "name", true).value_or("");
                def.note = r.string(d, p, "note", false).value_or("");
                auto cond = condition(r, d, p, "when", true);
                if (r.member(d, p, "name", false) && !identifier(def.name)) {
                    r.fail(ErrorCode::kInvalidValue, p + "/name",
                           "定义名须为小写字母、数字与下划线组成的标识符 / a definition name must be an identifier");
                    continue;
                }
                if (def.name.empty() || !cond) continue;
                if (pack.schema.find(def.name) >= 0) {
                    r.fail(ErrorCode::kDuplicateId, p + "/name", "“" + def.name + "”与已有事实重名");
                    continue;
                }
                if (reads_handler_side(*cond))
                    r.fail(ErrorCode::kInvalidValue, p + "/when", "定义不能读取 handler_side（处罚机关确定之后才知道）");
                def.when = std::move(*cond);
                def.fact = pack.schema.add({def.name, FactKind::kBool, {}});
                pack.definitions.push_back(std::move(def));
            }
        }

        if (const json* roles_obj = r.member(doc, "", "roles", true); roles_obj && r.expect_object(*roles_obj, "/roles")) {
            for (auto it = roles_obj->begin(); it != roles_obj->end(); ++it) {
                if (!is_role(it.key()))
                    r.fail(ErrorCode::kUnknownValue, pointer_append("/roles", it.key()), "未知角色“" + it.key() + "”");
                if (it->is_string()) pack.role_labels[it.key()] = it->get<std::string>();
            }
        }
        if (const json* acts = r.member(doc, "", "actions", true); acts && r.expect_array(*acts, "/actions")) {
            for (size_t i = 0; i < acts->size(); ++i) {
                const std::string p = pointer_append("/actions", i);
                const json& a = (*acts)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "label", "phase"});
                ActionInfo info;
                info.id = r.one_of(a, p, "id", true, known_actions()).value_or("");
                info.label = r.string(a, p, "label", true).value_or("");
                info.phase = r.integer(a, p, "phase", true).value_or(50);
                pack.actions.push_back(std::move(info));
            }
            for (const auto& name : known_actions())
                if (!pack.action(name))
                    r.fail(ErrorCode::kMissingField, "/actions", "未给出动作“" + name + "”的中文名称与顺序");
        }
        if (const json* docs = r.member(doc, "", "documents", true); docs && r.expect_array(*docs, "/documents")) {
            for (size_t i = 0; i < docs->size(); ++i) {
                const std::string p = pointer_append("/documents", i);
                const json& a = (*docs)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "label"});
                DocumentKind k;
                k.id = r.string(a, p, "id", true).value_or("");
                k.label = r.string(a, p, "label", true).value_or("");
                if (pack.document(k.id)) r.fail(ErrorCode::kDuplicateId, p + "/id", "文书 id “" + k.id + "”重复");
                pack.documents.push_back(std::move(k));
            }
        }
        if (const json* anchors = r.member(doc, "", "anchors", false); anchors && r.expect_array(*anchors, "/anchors")) {
            for (size_t i = 0; i < anchors->size(); ++i) {
                const std::string p = pointer_append("/anchors", i);
                const json& a = (*anchors)[i];
                if (!r.expect_object(a, p)) continue;
                Anchor an;
                an.id = r.string(a, p, "id", true).value_or("");
                an.label = r.string(a, p, "label", true).value_or("");
                pack.anchors.push_back(std::move(an));
            }
        }
        if (const json* rds = r.member(doc, "", "readings", false); rds && r.expect_array(*rds, "/readings")) {
            for (size_t i = 0; i < rds->size(); ++i) {
                const std::string p = pointer_append("/readings", i);
                const json& a = (*rds)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "clause", "quote", "reading"});
                Reading rd;
                rd.id = r.string(a, p, "id", true).value_or("");
                rd.clause = r.string(a, p, "clause", true).value_or("");
                rd.quote = r.string(a, p, "quote", true).value_or("");
                check_quote(r, rd.quote, p + "/quote");
                rd.reading = r.string(a, p, "reading", true).value_or("");
                pack.readings.push_back(std::move(rd));
            }
        }

        const json* list = r.member(doc, "", "rules", true);
        if (!list || !r.expect_array(*list, "/rules")) return;
        std::set<std::string> rule_ids, step_ids;
        std::vector<std::pair<std::string, std::string>> anchor_refs;  // (step id, path)
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/rules", i);
            const json& o = (*list)[i];
            if (!r.expect_object(o, p)) continue;
            r.reject_unknown(o, p, {"id", "clause", "quote", "effective_from", "effective_to", "when", "handler",
                                    "steps", "warnings", "reading", "note"});
            Rule rule;
            rule.id = r.string(o, p, "id", true).value_or("");
            if (!rule.id.empty() && !rule_ids.insert(rule.id).second)
                r.fail(ErrorCode::kDuplicateId, p + "/id", "规则 id “" + rule.id + "”重复");
            rule.clause = r.string(o, p, "clause", true).value_or("");
            rule.quotes = quotes(r, o, p);
            rule.effective_from = date_field(r, o, p, "effective_from", true);
            rule.effective_to = date_field(r, o, p, "effective_to", false);
            if (auto c = condition(r, o, p, "when", true)) rule.when = std::move(*c);
            if (auto h = r.string(o, p, "handler", false)) {
                if (*h != "none") check_party(r, *h, p + "/handler");
                if (*h == "handler") r.fail(ErrorCode::kInvalidValue, p + "/handler", "handler 不能引用自身");
                rule.handler = *h;
                if (reads_handler_side(rule.when))
                    r.fail(ErrorCode::kInvalidValue, p + "/when", "确定处罚机关的规则不能读取 handler_side");
            }
            if (auto rd = r.string(o, p, "reading", false)) {
                rule.reading = *rd;
                if (!pack.reading(*rd)) r.fail(ErrorCode::kUnknownReference, p + "/reading", "未声明的解读“" + *rd + "”");
            }
            rule.note = r.string(o, p, "note", false).value_or("");
            if (const json* ws = r.member(o, p, "warnings", false); ws && r.expect_array(*ws, p + "/warnings")) {
                for (size_t j = 0; j < ws->size(); ++j) {
                    const std::string wp = pointer_append(p + "/warnings", j);
                    if (!r.expect_object((*ws)[j], wp)) continue;
                    WarningSpec w;
                    w.code = r.one_of((*ws)[j], wp, "code", true, known_warnings()).value_or("");
                    w.message = r.string((*ws)[j], wp, "message", true).value_or("");
                    rule.warnings.push_back(std::move(w));
                }
            }
            if (const json* ss = r.member(o, p, "steps", true); ss && r.expect_array(*ss, p + "/steps")) {
                for (size_t j = 0; j < ss->size(); ++j) {
                    const std::string sp = pointer_append(p + "/steps", j);
                    const json& s = (*ss)[j];
                    if (!r.expect_object(s, sp)) continue;
                    r.reject_unknown(s, sp, {"id", "when", "actor", "action", "to", "due", "documents", "explanation"});
                    StepSpec step;
                    step.id = r.string(s, sp, "id", false).value_or("");
                    if (!step.id.empty() && !step_ids.insert(step.id).second)
                        r.fail(ErrorCode::kDuplicateId, sp + "/id", "步骤 id “" + step.id + "”重复");
                    step.when = condition(r, s, sp, "when", false);
                    step.actor = r.string(s, sp, "actor", true).value_or("");
                    check_party(r, step.actor, sp + "/actor");
                    step.action = r.one_of(s, sp, "action", true, known_actions()).value_or("");
                    if (const json* to = r.member(s, sp, "to", true); to && !to->is_null()) {
                        if (!to->is_string()) r.fail(ErrorCode::kWrongType, sp + "/to", "应为角色、机关 id 或 null");
                        else step.to = to->get<std::string>();
                        check_party(r, step.to, sp + "/to");
                    }
                    step.explanation = r.string(s, sp, "explanation", true).value_or("");
                    if (const json* ds = r.member(s, sp, "documents", false); ds && r.expect_array(*ds, sp + "/documents"))
                        for (size_t k = 0; k < ds->size(); ++k) {
                            const json& d = (*ds)[k];
                            if (!d.is_string() || !pack.document(d.get<std::string>())) {
                                r.fail(ErrorCode::kUnknownReference, pointer_append(sp + "/documents", k),
                                       "未在 /documents 中声明的文书种类：" + d.dump());
                                continue;
                            }
                            step.documents.push_back(d.get<std::string>());
                        }
                    if (const json* d = r.member(s, sp, "due", true)) {
                        if (d->is_array()) {
                            for (size_t k = 0; k < d->size(); ++k) step.due.push_back(due(r, (*d)[k], pointer_append(sp + "/due", k)));
                            if (d->empty()) r.fail(ErrorCode::kInvalidValue, sp + "/due", "期限列表不能为空");
                        } else {
                            step.due.push_back(due(r, *d, sp + "/due"));
                        }
                        for (size_t k = 0; k < step.due.size(); ++k) {
                            const auto& from = step.due[k].from;
                            const std::string fp = d->is_array() ? pointer_append(sp + "/due", k) + "/from" : sp + "/due/from";
                            if (from.rfind("step:", 0) == 0) anchor_refs.emplace_back(from.substr(5), fp);
                            else if (!from.empty() && from != "found" && from != "received" &&
                                     std::none_of(pack.anchors.begin(), pack.anchors.end(), [&](const Anchor& a) { return a.id == from; }))
                                r.fail(ErrorCode::kUnknownReference, fp, "未声明的期限起算点“" + from + "”");
                        }
                        if (!step.due.empty() && step.due.back().when)
                            r.fail(ErrorCode::kInvalidValue, sp + "/due", "最后一个期限须无条件（兜底）");
                    }
                    rule.steps.push_back(std::move(step));
                }
            }
            pack.rules.push_back(std::move(rule));
        }
        for (const auto& [id, path] : anchor_refs)
            if (!step_ids.count(id)) r.fail(ErrorCode::kUnknownReference, path, "期限引用了不存在的步骤“" + id + "”");
    }

    // documents.json: for every document kind rules.json declares, its title, the fields it must
    // carry and the materials that travel with it — each with the clause and sentence demanding it.
    void load_documents() {
        Reader r(errors, "documents.json");
        json doc;
        if (!open("documents.json", "referral-documents/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "template", "documents"});
        if (auto t = r.string(doc, "", "template", true)) {
            auto it = files.find(*t);
            if (it == files.end()) r.fail(ErrorCode::kIoError, "/template", "规则包缺少文书模板 " + *t);
            else {
                pack.document_template = it->second;
                // An unclosed or mismatched tag is found here, not when the first packet is rendered.
                kainjow::mustache::mustache tmpl{pack.document_template};
                if (!tmpl.is_valid())
                    r.fail(ErrorCode::kInvalidValue, "/template", "文书模板 " + *t + " 有误 / template error: " + tmpl.error_message());
            }
        }
        const json* list = r.member(doc, "", "documents", true);
        if (!list || !r.expect_array(*list, "/documents")) return;
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/documents", i);
            const json& d = (*list)[i];
            if (!r.expect_object(d, p)) continue;
            r.reject_unknown(d, p, {"id", "title", "receipt", "fields", "attachments", "details", "note"});
            const std::string id = r.string(d, p, "id", true).value_or("");
            auto kind = std::find_if(pack.documents.begin(), pack.documents.end(),
                                     [&](const DocumentKind& k) { return k.id == id; });
            if (!id.empty() && kind == pack.documents.end()) {
                r.fail(ErrorCode::kUnknownReference, p + "/id", "rules.json 的 /documents 未声明文书种类“" + id + "”");
                continue;
            }
            if (!id.empty() && !seen.insert(id).second) {
                r.fail(ErrorCode::kDuplicateId, p + "/id", "文书 id “" + id + "”重复");
                continue;
            }
            DocumentKind scratch;
            DocumentKind& k = kind == pack.documents.end() ? scratch : *kind;
            k.title = r.string(d, p, "title", true).value_or("");
            k.receipt = r.string(d, p, "receipt", false).value_or("");
            if (const json* fs = r.member(d, p, "fields", true); fs && r.expect_array(*fs, p + "/fields")) {
                for (size_t j = 0; j < fs->size(); ++j) {
                    const std::string fp = pointer_append(p + "/fields", j);
                    if (!r.expect_object((*fs)[j], fp)) continue;
                    r.reject_unknown((*fs)[j], fp, {"field", "clause", "quote"});
                    Requirement q;
                    q.field = r.one_of((*fs)[j], fp, "field", true, document_field_names()).value_or("");
                    q.clause = r.string((*fs)[j], fp, "clause", true).value_or("");
                    if (auto text = r.string((*fs)[j], fp, "quote", true)) {
                        q.quote = *text;
                        check_quote(r, q.quote, fp + "/quote");
                    }
                    k.fields.push_back(std::move(q));
                }
            }
            if (const json* as = r.member(d, p, "attachments", false); as && r.expect_array(*as, p + "/attachments")) {
                for (size_t j = 0; j < as->size(); ++j) {
                    const std::string ap = pointer_append(p + "/attachments", j);
                    const json& a = (*as)[j];
                    if (!r.expect_object(a, ap)) continue;
                    r.reject_unknown(a, ap, {"kind", "label", "when", "required", "clause", "quote", "basis"});
                    AttachmentRequirement q;
                    q.kind = r.string(a, ap, "kind", true).value_or("");
                    q.label = r.string(a, ap, "label", true).value_or("");
                    q.when = condition(r, a, ap, "when", false);
                    q.required = r.boolean(a, ap, "required", false).value_or(true);
                    q.clause = r.string(a, ap, "clause", true).value_or("");
                    if (auto text = r.string(a, ap, "quote", true)) {
                        q.quote = *text;
                        check_quote(r, q.quote, ap + "/quote");
                    }
                    q.basis = r.string(a, ap, "basis", false).value_or("");
                    k.attachments.push_back(std::move(q));
                }
            }
            if (const json* ds = r.member(d, p, "details", false); ds && r.expect_array(*ds, p + "/details")) {
                std::set<std::string> detail_ids;
                for (size_t j = 0; j < ds->size(); ++j) {
                    const std::string dp = pointer_append(p + "/details", j);
                    const json& x = (*ds)[j];
                    if (!r.expect_object(x, dp)) continue;
                    r.reject_unknown(x, dp, {"id", "label", "hint", "required", "clause", "quote"});
                    DetailField f;
                    f.id = r.string(x, dp, "id", true).value_or("");
                    const bool word = !f.id.empty() && std::all_of(f.id.begin(), f.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
                    if (!f.id.empty() && !word) r.fail(ErrorCode::kInvalidValue, dp + "/id", "内容项 id 只能由小写字母和下划线组成");
                    else if (!f.id.empty() && !detail_ids.insert(f.id).second) r.fail(ErrorCode::kDuplicateId, dp + "/id", "内容项 id “" + f.id + "”重复");
                    f.label = r.string(x, dp, "label", true).value_or("");
                    f.hint = r.string(x, dp, "hint", false).value_or("");
                    f.required = r.boolean(x, dp, "required", false).value_or(true);
                    f.clause = r.string(x, dp, "clause", true).value_or("");
                    if (auto text = r.string(x, dp, "quote", true)) {
                        f.quote = *text;
                        check_quote(r, f.quote, dp + "/quote");
                    }
                    k.details.push_back(std::move(f));
                }
            }
        }
        for (const auto& k : pack.documents)
            if (!seen.count(k.id))
                r.fail(ErrorCode::kMissingField, "/documents", "文书种类“" + k.id + "”没有标题、必填项与必附材料的说明");
    }
};

}  // namespace

Result<Pack> load_pack(const PackFiles& files, std::vector<Error>* all_errors) {
    std::vector<Error> errors;
    Loader loader{files, errors, Pack{}};
    loader.pack.schema = case_fact_schema();
    loader.load_meta();
    loader.load_authorities();
    loader.load_catalogue();
    loader.load_rules();
    loader.load_documents();
    if (auto q = files.find("questions.json"); q != files.end()) {
        loader.pack.questions_json = q->second;
        auto parsed = parse_json(q->second, "questions.json", limits::kPackFileBytes);
        if (!parsed.ok()) errors.push_back(parsed.error());
        else if (!parsed.value().is_object()) {
            Error e = make_error(ErrorCode::kWrongType, "", "questions.json 应为对象 / must be an object");
            e.file = "questions.json";
            errors.push_back(std::move(e));
        }
    }
    if (all_errors) *all_errors = errors;
    if (!errors.empty()) return errors.front();
    return std::move(loader.pack);
}

}  // namespace referral
