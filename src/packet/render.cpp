// Rendering of packet documents through kainjow::mustache (Debian libkainjow-mustache-dev,
// header-only). `{{name}}` HTML-escapes & < > " ' — the template never uses the raw forms.
#include <kainjow/mustache.hpp>

#include "packet/packet.h"
#include "rules/plan.h"
#include "rules/clause_text.h"

namespace referral {

namespace {

using kainjow::mustache::data;

data to_data(const json& j) {
    if (j.is_object()) {
        data d{data::type::object};
        for (auto it = j.begin(); it != j.end(); ++it) d.set(it.key(), to_data(it.value()));
        return d;
    }
    if (j.is_array()) {
        data d{data::type::list};
        for (const auto& v : j) d.push_back(to_data(v));
        return d;
    }
    if (j.is_boolean()) return data{j.get<bool>()};
    if (j.is_string()) return data{j.get<std::string>()};
    if (j.is_null()) return data{data::type::bool_false};
    return data{j.dump(-1, ' ', false, json::error_handler_t::replace)};
}

// "2026-09-30" → "2026年9月30日" (GB/T 9704-2012 7.3.5.2: Arabic numerals, no leading zeros).
std::string date_zh(const std::string& iso) {
    auto d = Date::parse(iso.substr(0, std::min<size_t>(iso.size(), 10)));
    if (!d) return iso;
    std::string out = std::to_string(d->year()) + "年" + std::to_string(d->month()) + "月" + std::to_string(d->day()) + "日";
    if (auto t = DateTime::parse(iso)) {
        out += std::to_string(t->seconds / 3600) + "时";
        if (t->seconds / 60 % 60) out += std::to_string(t->seconds / 60 % 60) + "分";
    }
    return out;
}

const char* party_id_label(const std::string& kind) { return kind == "person" ? "公民身份号码" : "统一社会信用代码"; }

// A quotation run into a sentence (…“原文”的规定) loses its own closing full stop.
std::string trim_full_stop(std::string q) {
    static const std::string kStop = "。";
    if (q.size() >= kStop.size() && q.compare(q.size() - kStop.size(), kStop.size(), kStop) == 0) q.resize(q.size() - kStop.size());
    return q;
}

// A quotation as it reads on paper: the document text's spaces around figures, left by the PDF it
// was reflowed from ("在 5 个工作日内"), are not printed inside a quotation mark ("在5个工作日内").
// A space stays between two ASCII letters or digits ("GB/T 9704").
std::string printed_quote(const std::string& q) {
    std::string out;
    for (size_t i = 0; i < q.size(); ++i) {
        if (q[i] == ' ' && i > 0 && i + 1 < q.size()) {
            const unsigned char before = static_cast<unsigned char>(q[i - 1]), after = static_cast<unsigned char>(q[i + 1]);
            const bool wide_before = before >= 0x80, wide_after = after >= 0x80;
            if (wide_before || wide_after) continue;
        }
        out += q[i];
    }
    return out;
}

// A deadline as a document prints it: the plan's own wording when it has one (`due.text`), else the
// count and the last day with its weekday ("5个工作日，至2026年5月21日（星期四）").
std::string due_in_words(const json& due) {
    const auto s = [&](const char* key) { return string_or(member_or_null(due, key)); };
    if (!s("text").empty()) return s("text");
    const std::string rule = s("rule");
    const std::string count = std::to_string(integer_or(member_or_null(due, "count"), 0));
    if (rule == "working_days" && member_or_null(due, "date").is_string())
        return count + "个工作日，至" + date_zh(s("date")) + "（" + s("weekday") + "）";
    if (rule == "working_days") return count + "个工作日";
    if (rule == "hours" && member_or_null(due, "datetime").is_string()) return count + "小时，至" + date_zh(s("datetime"));
    if (rule == "hours") return count + "小时内";
    if (rule == "immediately") return "立即";
    if (rule == "promptly") return "及时";
    return "";
}

}  // namespace

namespace {

Result<std::string> render(const Pack& pack, const json& packet, size_t index) {
    // The packet may come from outside (a packet.json to verify): every read tolerates absent
    // members and wrong types (json_read.h), so a malformed packet renders blanks, never aborts.
    const auto m = [](const json& j, const char* key) -> const json& { return member_or_null(j, key); };
    const auto s = [](const json& j, const char* key) { return string_or(member_or_null(j, key)); };
    const auto list = [](const json& j, const char* key) -> const json& {
        static const json kEmpty = json::array();
        const json& v = member_or_null(j, key);
        return v.is_array() ? v : kEmpty;
    };
    const json& docs = list(packet, "documents");
    if (index >= docs.size())
        return make_error(ErrorCode::kInvalidValue, "/documents", "文书序号超出范围 / no such document");
    const json& doc = docs[index];
    if (!doc.is_object()) return make_error(ErrorCode::kWrongType, pointer_append("/documents", index), "应为对象 / must be an object");
    const std::string doc_id = s(doc, "id");
    // How this kind prints (documents.json): its layout, the template's body section, its heading.
    static const DocumentKind kPlain;
    const DocumentKind* found_kind = pack.document(doc_id);
    const DocumentKind& kind = found_kind ? *found_kind : kPlain;

    json view = json::object();
    view["title"] = m(doc, "title");
    view["receipt"] = m(doc, "receipt");
    view["layout"] = {{kind.layout, true}};
    view["body"] = {{kind.body.empty() ? std::string("general") : kind.body, true}};
    view["label"] = m(doc, "label");
    view["details"] = m(doc, "details").is_array() && !m(doc, "details").empty() ? m(doc, "details") : json(false);
    json detail = json::object();  // the same texts by id, for a body that places each where it belongs
    for (const auto& d : list(doc, "details"))
        if (!s(d, "value").empty()) detail[s(d, "id")] = s(d, "value");
    view["detail"] = detail;
    view["sender"] = m(m(packet, "sender"), "name");
    view["receiver"] = m(m(packet, "receiver"), "name");
    view["document_number"] = m(packet, "document_number");
    view["sent_on"] = date_zh(s(packet, "sent_on"));
    json summary = m(packet, "summary").is_object() ? m(packet, "summary") : json::object();
    summary["time"] = date_zh(s(summary, "time"));
    view["summary"] = summary;
    json parties = json::array();
    for (const auto& p : list(packet, "parties")) {
        const std::string kind_of = s(p, "kind");
        std::string id = kind_of == "person" ? s(p, "id_number") : s(p, "credit_code");
        const bool pending = p.is_object() && p.contains("identity_pending") && id.empty();
        parties.push_back({{"name", m(p, "name")},
                           {"kind", kind_of == "person" ? "自然人" : "单位"},
                           {"id_label", pending ? "身份待核实" : party_id_label(kind_of)},
                           {"id", pending ? s(p, "identity_pending") : id}});
    }
    view["parties"] = parties;
    view["contact"] = m(packet, "contact");
    // The document's own fields as the packet holds them (documents.json → fields: e.g. the officials a
    // pack names on a transfer), for the pack's template to print.
    view["fields"] = m(doc, "fields").is_object() ? m(doc, "fields") : json::object();
    json approval = m(packet, "approval").is_object() ? m(packet, "approval") : json::object();
    approval["date"] = date_zh(s(approval, "date"));
    view["approval"] = approval;
    view["pack"] = m(packet, "pack");

    // Materials: every provided file of a kind this document lists, numbered as they will be bound.
    json materials = json::array();
    const json& manifest = list(packet, "attachments");
    int n = 0;
    for (const auto& req : list(doc, "attachments")) {
        if (list(req, "provided").empty()) {
            if (m(req, "required") == false) continue;  // a kind the document merely accepts, none given: not listed
            materials.push_back({{"n", std::to_string(++n)}, {"label", m(req, "label")}, {"file_name", ""},
                                 {"size", ""}, {"sha256", ""}, {"absent", true}, {"required", m(req, "required")}});
            continue;
        }
        for (const auto& i : list(req, "provided")) {
            const json& f = element_or_null(manifest, static_cast<size_t>(integer_or(i, -1)));
            const long long size = integer_or(m(f, "size"), -1);
            materials.push_back({{"n", std::to_string(++n)}, {"label", m(req, "label")}, {"file_name", m(f, "file_name")},
                                 {"size", size >= 0 ? std::to_string(size) : ""},
                                 {"sha256", m(f, "sha256")}, {"absent", false}, {"required", m(req, "required")}});
        }
    }
    view["materials"] = materials;
    // The letter's 附件 line: the materials by name (counts, no digests: those are in the 材料清单).
    json annex = json::array();
    for (const auto& req : list(doc, "attachments")) {
        const size_t count = list(req, "provided").size();
        if (count == 0 && m(req, "required") == false) continue;
        annex.push_back({{"n", std::to_string(annex.size() + 1)}, {"label", m(req, "label")}, {"first", annex.empty()},
                         {"prefix", annex.empty() ? "附件：" : ""},
                         {"count", count ? "（" + std::to_string(count) + " 份）" : std::string("（缺）")}});
    }
    view["annex"] = annex;
    view["has_annex"] = !annex.empty();

    // The matter as the documents name it: the party, and the catalogue item in the body only (an
    // item's name may list alternatives — "摆摊设点或者超出门窗外墙经营" — which a heading must not carry).
    const json& kase = m(packet, "case");
    const json& facts = m(m(packet, "plan"), "facts");
    const std::string item_id = s(kase, "item");
    const CatalogueItem* item = item_id.empty() ? nullptr : pack.item(item_id);
    const std::string party = s(m(packet, "summary"), "party");
    view["party"] = party.empty() ? std::string("有关当事人") : party;
    view["item_name"] = item ? json(item->name) : json(false);
    view["matter"] = (party.empty() ? std::string("有关当事人") : party) + (item ? "涉嫌" + item->name : std::string("涉嫌违法"));
    view["has_time"] = !s(m(packet, "summary"), "time").empty();
    view["has_measures"] = !s(m(packet, "summary"), "measures").empty();
    view["has_facts"] = !s(m(packet, "summary"), "facts").empty();
    // The party table: in the kinds that carry the parties (documents.json fields), when there are any.
    const bool carries_parties = std::any_of(kind.fields.begin(), kind.fields.end(), [](const Requirement& r) { return r.field == "parties"; });
    view["has_parties"] = carries_parties && !list(packet, "parties").empty();

    // The opening sentence, in the sender's voice, from the case: how the matter came (source), who
    // found or received it, when and where. A transfer received (`transfer_in`) was found by the
    // other side of the matter; the side that received it is the case's finder (referral-case/1).
    const std::string sender_id = s(m(packet, "sender"), "id"), receiver_id = s(m(packet, "receiver"), "id");
    const auto voiced = [&](const std::string& id) -> std::string {
        if (id.empty()) return "";
        if (id == sender_id) return "我单位";
        if (id == receiver_id) return "你单位";
        const Authority* a = pack.authority(id);
        return a ? a->name : "";
    };
    const std::string town_id = s(facts, "town").empty() ? "" : "town:" + s(facts, "town");
    const std::string dept_id = s(facts, "dept").empty() ? "" : "dept:" + s(facts, "dept");
    const std::string finder = s(kase, "finder");
    const std::string finder_id = finder == "town" ? town_id : finder == "dept" ? dept_id : "";
    // Each of the pack's enum facts as a section of its value ({{#is.source.patrol}} … in the
    // template): the wording of the opening follows the case, and the engine names no value.
    json is = json::object();
    for (const EnumFact& e : pack.enums)
        if (const std::string v = s(kase, e.id.c_str()); !v.empty()) is[e.id] = {{v, true}};
    view["is"] = std::move(is);
    // A matter the finder received by a transfer (the pack's received_matter): received on `received`,
    // else on the day in the case.
    bool received_matter = false;
    if (auto parsed = parse_case(kase, pack); parsed.ok() && pack.received_matter)
        received_matter = pack.received_matter->evaluate(derive_facts(pack, parsed.value()));
    view["who"] = voiced(finder_id);
    view["original_finder"] = voiced(finder == "town" ? dept_id : finder == "dept" ? town_id : "");
    view["dept_name"] = dept_id.empty() ? json(false) : json(pack.authority(dept_id) ? pack.authority(dept_id)->name : "");
    view["time"] = date_zh(!s(m(packet, "summary"), "time").empty() ? s(m(packet, "summary"), "time") : s(kase, "date"));
    view["place"] = s(m(packet, "summary"), "place").empty() ? json(false) : json(s(m(packet, "summary"), "place"));
    const std::string received = !s(kase, "received").empty() ? s(kase, "received") : received_matter ? s(kase, "date") : "";
    view["received"] = received.empty() ? json(false) : json(date_zh(received.substr(0, 10)));
    view["flags"] = m(kase, "flags").is_object() ? m(kase, "flags") : json::object();
    if (!kind.replies_to.empty())
        if (const DocumentKind* r = pack.document(kind.replies_to)) view["replies_to"] = {{"title", r->title}};

    // The plan step this document serves (sender → receiver, listing it): its duty, clause and deadline.
    json step = nullptr;
    for (const auto& st : list(m(packet, "plan"), "steps")) {
        if (m(st, "actor") != m(m(packet, "sender"), "id") || m(st, "to") != m(m(packet, "receiver"), "id")) continue;
        for (const auto& d : list(st, "documents"))
            if (d == m(doc, "id")) step = st;
        if (!step.is_null()) break;
    }
    if (!step.is_null()) {
        const std::string due_text = due_in_words(m(step, "due"));
        view["step"] = {{"action_label", m(step, "action_label")}, {"clause", m(step, "clause")}, {"quote", printed_quote(trim_full_stop(s(step, "quote")))},
                        {"clause_zh", clause_in_sentence(s(step, "clause"))},
                        {"due", due_text.empty() ? json(false) : json(due_text)}};
    } else {
        view["step"] = false;
    }
    // The deadlines the kind prints (documents.json `deadlines`): its own step's, or another step's
    // between the same two authorities, named by its action.
    json deadline = json::object();
    for (const auto& [name, ref] : kind.deadlines) {
        const json* due = step.is_null() ? nullptr : &m(step, "due");
        if (ref != "own") {
            due = nullptr;
            for (const auto& st : list(m(packet, "plan"), "steps"))
                if (s(st, "action") == ref && m(st, "actor") == m(m(packet, "sender"), "id") && m(st, "to") == m(m(packet, "receiver"), "id")) {
                    due = &m(st, "due");
                    break;
                }
        }
        const std::string text = due ? due_in_words(*due) : "";
        if (!text.empty()) deadline[name] = text;
    }
    view["deadline"] = deadline;
    view["has_materials"] = !materials.empty();

    // Citations this document rests on, once each.
    json citations = json::array();
    auto cite = [&](const json& clause, const json& quote, const std::string& basis) {
        const json shown = quote.is_string() ? json(printed_quote(quote.get<std::string>())) : quote;
        for (auto& c : citations)
            if (c["quote"] == shown) {
                if (!basis.empty() && !c.contains("basis")) c["basis"] = basis;
                return;
            }
        json c = {{"clause", clause.is_string() ? json(clause_in_sentence(clause.get<std::string>())) : clause}, {"quote", shown}};
        if (!basis.empty()) c["basis"] = basis;
        citations.push_back(std::move(c));
    };
    if (!step.is_null()) cite(m(step, "clause"), s(step, "quote"), "");
    for (const auto& req : list(doc, "attachments"))
        if (m(req, "required") == true || !list(req, "provided").empty()) cite(m(req, "clause"), m(req, "quote"), s(req, "basis"));
    for (const auto& f : kind.details) cite(f.clause, f.quote, "");
    for (const auto& r : kind.fields) cite(r.clause, r.quote, "");
    view["citations"] = citations;
    const json& completeness = m(doc, "completeness");
    view["items"] = list(completeness, "items");
    view["incomplete"] = m(completeness, "complete") != json(true);
    view["packet_sha256"] = m(packet, "sha256");

    // The heading: the kind's heading template over this view (documents.json), else its title.
    view["heading"] = m(doc, "title");
    if (!kind.heading.empty()) {
        kainjow::mustache::mustache heading{kind.heading};
        heading.set_custom_escape([](const std::string& t) { return t; });  // plain text: the page template escapes it once
        const std::string text = heading.render(to_data(view));
        if (!heading.is_valid())
            return make_error(ErrorCode::kInvalidValue, "", "文书标题模板有误 / heading template error: " + heading.error_message());
        view["heading"] = text;
    }

    kainjow::mustache::mustache tmpl{pack.document_template};
    if (!tmpl.is_valid())
        return make_error(ErrorCode::kInvalidValue, "", "文书模板有误 / template error: " + tmpl.error_message());
    std::string html = tmpl.render(to_data(view));
    if (!tmpl.is_valid())
        return make_error(ErrorCode::kInvalidValue, "", "文书模板有误 / template error: " + tmpl.error_message());
    return html;
}

}  // namespace

Result<std::string> render_document(const Pack& pack, const json& packet, size_t index) { return render(pack, packet, index); }

}  // namespace referral
