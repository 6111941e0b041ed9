#include "rules/pack.h"

#include <algorithm>
#include <set>

#include "core/json_read.h"
#include "core/limits.h"
#include "core/sha256.h"

#include <kainjow/mustache.hpp>

namespace referral {

const std::vector<std::string>& engine_warnings() {
    static const std::vector<std::string> kWarnings = {
        "calendar_not_covered",     // a due date lies past the years the calendar data covers
        "pack_not_in_force",        // the matter is dated before the pack took effect (or after it ended)
        "ambiguous_clause",         // a rule applied follows one reading of an ambiguous sentence
        "not_yet_devolved",         // the item's power was devolved only after the matter's date
        "rule_conflict",            // two rules name different handlers for the same facts
        "no_handler",               // no rule names a handler for these facts
        "re_transfer_forbidden",    // the plan would send a received matter on again
        "predates_devolution",      // found before the item was devolved, decided after
        "power_revoked",            // the item's power was taken back (收回) by the decision date
        "power_changed",            // the item's power passed between the sides while the matter was open
    };
    return kWarnings;
}

const std::vector<std::string>& document_field_names() {
    static const std::vector<std::string> kFields = {
        "sender", "receiver", "document_number", "sent_on", "summary.party", "summary.facts", "summary.time",
        "summary.place", "summary.measures", "parties", "contact.unit", "contact.person", "contact.phone",
        "approval.leader", "approval.date", "officers"};
    return kFields;
}

const std::vector<std::pair<std::string, std::vector<std::string>>>& engine_messages() {
    static const std::vector<std::pair<std::string, std::vector<std::string>>> kMessages = {
        {"not_yet_devolved", {"item", "devolved_from", "decision"}},
        {"power_revoked", {"item", "revoked_from", "decision"}},             // taken back while the matter was open
        {"power_revoked_before", {"item", "revoked_from"}},                  // taken back before it was found
        {"predates_devolution", {"item", "found", "devolved_from", "decision"}},
        {"power_changed", {"periods"}},                                      // the power passed while it was open
        {"power_changed_period", {"date", "holder"}},                        // one of those periods
        {"pack_not_in_force", {"date", "title", "number", "effective_from"}},
        {"rule_conflict", {"rule", "other", "handler", "other_handler"}},
        {"no_handler", {}},
        {"ambiguous_clause", {"clause", "reading"}},
        {"ambiguous_rule", {"clause", "reading"}},
        {"re_transfer_forbidden", {}},
        {"event_not_owed", {"action", "date"}},
        {"sent_late", {"action", "due", "sent_on", "working_days", "days"}},                // a packet sent after its deadline
        {"extension_too_late", {"due", "sent_on", "working_days", "action", "extended_due"}},  // a late extension notice
        {"extension_void", {"action"}},                                                    // why a deadline was not extended
    };
    return kMessages;
}

std::string fill_template(std::string t, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        const std::string key = "{" + name + "}";
        for (size_t at = t.find(key); at != std::string::npos; at = t.find(key, at + value.size())) t.replace(at, key.size(), value);
    }
    return t;
}

std::string Pack::say(const std::string& key, const std::vector<std::pair<std::string, std::string>>& values) const {
    auto it = messages.find(key);
    return it == messages.end() ? std::string() : fill_template(it->second.first, values);
}

std::string Pack::said_under(const std::string& key) const {
    auto it = messages.find(key);
    return it == messages.end() ? std::string() : it->second.second;
}

FactSchema engine_fact_schema() {
    FactSchema s;
    s.add({"finder", FactKind::kEnum, {"town", "dept"}});  // the side that found (or received) the matter
    s.add({"devolved", FactKind::kBool, {}});            // the town holds the penalty power on the day judged
    s.add({"predates_devolution", FactKind::kBool, {}}); // found before the item was devolved, judged after
    s.add({"has_received", FactKind::kBool, {}});        // the case gives the day a transfer was received
    s.add({"power_revoked", FactKind::kBool, {}});       // the item's power was taken back (收回) while the matter was open
    s.add({"power_changed", FactKind::kBool, {}});       // a later period of power: the power passed while the matter was open
    s.add({"power_may_change", FactKind::kBool, {}});    // the item's power begins or ends on a day after the matter was found
    s.add({"has_item", FactKind::kBool, {}});
    s.add({"town", FactKind::kText, {}});
    s.add({"dept", FactKind::kText, {}});
    s.add({"item", FactKind::kText, {}});
    // Known only after the handler is chosen: usable by rules that do not themselves name a handler.
    s.add({"handler_side", FactKind::kEnum, {"town", "dept", "none", "other"}});
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

const Rule* Pack::rule(const std::string& id) const {
    for (const auto& r : rules)
        if (r.id == id) return &r;
    return nullptr;
}

const EnumFact* Pack::enum_fact(const std::string& id) const {
    for (const auto& e : enums)
        if (e.id == id) return &e;
    return nullptr;
}

const FlagFact* Pack::flag(const std::string& id) const {
    for (const auto& f : flags)
        if (f.id == id) return &f;
    return nullptr;
}

const FieldWords* Pack::field(const std::string& id) const {
    for (const auto& f : fields)
        if (f.id == id) return &f;
    return nullptr;
}

std::string Pack::field_label(const std::string& id) const {
    const FieldWords* f = field(id);
    return f && !f->label.empty() ? f->label : id;
}

const EnumFact* Pack::item_enum() const {
    for (const auto& e : enums)
        if (e.from_item) return &e;
    return nullptr;
}

const Anchor* Pack::anchor(const std::string& id) const {
    for (const auto& a : anchors)
        if (a.id == id) return &a;
    return nullptr;
}

std::vector<std::string> Pack::dateable_events() const {
    std::vector<std::string> out;
    for (const Anchor& a : anchors)
        for (const AnchorSource& s : a.set_by)
            if (std::find(out.begin(), out.end(), s.event) == out.end()) out.push_back(s.event);
    return out;
}

const EventKind* Pack::event(const std::string& id) const {
    for (const auto& e : events)
        if (e.id == id) return &e;
    return nullptr;
}

namespace {

// The clause id of a heading line of document.md: "## 二、…" → 二, "### （一）…" → (一), "#### 1. …" → 1.
std::string heading_id(const std::string& line, int level) {
    const size_t start = static_cast<size_t>(level) + 1;
    if (line.size() <= start) return "";
    const std::string rest = line.substr(start);
    if (level == 2) {
        const size_t cut = rest.find("、");
        return cut == std::string::npos ? "" : rest.substr(0, cut);
    }
    if (level == 3) {
        const std::string open = "（", close = "）";
        if (rest.rfind(open, 0) != 0) return "";
        const size_t end = rest.find(close);
        if (end == std::string::npos) return "";
        std::string id = "(";  // appended, not "(" + …: GCC 12 warns falsely (-Wrestrict) on that
        id.append(rest, open.size(), end - open.size());
        id += ')';
        return id;
    }
    const size_t dot = rest.find('.');
    return dot == std::string::npos ? "" : rest.substr(0, dot);
}

}  // namespace

std::vector<DocSentence> split_sentences(const std::string& doc) {
    std::vector<DocSentence> out;
    std::string part, section, item;  // 二 / (四) / 1
    size_t pos = 0;
    bool in_comment = false;
    const std::string stop = "。";
    while (pos < doc.size()) {
        size_t eol = doc.find('\n', pos);
        if (eol == std::string::npos) eol = doc.size();
        const std::string line = doc.substr(pos, eol - pos);
        const size_t begin = pos;
        pos = eol + 1;
        if (in_comment || line.rfind("<!--", 0) == 0) {
            in_comment = line.find("-->") == std::string::npos;
            continue;
        }
        if (line.empty()) continue;
        int level = 0;
        while (level < static_cast<int>(line.size()) && line[static_cast<size_t>(level)] == '#') ++level;
        if (level >= 2 && level <= 4) {
            const std::string id = heading_id(line, level);
            if (level == 2) part = id, section.clear(), item.clear();
            if (level == 3) section = id, item.clear();
            if (level == 4) item = id;
            continue;
        }
        if (level > 0 || part.empty()) continue;  // title block and headings of other levels
        const size_t end = begin + line.size();
        for (size_t b = begin; b < end;) {
            size_t e = doc.find(stop, b);
            e = (e == std::string::npos || e >= end) ? end : e + stop.size();
            DocSentence sentence{part + section + item, doc.substr(b, e - b), b};
            if (sentence.text.find_first_not_of(" \t\r") != std::string::npos) out.push_back(std::move(sentence));
            b = e;
        }
    }
    return out;
}

bool clause_contains(const std::string& clause, const std::string& heading) {
    if (heading == clause) return true;
    if (clause.empty() || heading.rfind(clause, 0) != 0) return false;
    // 二(一) contains 二(一)1 and 二 contains 二(一); 二(一)1 does not contain 二(一)10.
    return clause.back() == ')' || clause.find('(') == std::string::npos;
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

// Whether a file is part of the pack's text (pack_text_sha256): all but the catalogue (catalogue.json,
// category-rules.json), which an office may replace with its own.
bool in_pack_text(const std::string& name) { return name != "catalogue.json" && name != "category-rules.json"; }

// The anchors the engine dates itself (pack.h, Anchor).
bool builtin_anchor(const std::string& id) { return id == "found" || id == "received" || id == "power_changed"; }

struct Loader {
    const PackFiles& files;
    std::vector<Error>& errors;
    Pack pack;
    bool text_trusted = false;  // LoadOptions: the build checked this very text
    // A quote cited under a clause, checked once the ledger (which numbers the paragraphs, ¶n) is in.
    struct Cited { std::string file, clause, quote, path; };
    std::vector<Cited> cited;

    const json* open(const std::string& name, const std::string& schema, Reader& r, json& holder) {
        auto it = files.find(name);
        if (it == files.end()) {
            r.fail(ErrorCode::kIoError, "", "规则包缺少文件 " + name + " / missing file");
            return nullptr;
        }
        // The text the build checked is parsed without the pass over its size, encoding and depth,
        // which that check made (json_read.h); any other file (an office's catalogue) has it.
        auto parsed = text_trusted && in_pack_text(name) ? parse_checked_json(it->second, name)
                                                         : parse_json(it->second, name, limits::kPackFileBytes);
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
        r.reject_unknown(doc, "", {"schema", "sample", "notice", "devolution_basis", "items", "title", "source", "version", "date"});
        pack.catalogue_is_sample = r.boolean(doc, "", "sample", true).value_or(true);
        pack.catalogue_notice = r.string(doc, "", "notice", false).value_or("");
        pack.catalogue_title = r.string(doc, "", "title", false).value_or("");
        CatalogueInfo& info = pack.catalogue_info;
        info.sample = pack.catalogue_is_sample;
        info.title = pack.catalogue_title;
        info.version = r.string(doc, "", "version", false).value_or("");
        info.date = r.string(doc, "", "date", false).value_or("");
        // The digest of the list's content, not of its file's layout: the document in nlohmann's compact
        // form (keys sorted), so the pretty file in forms/, the whitespace-free copy compiled in and an
        // import re-serialised by the CLI or the page give the same digest for the same list.
        info.sha256 = sha256_hex(doc.dump());
        if (const json* src = r.member(doc, "", "source", false); src && r.expect_object(*src, "/source")) {
            r.reject_unknown(*src, "/source", {"file", "sha256", "imported", "rows"});
            info.source_file = r.string(*src, "/source", "file", false).value_or("");
            info.source_sha256 = r.string(*src, "/source", "sha256", false).value_or("");
            info.imported = r.string(*src, "/source", "imported", false).value_or("");
        }
        const json* list = r.member(doc, "", "items", true);
        if (!list || !r.expect_array(*list, "/items")) return;
        const std::vector<std::string> categories = pack.item_enum() ? pack.item_enum()->values : std::vector<std::string>{};
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/items", i);
            const json& it = (*list)[i];
            if (!r.expect_object(it, p)) continue;
            r.reject_unknown(it, p, {"id", "name", "dept", "category", "statute", "devolved", "devolved_from",
                                     "licensed_by", "keywords", "note", "revoked_from", "row"});
            CatalogueItem item;
            item.id = r.string(it, p, "id", true).value_or("");
            item.name = r.string(it, p, "name", true).value_or("");
            item.dept = r.string(it, p, "dept", true).value_or("");
            if (!item.dept.empty() && !pack.authority("dept:" + item.dept))
                r.fail(ErrorCode::kUnknownReference, p + "/dept", "未知部门“" + item.dept + "”");
            item.category = r.one_of(it, p, "category", !categories.empty(), categories).value_or("");
            item.statute = r.string(it, p, "statute", true).value_or("");
            item.devolved = r.boolean(it, p, "devolved", true).value_or(false);
            item.devolved_from = date_field(r, it, p, "devolved_from", false);
            if (item.devolved && !item.devolved_from)
                r.fail(ErrorCode::kMissingField, p + "/devolved_from", "已下放的事项须注明下放日期");
            item.revoked_from = date_field(r, it, p, "revoked_from", false);
            if (item.revoked_from && !item.devolved)
                r.fail(ErrorCode::kInvalidValue, p + "/revoked_from", "未下放的事项不能有收回日期");
            if (item.revoked_from && item.devolved_from && *item.revoked_from <= *item.devolved_from)
                r.fail(ErrorCode::kInvalidValue, p + "/revoked_from", "收回日期 " + item.revoked_from->iso() + " 不晚于下放日期 " + item.devolved_from->iso());
            if (const json* lb = r.member(it, p, "licensed_by", false); lb && lb->is_string()) {
                item.licensed_by = lb->get<std::string>();
                if (!pack.authority("dept:" + item.licensed_by))
                    r.fail(ErrorCode::kUnknownReference, p + "/licensed_by", "未知许可部门“" + item.licensed_by + "”");
            }
            if (const json* kw = r.member(it, p, "keywords", false); kw && r.expect_array(*kw, p + "/keywords"))
                for (const auto& k : *kw)
                    if (k.is_string()) item.keywords.push_back(k.get<std::string>());
            if (const json* row = r.member(it, p, "row", false); row && row->is_number_integer()) item.row = row->get<int>();
            if (!seen.insert(item.id).second) r.fail(ErrorCode::kDuplicateId, p + "/id", "事项 id “" + item.id + "”重复");
            pack.catalogue.push_back(std::move(item));
        }
        info.items = pack.catalogue.size();
    }

    // vocabulary.json: the pack's enum facts (case members with values) and yes/no facts (flags),
    // added to the engine's own facts before anything reads them; the codes its rules may raise.
    void load_vocabulary() {
        Reader r(errors, "vocabulary.json");
        json doc;
        if (!open("vocabulary.json", "referral-vocabulary/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "facts", "received_matter", "warnings", "fields", "sections", "messages"});
        if (const json* ms = r.member(doc, "", "messages", true); ms && r.expect_object(*ms, "/messages")) {
            for (auto it = ms->begin(); it != ms->end(); ++it) {
                const std::string p = pointer_append("/messages", it.key());
                const auto& known = engine_messages();
                auto k = std::find_if(known.begin(), known.end(), [&](const auto& m) { return m.first == it.key(); });
                if (k == known.end()) {
                    r.fail(ErrorCode::kUnknownField, p, "引擎没有名为“" + it.key() + "”的提示");
                    continue;
                }
                const json& m = it.value();
                if (!r.expect_object(m, p)) continue;
                r.reject_unknown(m, p, {"text", "clause"});
                const std::string text = r.string(m, p, "text", true).value_or("");
                for (size_t at = text.find('{'); at != std::string::npos; at = text.find('{', at + 1)) {
                    const size_t end = text.find('}', at);
                    const std::string name = end == std::string::npos ? "" : text.substr(at + 1, end - at - 1);
                    if (std::find(k->second.begin(), k->second.end(), name) == k->second.end())
                        r.fail(ErrorCode::kInvalidValue, p + "/text", "“{" + name + "}”不是该提示可用的占位符（可用：" + join(k->second) + "）");
                }
                pack.messages[it.key()] = {text, r.string(m, p, "clause", false).value_or("")};
            }
            for (const auto& [key, names] : engine_messages())
                if (!pack.messages.count(key)) r.fail(ErrorCode::kMissingField, "/messages", "缺少提示“" + key + "”的措辞");
        }
        if (const json* ss = r.member(doc, "", "sections", true); ss && r.expect_array(*ss, "/sections"))
            for (size_t i = 0; i < ss->size(); ++i) {
                const std::string p = pointer_append("/sections", i);
                if (!r.expect_object((*ss)[i], p)) continue;
                r.reject_unknown((*ss)[i], p, {"id", "title", "en"});
                FieldSection sec;
                sec.id = r.string((*ss)[i], p, "id", true).value_or("");
                sec.title = r.string((*ss)[i], p, "title", true).value_or("");
                sec.en = (*ss)[i].contains("en") ? (*ss)[i]["en"] : json(nullptr);
                pack.field_sections.push_back(std::move(sec));
            }
        if (const json* fs = r.member(doc, "", "fields", true); fs && r.expect_array(*fs, "/fields"))
            for (size_t i = 0; i < fs->size(); ++i) {
                const std::string p = pointer_append("/fields", i);
                const json& o = (*fs)[i];
                if (!r.expect_object(o, p)) continue;
                r.reject_unknown(o, p, {"id", "label", "hint", "section", "min", "en", "note"});
                FieldWords f;
                f.id = r.one_of(o, p, "id", true, document_field_names()).value_or("");
                f.label = r.string(o, p, "label", true).value_or("");
                f.hint = r.string(o, p, "hint", false).value_or("");
                f.section = r.string(o, p, "section", true).value_or("");
                f.min = r.integer(o, p, "min", false).value_or(0);
                if (f.min < 0 || f.min > 100) r.fail(ErrorCode::kInvalidValue, p + "/min", "最少数目应在 0–100 之间");
                f.en = o.contains("en") ? o["en"] : json(nullptr);
                if (!f.id.empty() && pack.field(f.id)) r.fail(ErrorCode::kDuplicateId, p + "/id", "字段“" + f.id + "”重复");
                if (!f.section.empty() && std::none_of(pack.field_sections.begin(), pack.field_sections.end(),
                                                       [&](const FieldSection& s) { return s.id == f.section; }))
                    r.fail(ErrorCode::kUnknownReference, p + "/section", "未声明的分节“" + f.section + "”");
                pack.fields.push_back(std::move(f));
            }
        // Members of referral-case/1 the engine reads itself: a pack's fact may not take their names.
        static const std::vector<std::string> kCaseMembers = {"schema", "date", "received", "decided", "finder", "town", "dept",
                                                              "item", "devolved", "flags", "note", "id", "events", "dates"};
        std::set<std::string> ids;
        auto new_id = [&](const std::string& id, const std::string& p) {
            if (id.empty()) return false;
            if (!identifier(id)) {
                r.fail(ErrorCode::kInvalidValue, p, "事实名须为小写字母、数字与下划线组成的标识符 / a fact id must be an identifier");
                return false;
            }
            if (pack.schema.find(id) >= 0 || std::find(kCaseMembers.begin(), kCaseMembers.end(), id) != kCaseMembers.end() ||
                !ids.insert(id).second) {
                r.fail(ErrorCode::kDuplicateId, p, "“" + id + "”与引擎的事实或本包已有的事实重名");
                return false;
            }
            return true;
        };
        std::vector<std::pair<size_t, std::string>> required_when;  // enum index → condition text
        const json* facts = r.member(doc, "", "facts", true);
        if (facts && r.expect_object(*facts, "/facts")) {
            r.reject_unknown(*facts, "/facts", {"enums", "flags", "note"});
            if (const json* es = r.member(*facts, "/facts", "enums", false); es && r.expect_array(*es, "/facts/enums"))
                for (size_t i = 0; i < es->size(); ++i) {
                    const std::string p = pointer_append("/facts/enums", i);
                    const json& e = (*es)[i];
                    if (!r.expect_object(e, p)) continue;
                    r.reject_unknown(e, p, {"id", "label", "values", "required", "from_item", "default", "required_when", "note"});
                    EnumFact f;
                    f.id = r.string(e, p, "id", true).value_or("");
                    f.label = r.string(e, p, "label", true).value_or("");
                    f.required = r.boolean(e, p, "required", false).value_or(false);
                    f.from_item = r.boolean(e, p, "from_item", false).value_or(false);
                    if (const json* vs = r.member(e, p, "values", true); vs && r.expect_array(*vs, p + "/values"))
                        for (size_t k = 0; k < vs->size(); ++k) {
                            const std::string q = pointer_append(p + "/values", k);
                            if (!r.expect_object((*vs)[k], q)) continue;
                            r.reject_unknown((*vs)[k], q, {"id", "label", "note"});
                            const std::string v = r.string((*vs)[k], q, "id", true).value_or("");
                            if (!v.empty() && std::find(f.values.begin(), f.values.end(), v) != f.values.end())
                                r.fail(ErrorCode::kDuplicateId, q + "/id", "取值“" + v + "”重复");
                            f.values.push_back(v);
                            f.labels.push_back(r.string((*vs)[k], q, "label", true).value_or(v));
                        }
                    if (f.values.empty()) r.fail(ErrorCode::kInvalidValue, p + "/values", "至少需要一个取值");
                    if (auto d = r.string(e, p, "default", false)) {
                        f.default_value = *d;
                        if (std::find(f.values.begin(), f.values.end(), *d) == f.values.end())
                            r.fail(ErrorCode::kUnknownValue, p + "/default", "默认值“" + *d + "”不是其取值之一");
                    }
                    if (f.from_item && pack.item_enum())
                        r.fail(ErrorCode::kInvalidValue, p + "/from_item", "只能有一个事实由目录事项的类别给出");
                    if (auto w = r.string(e, p, "required_when", false)) required_when.emplace_back(pack.enums.size(), *w);
                    if (!new_id(f.id, p + "/id")) continue;
                    pack.schema.add({f.id, FactKind::kEnum, f.values});
                    pack.enums.push_back(std::move(f));
                }
            if (const json* fs = r.member(*facts, "/facts", "flags", false); fs && r.expect_array(*fs, "/facts/flags"))
                for (size_t i = 0; i < fs->size(); ++i) {
                    const std::string p = pointer_append("/facts/flags", i);
                    if (!r.expect_object((*fs)[i], p)) continue;
                    r.reject_unknown((*fs)[i], p, {"id", "label", "note"});
                    FlagFact f;
                    f.id = r.string((*fs)[i], p, "id", true).value_or("");
                    f.label = r.string((*fs)[i], p, "label", true).value_or("");
                    if (!new_id(f.id, p + "/id")) continue;
                    pack.schema.add({f.id, FactKind::kBool, {}});
                    pack.flags.push_back(std::move(f));
                }
        }
        // Conditions over the facts, once every fact is declared.
        for (const auto& [index, text] : required_when) {
            if (index >= pack.enums.size()) continue;
            json holder = {{"required_when", text}};
            pack.enums[index].required_when = condition(r, holder, pointer_append("/facts/enums", index), "required_when", true);
        }
        // received_matter: {when: the finder received it by a transfer, case: the enum values a case
        // made from a packet received takes}.
        if (const json* rm = r.member(doc, "", "received_matter", false); rm && r.expect_object(*rm, "/received_matter")) {
            r.reject_unknown(*rm, "/received_matter", {"when", "case", "note"});
            pack.received_matter = condition(r, *rm, "/received_matter", "when", true);
            if (const json* c = r.member(*rm, "/received_matter", "case", true); c && r.expect_object(*c, "/received_matter/case"))
                for (auto it = c->begin(); it != c->end(); ++it) {
                    const EnumFact* e = pack.enum_fact(it.key());
                    const std::string p = pointer_append("/received_matter/case", it.key());
                    if (!e) r.fail(ErrorCode::kUnknownField, p, "“" + it.key() + "”不是本包的事实");
                    else if (!it->is_string() || std::find(e->values.begin(), e->values.end(), it->get<std::string>()) == e->values.end())
                        r.fail(ErrorCode::kUnknownValue, p, "应为 " + e->id + " 的取值之一：" + join(e->values));
                }
            if (const json* c = r.member(*rm, "/received_matter", "case", false)) pack.received_case = *c;
        }
        pack.warning_codes = engine_warnings();
        if (const json* ws = r.member(doc, "", "warnings", false); ws && r.expect_array(*ws, "/warnings"))
            for (size_t i = 0; i < ws->size(); ++i) {
                const std::string p = pointer_append("/warnings", i);
                if (!r.expect_object((*ws)[i], p)) continue;
                r.reject_unknown((*ws)[i], p, {"code", "label", "note"});
                const std::string code = r.string((*ws)[i], p, "code", true).value_or("");
                r.string((*ws)[i], p, "label", true);
                if (!code.empty() && !identifier(code)) r.fail(ErrorCode::kInvalidValue, p + "/code", "警示代码须为标识符");
                else if (std::find(pack.warning_codes.begin(), pack.warning_codes.end(), code) != pack.warning_codes.end())
                    r.fail(ErrorCode::kDuplicateId, p + "/code", "警示代码“" + code + "”重复（或为引擎自有的代码）");
                else pack.warning_codes.push_back(code);
            }
    }

    // category-rules.json, when the pack has one: every category must be one of the fact schema's.
    void load_category_rules() {
        if (!files.count("category-rules.json")) return;
        Reader r(errors, "category-rules.json");
        json doc;
        if (!open("category-rules.json", "referral-category-rules/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "rules", "labels"});
        const std::vector<std::string> categories = pack.item_enum() ? pack.item_enum()->values : std::vector<std::string>{};
        auto known = [&](const std::string& c) { return std::find(categories.begin(), categories.end(), c) != categories.end(); };
        if (const json* list = r.member(doc, "", "rules", true); list && r.expect_array(*list, "/rules")) {
            for (size_t i = 0; i < list->size(); ++i) {
                const std::string p = pointer_append("/rules", i);
                const json& it = (*list)[i];
                if (!r.expect_object(it, p)) continue;
                r.reject_unknown(it, p, {"all", "category", "source"});
                CategoryRule rule;
                rule.category = r.one_of(it, p, "category", true, categories).value_or("");
                rule.source = r.string(it, p, "source", true).value_or("");
                if (const json* all = r.member(it, p, "all", true); all && r.expect_array(*all, p + "/all")) {
                    for (const auto& w : *all)
                        if (w.is_string() && !w.get<std::string>().empty()) rule.all.push_back(w.get<std::string>());
                    if (rule.all.empty()) r.fail(ErrorCode::kInvalidValue, p + "/all", "至少需要一个词");
                }
                pack.category_rules.rules.push_back(std::move(rule));
            }
        }
        if (const json* labels = r.member(doc, "", "labels", false); labels && r.expect_object(*labels, "/labels")) {
            for (const auto& [category, list] : labels->items()) {
                const std::string p = pointer_append("/labels", category);
                if (!known(category)) r.fail(ErrorCode::kUnknownValue, p, "未知类别“" + category + "”");
                if (!r.expect_array(list, p)) continue;
                for (const auto& l : list)
                    if (l.is_string()) pack.category_rules.labels[category].push_back(l.get<std::string>());
            }
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
        } else if (!text_trusted && pack.document_text.find(quote) == std::string::npos) {
            r.fail(ErrorCode::kQuoteNotFound, path, "引文未在文件文本中逐字找到：“" + quote + "”");
        }
    }

    // A rule's `quote`: a sentence, or a list of them; an element of the list may be
    // {"clause", "quote"} for a sentence the rule also rests on that stands in another clause.
    // Each quote is recorded with the clause it is cited under, for check_cited.
    std::vector<std::string> quotes(Reader& r, const json& obj, const std::string& path, const std::string& clause,
                                    std::vector<std::string>& clauses) {
        std::vector<std::string> out;
        const json* q = r.member(obj, path, "quote", true);
        if (!q) return out;
        const std::string qp = path + "/quote";
        auto add = [&](const std::string& text, const std::string& under, const std::string& at) {
            out.push_back(text);
            clauses.push_back(under);
            check_quote(r, text, at);
            cited.push_back({r.file(), under, text, at});
        };
        if (q->is_string()) {
            add(q->get<std::string>(), clause, qp);
        } else if (q->is_array()) {
            for (size_t i = 0; i < q->size(); ++i) {
                const json& e = (*q)[i];
                const std::string ep = pointer_append(qp, i);
                if (e.is_string()) {
                    add(e.get<std::string>(), clause, ep);
                } else if (e.is_object() && i > 0) {
                    r.reject_unknown(e, ep, {"clause", "quote"});
                    auto c = r.string(e, ep, "clause", true);
                    auto t = r.string(e, ep, "quote", true);
                    if (c && t) add(*t, *c, ep + "/quote");
                } else {
                    r.fail(ErrorCode::kWrongType, ep, i == 0 ? "首句引文应为字符串（它在规则的条款之内）"
                                                             : "引文应为字符串或 {clause, quote}");
                }
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
        r.reject_unknown(d, p, {"when", "rule", "count", "from", "clause", "quote", "basis", "unless_late"});
        spec.when = condition(r, d, p, "when", false);
        spec.unless_late = r.string(d, p, "unless_late", false).value_or("");
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
        std::vector<std::pair<std::string, std::string>> estimate_refs;  // (step id, path) of anchors' estimates
        Reader r(errors, "rules.json");
        json doc;
        if (!open("rules.json", "referral-rules/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "roles", "actions", "events", "time", "deadline_text", "documents", "anchors",
                                   "definitions", "readings", "suspensions", "rules"});
        if (const json* words = r.member(doc, "", "deadline_text", true); words && r.expect_object(*words, "/deadline_text")) {
            // Each template, and the placeholders it may use.
            static const std::vector<std::pair<std::string, std::vector<std::string>>> kKeys = {
                {"working_days", {"count", "from"}}, {"working_days_dated", {"count", "from", "date", "weekday"}},
                {"hours", {"count", "from"}}, {"hours_dated", {"count", "from", "datetime", "weekday", "date"}},
                {"immediately", {}}, {"promptly", {}}, {"promptly_from", {"from"}}, {"none", {}},
                {"on_or_after", {"on_or_after", "text"}}, {"provisional", {"year", "text"}}};
            for (auto it = words->begin(); it != words->end(); ++it) {
                const std::string p = pointer_append("/deadline_text", it.key());
                auto known = std::find_if(kKeys.begin(), kKeys.end(), [&](const auto& k) { return k.first == it.key(); });
                if (it.key() == "note") continue;
                if (known == kKeys.end()) {
                    r.fail(ErrorCode::kUnknownField, p, "未知的期限措辞“" + it.key() + "”");
                    continue;
                }
                if (!it->is_string()) {
                    r.fail(ErrorCode::kWrongType, p, "期限措辞应为文本");
                    continue;
                }
                const std::string t = it->get<std::string>();
                for (size_t at = t.find('{'); at != std::string::npos; at = t.find('{', at + 1)) {
                    const size_t end = t.find('}', at);
                    const std::string name = end == std::string::npos ? "" : t.substr(at + 1, end - at - 1);
                    if (std::find(known->second.begin(), known->second.end(), name) == known->second.end())
                        r.fail(ErrorCode::kInvalidValue, p, "“{" + name + "}”不是该措辞可用的占位符（可用：" + join(known->second) + "）");
                }
                pack.deadline_text[it.key()] = t;
            }
            for (const auto& [key, names] : kKeys)
                if (!pack.deadline_text.count(key)) r.fail(ErrorCode::kMissingField, "/deadline_text", "缺少期限措辞“" + key + "”");
        }
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
            static const std::vector<std::string> kPower = {"actor", "to"};
            for (size_t i = 0; i < acts->size(); ++i) {
                const std::string p = pointer_append("/actions", i);
                const json& a = (*acts)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "label", "phase", "power", "acknowledges", "column", "note"});
                ActionInfo info;
                info.id = r.string(a, p, "id", true).value_or("");
                info.label = r.string(a, p, "label", true).value_or("");
                info.phase = r.integer(a, p, "phase", true).value_or(50);
                info.power = r.one_of(a, p, "power", false, kPower).value_or("");
                info.acknowledges = r.boolean(a, p, "acknowledges", false).value_or(false);
                info.column = r.string(a, p, "column", false).value_or("");
                if (!info.id.empty() && !identifier(info.id))
                    r.fail(ErrorCode::kInvalidValue, p + "/id", "动作 id 须为小写字母、数字与下划线组成的标识符 / an action id must be an identifier");
                else if (pack.action(info.id))
                    r.fail(ErrorCode::kDuplicateId, p + "/id", "动作 id “" + info.id + "”重复");
                pack.actions.push_back(std::move(info));
            }
        }
        if (const json* evs = r.member(doc, "", "events", false); evs && r.expect_array(*evs, "/events")) {
            for (size_t i = 0; i < evs->size(); ++i) {
                const std::string p = pointer_append("/events", i);
                const json& a = (*evs)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "label", "fact", "note"});
                EventKind ev;
                ev.id = r.string(a, p, "id", true).value_or("");
                ev.label = r.string(a, p, "label", true).value_or("");
                ev.fact = r.string(a, p, "fact", false).value_or("");
                if (!ev.id.empty() && !identifier(ev.id))
                    r.fail(ErrorCode::kInvalidValue, p + "/id", "事件 id 须为标识符 / an event id must be an identifier");
                else if (pack.recordable(ev.id))
                    r.fail(ErrorCode::kDuplicateId, p + "/id", "事件 id “" + ev.id + "”与已有动作或事件重名");
                if (!ev.fact.empty() && !pack.flag(ev.fact))
                    r.fail(ErrorCode::kUnknownReference, p + "/fact", "“" + ev.fact + "”不是 vocabulary.json 声明的是/否事实（flags）");
                pack.events.push_back(std::move(ev));
            }
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
            static const std::vector<std::string> kParty = {"actor", "to", "to_actor"};
            for (size_t i = 0; i < anchors->size(); ++i) {
                const std::string p = pointer_append("/anchors", i);
                const json& a = (*anchors)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "label", "set_by", "estimate", "note"});
                Anchor an;
                an.id = r.string(a, p, "id", true).value_or("");
                an.label = r.string(a, p, "label", true).value_or("");
                if (pack.anchor(an.id)) r.fail(ErrorCode::kDuplicateId, p + "/id", "起算点 id “" + an.id + "”重复");
                if (const json* sb = r.member(a, p, "set_by", false); sb && r.expect_array(*sb, p + "/set_by")) {
                    if (builtin_anchor(an.id))
                        r.fail(ErrorCode::kInvalidValue, p + "/set_by", "“" + an.id + "”由引擎确定（案件的日期或处罚权转移之日），不由事件确定");
                    for (size_t k = 0; k < sb->size(); ++k) {
                        const std::string q = pointer_append(p + "/set_by", k);
                        if (!r.expect_object((*sb)[k], q)) continue;
                        r.reject_unknown((*sb)[k], q, {"event", "party"});
                        AnchorSource src;
                        src.event = r.string((*sb)[k], q, "event", true).value_or("");
                        src.party = r.one_of((*sb)[k], q, "party", false, kParty).value_or("");
                        if (!src.event.empty() && !pack.recordable(src.event))
                            r.fail(ErrorCode::kUnknownReference, q + "/event", "未声明的动作或事件“" + src.event + "”");
                        an.set_by.push_back(std::move(src));
                    }
                }
                if (const json* est = r.member(a, p, "estimate", false)) {
                    const json list = est->is_string() ? json::array({*est}) : *est;
                    if (!list.is_array()) r.fail(ErrorCode::kWrongType, p + "/estimate", "估计应为 step:<步骤 id> 或其数组");
                    for (size_t k = 0; list.is_array() && k < list.size(); ++k) {
                        const std::string q = est->is_string() ? p + "/estimate" : pointer_append(p + "/estimate", k);
                        const std::string ref = list[k].is_string() ? list[k].get<std::string>() : "";
                        if (ref.rfind("step:", 0) != 0) {
                            r.fail(ErrorCode::kInvalidValue, q, "估计应为 step:<步骤 id>");
                            continue;
                        }
                        an.estimate.push_back(ref);
                        estimate_refs.emplace_back(ref.substr(5), q);
                    }
                }
                pack.anchors.push_back(std::move(an));
            }
        }
        if (const json* t = r.member(doc, "", "time", false); t && r.expect_object(*t, "/time")) {
            r.reject_unknown(*t, "/time", {"decision", "power_change_reading", "receipt_event", "note"});
            pack.time.receipt_event = r.string(*t, "/time", "receipt_event", false).value_or("");
            if (!pack.time.receipt_event.empty() && !pack.recordable(pack.time.receipt_event))
                r.fail(ErrorCode::kUnknownReference, "/time/receipt_event", "未声明的事件“" + pack.time.receipt_event + "”");
            pack.time.decision_anchor = r.string(*t, "/time", "decision", true).value_or("");
            if (!pack.time.decision_anchor.empty()) {
                const Anchor* a = pack.anchor(pack.time.decision_anchor);
                if (!a || a->set_by.empty())
                    r.fail(ErrorCode::kUnknownReference, "/time/decision", "作出决定的起算点须为由事件确定的已声明起算点");
            }
            pack.time.power_change_reading = r.string(*t, "/time", "power_change_reading", false).value_or("");
        }
        if (const json* rds = r.member(doc, "", "readings", false); rds && r.expect_array(*rds, "/readings")) {
            for (size_t i = 0; i < rds->size(); ++i) {
                const std::string p = pointer_append("/readings", i);
                const json& a = (*rds)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "clause", "quote", "reading", "grants_power"});
                Reading rd;
                rd.id = r.string(a, p, "id", true).value_or("");
                rd.clause = r.string(a, p, "clause", true).value_or("");
                rd.quote = r.string(a, p, "quote", true).value_or("");
                check_quote(r, rd.quote, p + "/quote");
                cited.push_back({"rules.json", rd.clause, rd.quote, p + "/quote"});
                rd.reading = r.string(a, p, "reading", true).value_or("");
                rd.grants_power = r.boolean(a, p, "grants_power", false).value_or(false);
                pack.readings.push_back(std::move(rd));
            }
        }

        if (!pack.time.power_change_reading.empty() && !pack.reading(pack.time.power_change_reading))
            r.fail(ErrorCode::kUnknownReference, "/time/power_change_reading", "未声明的解读“" + pack.time.power_change_reading + "”");

        if (const json* sus = r.member(doc, "", "suspensions", false); sus && r.expect_array(*sus, "/suspensions")) {
            for (size_t i = 0; i < sus->size(); ++i) {
                const std::string p = pointer_append("/suspensions", i);
                const json& a = (*sus)[i];
                if (!r.expect_object(a, p)) continue;
                r.reject_unknown(a, p, {"id", "clause", "quote", "when", "actions", "actor_kinds", "message", "note", "reading"});
                Suspension su;
                su.id = r.one_of(a, p, "id", true, pack.warning_codes).value_or("");
                su.clause = r.string(a, p, "clause", true).value_or("");
                su.quote = r.string(a, p, "quote", true).value_or("");
                check_quote(r, su.quote, p + "/quote");
                su.message = r.string(a, p, "message", true).value_or("");
                su.reading = r.string(a, p, "reading", false).value_or("");
                if (!su.reading.empty() && !pack.reading(su.reading))
                    r.fail(ErrorCode::kUnknownReference, p + "/reading", "未声明的解读“" + su.reading + "”");
                if (auto cond = condition(r, a, p, "when", true)) {
                    if (reads_handler_side(*cond))
                        r.fail(ErrorCode::kInvalidValue, p + "/when", "暂停条件不能读取 handler_side");
                    su.when = std::move(*cond);
                }
                for (const char* key : {"actions", "actor_kinds"}) {
                    const json* arr = r.member(a, p, key, true);
                    if (!arr || !r.expect_array(*arr, pointer_append(p, key))) continue;
                    for (size_t k = 0; k < arr->size(); ++k) {
                        const std::string q = pointer_append(pointer_append(p, key), k);
                        if (!(*arr)[k].is_string()) {
                            r.fail(ErrorCode::kWrongType, q, "应为字符串");
                            continue;
                        }
                        const std::string v = (*arr)[k].get<std::string>();
                        if (std::string(key) == "actions") {
                            if (!pack.action(v)) r.fail(ErrorCode::kUnknownValue, q, "未声明的动作“" + v + "”");
                            su.actions.push_back(v);
                        } else {
                            static const std::vector<std::string> kinds = {"town", "dept", "police", "court", "government", "office"};
                            if (std::find(kinds.begin(), kinds.end(), v) == kinds.end())
                                r.fail(ErrorCode::kUnknownValue, q, "未知机关类别“" + v + "”");
                            su.actor_kinds.push_back(v);
                        }
                    }
                }
                pack.suspensions.push_back(std::move(su));
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
            rule.quotes = quotes(r, o, p, rule.clause, rule.quote_clauses);
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
                    w.code = r.one_of((*ws)[j], wp, "code", true, pack.warning_codes).value_or("");
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
                    step.action = r.string(s, sp, "action", true).value_or("");
                    if (!step.action.empty() && !pack.action(step.action))
                        r.fail(ErrorCode::kUnknownValue, sp + "/action", "未在 /actions 中声明的动作“" + step.action + "”");
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
                            const std::string dp = d->is_array() ? pointer_append(sp + "/due", k) : sp + "/due";
                            if (!step.due[k].quote.empty())
                                cited.push_back({"rules.json", step.due[k].clause.empty() ? rule.clause : step.due[k].clause,
                                                 step.due[k].quote, dp + "/quote"});
                            const auto& from = step.due[k].from;
                            const std::string fp = d->is_array() ? pointer_append(sp + "/due", k) + "/from" : sp + "/due/from";
                            if (from.rfind("step:", 0) == 0) anchor_refs.emplace_back(from.substr(5), fp);
                            else if (!from.empty() && !builtin_anchor(from) && !pack.anchor(from))
                                r.fail(ErrorCode::kUnknownReference, fp, "未声明的期限起算点“" + from + "”");
                            if (!step.due[k].unless_late.empty())
                                anchor_refs.emplace_back(step.due[k].unless_late,
                                                         (d->is_array() ? pointer_append(sp + "/due", k) : sp + "/due") + "/unless_late");
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
        for (const auto& [id, path] : estimate_refs)
            if (!step_ids.count(id)) r.fail(ErrorCode::kUnknownReference, path, "起算点的估计引用了不存在的步骤“" + id + "”");
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
                // An unclosed or mismatched tag is found here, not when the first packet is rendered
                // (the built-in template, checked at build time, is parsed when first rendered).
                if (!text_trusted) {
                    kainjow::mustache::mustache tmpl{pack.document_template};
                    if (!tmpl.is_valid())
                        r.fail(ErrorCode::kInvalidValue, "/template", "文书模板 " + *t + " 有误 / template error: " + tmpl.error_message());
                }
            }
        }
        const json* list = r.member(doc, "", "documents", true);
        if (!list || !r.expect_array(*list, "/documents")) return;
        std::set<std::string> seen;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/documents", i);
            const json& d = (*list)[i];
            if (!r.expect_object(d, p)) continue;
            r.reject_unknown(d, p, {"id", "title", "receipt", "fields", "attachments", "details", "note", "layout", "body", "heading",
                                    "replies_to", "deadlines"});
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
            // Presentation: read by the template and the renderer, so no document id is named in code.
            k.layout = r.one_of(d, p, "layout", false, {"document", "letter"}).value_or("document");
            k.body = r.string(d, p, "body", false).value_or("");
            if (!k.body.empty() && !std::all_of(k.body.begin(), k.body.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; }))
                r.fail(ErrorCode::kInvalidValue, p + "/body", "body 只能由小写字母和下划线组成（模板中的段落名）");
            k.heading = r.string(d, p, "heading", false).value_or("");
            if (!k.heading.empty()) {
                if (!text_trusted) {
                    kainjow::mustache::mustache h{k.heading};
                    if (!h.is_valid()) r.fail(ErrorCode::kInvalidValue, p + "/heading", "标题模板有误 / template error: " + h.error_message());
                }
                if (k.heading.find("{{{") != std::string::npos || k.heading.find("{{&") != std::string::npos)
                    r.fail(ErrorCode::kInvalidValue, p + "/heading", "标题模板只能使用转义的 {{name}}");
            }
            k.replies_to = r.string(d, p, "replies_to", false).value_or("");
            if (!k.replies_to.empty() && std::none_of(pack.documents.begin(), pack.documents.end(), [&](const DocumentKind& o) { return o.id == k.replies_to; }))
                r.fail(ErrorCode::kUnknownReference, p + "/replies_to", "rules.json 的 /documents 未声明文书种类“" + k.replies_to + "”");
            if (const json* dl = r.member(d, p, "deadlines", false); dl && r.expect_object(*dl, p + "/deadlines")) {
                for (auto it = dl->begin(); it != dl->end(); ++it) {
                    const std::string dp = pointer_append(p + "/deadlines", it.key());
                    if (!it.value().is_string()) { r.fail(ErrorCode::kWrongType, dp, "应为字符串：own 或一个动作 id"); continue; }
                    const std::string ref = it.value().get<std::string>();
                    if (ref != "own" && !pack.action(ref)) r.fail(ErrorCode::kUnknownReference, dp, "规则包中没有动作“" + ref + "”");
                    else k.deadlines.emplace_back(it.key(), ref);
                }
            }
            if (const json* fs = r.member(d, p, "fields", true); fs && r.expect_array(*fs, p + "/fields")) {
                for (size_t j = 0; j < fs->size(); ++j) {
                    const std::string fp = pointer_append(p + "/fields", j);
                    if (!r.expect_object((*fs)[j], fp)) continue;
                    r.reject_unknown((*fs)[j], fp, {"field", "clause", "quote"});
                    Requirement q;
                    q.field = r.one_of((*fs)[j], fp, "field", true, document_field_names()).value_or("");
                    if (!q.field.empty() && !pack.field(q.field))
                        r.fail(ErrorCode::kUnknownReference, fp + "/field", "vocabulary.json 的 /fields 没有字段“" + q.field + "”的名称");
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
                    r.reject_unknown(a, ap, {"kind", "label", "when", "required", "clause", "quote", "basis", "any_of"});
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
                    q.any_of = r.string(a, ap, "any_of", false).value_or("");
                    k.attachments.push_back(std::move(q));
                }
            }
            if (const json* ds = r.member(d, p, "details", false); ds && r.expect_array(*ds, p + "/details")) {
                std::set<std::string> detail_ids;
                for (size_t j = 0; j < ds->size(); ++j) {
                    const std::string dp = pointer_append(p + "/details", j);
                    const json& x = (*ds)[j];
                    if (!r.expect_object(x, dp)) continue;
                    r.reject_unknown(x, dp, {"id", "label", "hint", "required", "clause", "quote", "from"});
                    DetailField f;
                    f.id = r.string(x, dp, "id", true).value_or("");
                    const bool word = !f.id.empty() && std::all_of(f.id.begin(), f.id.end(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
                    if (!f.id.empty() && !word) r.fail(ErrorCode::kInvalidValue, dp + "/id", "内容项 id 只能由小写字母和下划线组成");
                    else if (!f.id.empty() && !detail_ids.insert(f.id).second) r.fail(ErrorCode::kDuplicateId, dp + "/id", "内容项 id “" + f.id + "”重复");
                    f.label = r.string(x, dp, "label", true).value_or("");
                    f.hint = r.string(x, dp, "hint", false).value_or("");
                    f.required = r.boolean(x, dp, "required", false).value_or(true);
                    f.from = r.one_of(x, dp, "from", false, {"document_number", "sent_on"}).value_or("");
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

    // sentences.json: every sentence of the clauses in its scope, in document order, classified.
    void load_sentences() {
        if (text_trusted) return;
        Reader r(errors, "sentences.json");
        json doc;
        if (!open("sentences.json", "referral-sentences/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "unit", "paragraphs", "scope", "sentences"});
        if (const json* sc = r.member(doc, "", "scope", true); sc && r.expect_array(*sc, "/scope"))
            for (size_t i = 0; i < sc->size(); ++i) {
                if ((*sc)[i].is_string()) pack.ledger_scope.push_back((*sc)[i].get<std::string>());
                else r.fail(ErrorCode::kWrongType, pointer_append("/scope", i), "应为条款 id 字符串");
            }
        const std::vector<DocSentence> text = split_sentences(pack.document_text);
        auto in_scope = [&](const std::string& clause) {
            return std::any_of(pack.ledger_scope.begin(), pack.ledger_scope.end(),
                               [&](const std::string& c) { return clause_contains(c, clause); });
        };
        const json* list = r.member(doc, "", "sentences", true);
        if (!list || !r.expect_array(*list, "/sentences")) return;
        static const std::vector<std::string> kStatuses = {"encoded", "institutional", "not_applicable"};
        std::vector<bool> classified(text.size(), false);
        size_t next = 0;  // the ledger follows the document's order
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/sentences", i);
            const json& o = (*list)[i];
            if (!r.expect_object(o, p)) continue;
            r.reject_unknown(o, p, {"clause", "sentence", "status", "rules", "documents", "reason"});
            LedgerEntry e;
            e.clause = r.string(o, p, "clause", true).value_or("");
            e.sentence = r.string(o, p, "sentence", true).value_or("");
            e.status = r.one_of(o, p, "status", true, kStatuses).value_or("");
            e.reason = r.string(o, p, "reason", e.status != "encoded").value_or("");
            if (e.status != "encoded" && e.reason.empty() && o.contains("reason"))
                r.fail(ErrorCode::kInvalidValue, p + "/reason", "未编码的句子须说明理由");
            if (const json* rs = r.member(o, p, "rules", e.status == "encoded" && !o.contains("documents")); rs && r.expect_array(*rs, p + "/rules")) {
                for (size_t k = 0; k < rs->size(); ++k) {
                    if ((*rs)[k].is_string()) e.rules.push_back((*rs)[k].get<std::string>());
                    else r.fail(ErrorCode::kWrongType, pointer_append(p + "/rules", k), "应为规则 id 字符串");
                }
                if (e.status != "encoded" && !rs->empty())
                    r.fail(ErrorCode::kInvalidValue, p + "/rules", "只有 encoded 的句子列出规则（状态为 " + e.status + "）");
            }
            if (const json* ds = r.member(o, p, "documents", false); ds && r.expect_array(*ds, p + "/documents")) {
                for (size_t k = 0; k < ds->size(); ++k) {
                    if ((*ds)[k].is_string()) e.documents.push_back((*ds)[k].get<std::string>());
                    else r.fail(ErrorCode::kWrongType, pointer_append(p + "/documents", k), "应为文书种类 id 字符串");
                }
                if (e.status != "encoded" && !ds->empty())
                    r.fail(ErrorCode::kInvalidValue, p + "/documents", "只有 encoded 的句子列出文书（状态为 " + e.status + "）");
            }
            if (e.status == "encoded" && e.rules.empty() && e.documents.empty())
                r.fail(ErrorCode::kInvalidValue, p + "/rules", "已编码的句子须列出编码它的规则（或文书要求）");
            if (e.sentence.empty()) continue;
            size_t at = next;
            while (at < text.size() && text[at].text != e.sentence) ++at;
            if (at == text.size()) {
                const bool anywhere = std::any_of(text.begin(), text.end(), [&](const DocSentence& d) { return d.text == e.sentence; });
                r.fail(ErrorCode::kQuoteNotFound, p + "/sentence",
                       anywhere ? "句子须按文件顺序排列，且每句只列一次：“" + e.sentence + "”"
                                : "不是文件文本中的一个完整句子（以“。”为界，逐字）：“" + e.sentence + "”");
                continue;
            }
            next = at + 1;
            classified[at] = true;
            e.offset = text[at].offset;
            const std::string& heading = text[at].clause;
            const size_t mark = e.clause.find("¶");
            const std::string base = e.clause.substr(0, mark);
            const std::string para = mark == std::string::npos ? "" : e.clause.substr(mark + std::string("¶").size());
            const bool para_ok = mark == std::string::npos ||
                                 (!para.empty() && std::all_of(para.begin(), para.end(), [](char c) { return c >= '0' && c <= '9'; }));
            if (base != heading || !para_ok)
                r.fail(ErrorCode::kInvalidValue, p + "/clause", "该句在条款 " + heading + "（段落可写作 " + heading + "¶n），不是“" + e.clause + "”");
            if (!in_scope(heading))
                r.fail(ErrorCode::kInvalidValue, p + "/sentence", "该句（" + heading + "）不在 /scope 所列条款之内");
            for (size_t k = 0; k < e.rules.size(); ++k) {
                const Rule* rule = pack.rule(e.rules[k]);
                const std::string rp = pointer_append(p + "/rules", k);
                if (!rule) {
                    r.fail(ErrorCode::kUnknownReference, rp, "未知规则“" + e.rules[k] + "”");
                } else if (!quotes_part_of(*rule, e.offset, e.offset + e.sentence.size())) {
                    r.fail(ErrorCode::kInvalidValue, rp, "规则“" + e.rules[k] + "”的引文不在该句之内：“" + e.sentence + "”");
                }
            }
            for (size_t k = 0; k < e.documents.size(); ++k) {
                const DocumentKind* kind = pack.document(e.documents[k]);
                const std::string dp = pointer_append(p + "/documents", k);
                if (!kind) {
                    r.fail(ErrorCode::kUnknownReference, dp, "未知文书种类“" + e.documents[k] + "”");
                    continue;
                }
                std::vector<std::string> qs;
                for (const auto& f : kind->fields) qs.push_back(f.quote);
                for (const auto& a : kind->attachments) qs.push_back(a.quote);
                for (const auto& d : kind->details) qs.push_back(d.quote);
                if (!covers_part_of(qs, e.offset, e.offset + e.sentence.size()))
                    r.fail(ErrorCode::kInvalidValue, dp, "文书“" + e.documents[k] + "”的要求不引用该句：“" + e.sentence + "”");
            }
            pack.sentences.push_back(std::move(e));
        }
        for (size_t i = 0; i < text.size(); ++i)
            if (!classified[i] && in_scope(text[i].clause))
                r.fail(ErrorCode::kMissingField, "/sentences",
                       "未归类的句子（" + text[i].clause + "）：“" + text[i].text + "”");
    }

    // Whether some occurrence of one of `quotes` in the document overlaps [begin, end).
    bool covers_part_of(const std::vector<std::string>& quotes, size_t begin, size_t end) const {
        const std::string& doc = pack.document_text;
        for (const auto& q : quotes) {
            if (q.empty()) continue;
            for (size_t at = doc.find(q); at != std::string::npos && at < end; at = doc.find(q, at + 1))
                if (begin < at + q.size()) return true;
        }
        return false;
    }

    // Whether some quote of `rule` (its own, or a deadline's) covers a part of [begin, end).
    bool quotes_part_of(const Rule& rule, size_t begin, size_t end) const {
        std::vector<std::string> qs = rule.quotes;
        for (const auto& s : rule.steps)
            for (const auto& d : s.due) qs.push_back(d.quote);
        return covers_part_of(qs, begin, end);
    }

    // #9.12: every quote lies inside the clause it is cited under (some occurrence of it does). A
    // clause with ¶n is the span of the ledger's sentences numbered so.
    void check_cited() {
        if (text_trusted) return;
        const std::string& doc = pack.document_text;
        const std::vector<DocSentence> text = split_sentences(doc);
        auto sentence_at = [&](size_t at) -> const DocSentence* {
            for (const auto& s : text)
                if (s.offset <= at && at < s.offset + s.text.size()) return &s;
            return nullptr;
        };
        auto ledger_clause = [&](size_t offset) -> std::string {
            for (const auto& e : pack.sentences)
                if (e.offset == offset) return e.clause;
            return "";
        };
        for (const Cited& c : cited) {
            if (c.quote.empty() || c.clause.empty() || doc.find(c.quote) == std::string::npos) continue;  // reported already
            Reader r(errors, c.file);
            const size_t mark = c.clause.find("¶");
            const std::string base = c.clause.substr(0, mark);
            bool inside = false;
            std::string where;
            for (size_t at = doc.find(c.quote); at != std::string::npos && !inside; at = doc.find(c.quote, at + 1)) {
                const DocSentence* first = sentence_at(at);
                const DocSentence* last = sentence_at(at + c.quote.size() - 1);
                if (!first || !last) continue;
                if (where.empty()) where = ledger_clause(first->offset).empty() ? first->clause : ledger_clause(first->offset);
                if (!clause_contains(base, first->clause) || !clause_contains(base, last->clause)) continue;
                inside = mark == std::string::npos ||
                         (ledger_clause(first->offset) == c.clause && ledger_clause(last->offset) == c.clause);
            }
            if (!inside)
                r.fail(ErrorCode::kQuoteNotFound, c.path,
                       "引文不在所引条款 " + c.clause + " 之内" + (where.empty() ? "" : "（它在 " + where + "）") + "：“" + c.quote + "”");
        }
    }

    // questions.json: each question's relevance compiled against the case facts, its target and
    // its options checked, with pointers into the file.
    void load_questions() {
        auto it = files.find("questions.json");
        if (it == files.end()) return;
        pack.questions_json = it->second;
        Reader r(errors, "questions.json");
        json doc;
        if (!open("questions.json", "referral-questions/1", r, doc)) return;
        r.reject_unknown(doc, "", {"schema", "note", "groups", "questions"});
        std::set<std::string> groups;
        if (const json* gs = r.member(doc, "", "groups", true); gs && r.expect_array(*gs, "/groups"))
            for (size_t i = 0; i < gs->size(); ++i) {
                const std::string p = pointer_append("/groups", i);
                if (!r.expect_object((*gs)[i], p)) continue;
                if (auto id = r.string((*gs)[i], p, "id", true); id && !groups.insert(*id).second)
                    r.fail(ErrorCode::kDuplicateId, p + "/id", "分组 id “" + *id + "”重复");
            }
        static const std::vector<std::string> kTypes = {"choice", "boolean", "date-time", "town", "dept", "item-picker"};
        // The members of referral-case/1 a question may fill, besides the facts of the schema.
        static const std::vector<std::string> kMembers = {"/date", "/received", "/decided", "/item", "/town", "/dept"};
        const json* list = r.member(doc, "", "questions", true);
        if (!list || !r.expect_array(*list, "/questions")) return;
        std::set<std::string> ids;
        for (size_t i = 0; i < list->size(); ++i) {
            const std::string p = pointer_append("/questions", i);
            const json& o = (*list)[i];
            if (!r.expect_object(o, p)) continue;
            r.reject_unknown(o, p, {"id", "group", "type", "sets", "required", "relevant", "label", "help", "options", "note"});
            Question q;
            q.id = r.string(o, p, "id", true).value_or("");
            if (!q.id.empty() && !ids.insert(q.id).second) r.fail(ErrorCode::kDuplicateId, p + "/id", "问题 id “" + q.id + "”重复");
            q.group = r.string(o, p, "group", true).value_or("");
            if (!q.group.empty() && !groups.count(q.group)) r.fail(ErrorCode::kUnknownReference, p + "/group", "未声明的分组“" + q.group + "”");
            q.type = r.one_of(o, p, "type", true, kTypes).value_or("");
            q.sets = r.string(o, p, "sets", true).value_or("");
            q.required = r.boolean(o, p, "required", true).value_or(false);
            q.relevant = condition(r, o, p, "relevant", false);
            // What the answer fills: a fact of the schema (/finder, /flags/urgent) or another member.
            const std::string fact = q.sets.rfind("/flags/", 0) == 0 ? q.sets.substr(7) : q.sets.empty() ? "" : q.sets.substr(1);
            const int index = pack.schema.find(fact);
            const bool is_flag = q.sets.rfind("/flags/", 0) == 0;
            // /dates/<event>: the day of a milestone (src/matter, Matter::dated), an event some anchor is set by.
            const bool is_date = q.sets.rfind("/dates/", 0) == 0;
            const std::vector<std::string> events = is_date ? pack.dateable_events() : std::vector<std::string>{};
            const bool dateable = std::find(events.begin(), events.end(), q.sets.substr(is_date ? 7 : 0)) != events.end();
            if (is_date && !dateable)
                r.fail(ErrorCode::kUnknownReference, p + "/sets", "“" + q.sets + "”：/dates/ 之后应为某一期限起算点所依据的事件");
            if (is_date && q.type != "date-time")
                r.fail(ErrorCode::kInvalidValue, p + "/type", "/dates/ 的问题应为 date-time");
            const bool known = is_date || is_flag ? (is_date || pack.flag(fact) != nullptr)
                                       : (index >= 0 && (pack.enum_fact(fact) || fact == "finder" || fact == "devolved")) ||
                                             std::find(kMembers.begin(), kMembers.end(), q.sets) != kMembers.end();
            if (!q.sets.empty() && !known)
                r.fail(ErrorCode::kUnknownReference, p + "/sets", "“" + q.sets + "”不是 referral-case/1 中问卷可填写的成员");
            if (known && index >= 0) {
                const FactKind kind = pack.schema.at(index).kind;
                if (q.type == "boolean" && kind != FactKind::kBool)
                    r.fail(ErrorCode::kInvalidValue, p + "/type", "“" + fact + "”不是是/否事实，不能用 boolean 问题填写");
                if (q.type == "choice" && kind != FactKind::kEnum)
                    r.fail(ErrorCode::kInvalidValue, p + "/type", "“" + fact + "”不是枚举事实，不能用 choice 问题填写");
            }
            if (const json* os = r.member(o, p, "options", q.type == "choice"); os && r.expect_array(*os, p + "/options")) {
                const std::vector<std::string>* values = index >= 0 && pack.schema.at(index).kind == FactKind::kEnum ? &pack.schema.at(index).values : nullptr;
                for (size_t k = 0; k < os->size(); ++k) {
                    const std::string op = pointer_append(p + "/options", k);
                    if (!r.expect_object((*os)[k], op)) continue;
                    auto v = r.string((*os)[k], op, "value", true);
                    if (!v) continue;
                    if (values && std::find(values->begin(), values->end(), *v) == values->end())
                        r.fail(ErrorCode::kUnknownValue, op + "/value", "“" + *v + "”不是 " + fact + " 的取值（" + join(*values) + "）");
                    q.options.push_back(*v);
                }
            }
            pack.questions.push_back(std::move(q));
        }
    }
};

}  // namespace

namespace {
// SHA-256 over the files as name, '\n', size, '\n', bytes, in name order; `text_only`: the pack's text
// alone (in_pack_text).
std::string files_digest(const PackFiles& files, bool text_only) {
    Sha256 h;
    for (const auto& [name, bytes] : files) {
        if (text_only && !in_pack_text(name)) continue;
        h.update(name + "\n" + std::to_string(bytes.size()) + "\n");
        h.update(bytes);
    }
    const auto digest = h.finish();
    return to_hex(digest.data(), digest.size());
}
}  // namespace

std::string pack_text_sha256(const PackFiles& files) { return files_digest(files, true); }

std::string pack_files_sha256(const PackFiles& files) { return files_digest(files, false); }

json pack_file_json(const PackFiles& files, const PackMeta& meta) {
    json f = json::object();
    for (const auto& [name, bytes] : files) f[name] = bytes;
    return {{"schema", "referral-pack-file/1"}, {"pack", meta.id},   {"version", meta.version}, {"number", meta.number},
            {"title", meta.title},               {"files", std::move(f)}, {"sha256", pack_files_sha256(files)}};
}

Result<PackFiles> read_pack_file(const std::string& text, std::vector<Error>* all_errors, const std::string& name) {
    std::vector<Error> errors;
    PackFiles files;
    auto finish = [&]() -> Result<PackFiles> {
        if (!name.empty())
            for (Error& e : errors) e.file = name;
        if (all_errors) *all_errors = errors;
        if (!errors.empty()) return errors.front();
        return files;
    };
    auto doc = parse_json(text, "", limits::kPackArchiveBytes);
    if (!doc.ok()) {
        errors.push_back(doc.error());
        return finish();
    }
    Reader r(errors);
    const json& d = doc.value();
    if (!r.expect_object(d, "")) return finish();
    r.reject_unknown(d, "", {"schema", "pack", "version", "number", "title", "files", "sha256"});
    if (auto s = r.string(d, "", "schema", true); s && *s != "referral-pack-file/1")
        r.fail(ErrorCode::kSchemaMismatch, "/schema", "应为 referral-pack-file/1，实为“" + *s + "” / not a pack file");
    for (const char* k : {"pack", "version", "number", "title"}) r.string(d, "", k, false);
    const auto sha = r.string(d, "", "sha256", true);
    const json* fs = r.member(d, "", "files", true);
    if (fs && r.expect_object(*fs, "/files")) {
        if (fs->size() > limits::kPackFiles)
            r.fail(ErrorCode::kTooLarge, "/files", "规则包文件超过 " + std::to_string(limits::kPackFiles) + " 个 / too many files");
        for (auto it = fs->begin(); it != fs->end() && files.size() < limits::kPackFiles; ++it) {
            const std::string p = pointer_append("/files", it.key());
            const std::string& name = it.key();
            if (name.empty() || name[0] == '.' || name.find('/') != std::string::npos || name.find('\\') != std::string::npos) {
                r.fail(ErrorCode::kInvalidValue, p, "文件名“" + name + "”不是规则包中的文件名（不得含路径） / not a plain file name");
                continue;
            }
            if (!it->is_string()) {
                r.fail(ErrorCode::kWrongType, p, "应为文件的文本 / must be the file's text");
                continue;
            }
            if (it->get_ref<const std::string&>().size() > limits::kPackFileBytes) {
                r.fail(ErrorCode::kTooLarge, p, "文件超过 8 MiB / file too large");
                continue;
            }
            files[name] = it->get<std::string>();
        }
    }
    if (errors.empty() && sha && *sha != pack_files_sha256(files))
        r.fail(ErrorCode::kInvalidValue, "/sha256", "规则包文件的内容与其 SHA-256 摘要不符，文件已被改动或损坏 / the files do not match the digest");
    return finish();
}

Result<Pack> load_pack(const PackFiles& files, std::vector<Error>* all_errors, const LoadOptions& options) {
    std::vector<Error> errors;
    Loader loader{files, errors, Pack{}, false, {}};
    loader.text_trusted = !options.checked_text_sha256.empty() && pack_text_sha256(files) == options.checked_text_sha256;
    loader.pack.text_checked_at_build = loader.text_trusted;
    loader.pack.schema = engine_fact_schema();
    loader.load_meta();
    loader.load_authorities();
    loader.load_vocabulary();
    loader.load_catalogue();
    loader.load_category_rules();
    loader.load_rules();
    loader.load_documents();
    loader.load_sentences();
    loader.check_cited();
    loader.load_questions();
    if (all_errors) *all_errors = errors;
    if (!errors.empty()) return errors.front();
    return std::move(loader.pack);
}

}  // namespace referral
