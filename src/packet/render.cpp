// Rendering of packet documents through kainjow::mustache (Debian libkainjow-mustache-dev,
// header-only). `{{name}}` HTML-escapes & < > " ' — the template never uses the raw forms.
#include <kainjow/mustache.hpp>

#include "packet/packet.h"
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

    json view = json::object();
    view["title"] = m(doc, "title");
    view["receipt"] = m(doc, "receipt");
    view["is_transfer"] = doc_id == "transfer_letter";
    view["is_list"] = doc_id == "attachment_list";
    view["label"] = m(doc, "label");
    view["details"] = m(doc, "details").is_array() && !m(doc, "details").empty() ? m(doc, "details") : json(false);
    view["sender"] = m(m(packet, "sender"), "name");
    view["receiver"] = m(m(packet, "receiver"), "name");
    view["document_number"] = m(packet, "document_number");
    view["sent_on"] = date_zh(s(packet, "sent_on"));
    json summary = m(packet, "summary").is_object() ? m(packet, "summary") : json::object();
    summary["time"] = date_zh(s(summary, "time"));
    view["summary"] = summary;
    json parties = json::array();
    for (const auto& p : list(packet, "parties")) {
        const std::string kind = s(p, "kind");
        std::string id = kind == "person" ? s(p, "id_number") : s(p, "credit_code");
        const bool pending = p.is_object() && p.contains("identity_pending") && id.empty();
        parties.push_back({{"name", m(p, "name")},
                           {"kind", kind == "person" ? "自然人" : "单位"},
                           {"id_label", pending ? "身份待核实" : party_id_label(kind)},
                           {"id", pending ? s(p, "identity_pending") : id}});
    }
    view["parties"] = parties;
    view["contact"] = m(packet, "contact");
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

    // The heading names the matter: 关于<party>涉嫌<item>的移送函; a dispute goes up as a 请示.
    const std::string item_id = s(m(packet, "case"), "item");
    const CatalogueItem* item = item_id.empty() ? nullptr : pack.item(item_id);
    const std::string party = s(m(packet, "summary"), "party");
    const std::string matter = (party.empty() ? std::string("有关当事人") : party) + (item ? "涉嫌" + item->name : std::string("涉嫌违法"));
    const std::string& id = doc_id;
    view["is_request"] = id == "dispute_report";
    view["is_handover"] = id == "materials_handover";
    view["has_time"] = !s(m(packet, "summary"), "time").empty();
    view["has_measures"] = !s(m(packet, "summary"), "measures").empty();
    view["has_facts"] = !s(m(packet, "summary"), "facts").empty();
    view["has_parties"] = !list(packet, "parties").empty();
    if (id == "transfer_letter") view["heading"] = "关于" + matter + "的移送函";
    else if (id == "materials_handover")
        view["heading"] = "关于移交" + (item ? "“" + item->name + "”相关管理问题" : std::string("有关管理问题")) + "书面资料的函";
    else if (id == "dispute_report") view["heading"] = "关于" + matter + "案件管辖争议的请示";
    else view["heading"] = m(doc, "title");
    view["matter"] = matter;

    // The plan step this document serves (sender → receiver, listing it): its duty, clause and deadline.
    json step = nullptr;
    for (const auto& st : list(m(packet, "plan"), "steps")) {
        if (m(st, "actor") != m(m(packet, "sender"), "id") || m(st, "to") != m(m(packet, "receiver"), "id")) continue;
        for (const auto& d : list(st, "documents"))
            if (d == m(doc, "id")) step = st;
        if (!step.is_null()) break;
    }
    if (!step.is_null()) {
        const json& due = m(step, "due");
        const std::string rule = s(due, "rule");
        const std::string count = std::to_string(integer_or(m(due, "count"), 0));
        std::string due_text;
        if (rule == "working_days" && m(due, "date").is_string())
            due_text = date_zh(s(due, "date")) + "（" + s(due, "weekday") + "）前，计 " + count + " 个工作日";
        else if (rule == "hours" && m(due, "datetime").is_string())
            due_text = date_zh(s(due, "datetime")) + "前，计 " + count + " 小时";
        else if (rule == "immediately") due_text = "立即";
        else if (rule == "promptly") due_text = "及时";
        view["step"] = {{"action_label", m(step, "action_label")}, {"clause", m(step, "clause")}, {"quote", trim_full_stop(s(step, "quote"))},
                        {"clause_zh", clause_in_sentence(s(step, "clause"))},
                        {"due", due_text.empty() ? json(false) : json(due_text)}};
    } else {
        view["step"] = false;
    }
    view["has_materials"] = !materials.empty();

    // Citations this document rests on, once each.
    json citations = json::array();
    auto cite = [&](const json& clause, const json& quote, const std::string& basis) {
        for (auto& c : citations)
            if (c["quote"] == quote) {
                if (!basis.empty() && !c.contains("basis")) c["basis"] = basis;
                return;
            }
        json c = {{"clause", clause.is_string() ? json(clause_in_sentence(clause.get<std::string>())) : clause}, {"quote", quote}};
        if (!basis.empty()) c["basis"] = basis;
        citations.push_back(std::move(c));
    };
    if (!step.is_null()) cite(m(step, "clause"), s(step, "quote"), "");
    for (const auto& req : list(doc, "attachments"))
        if (m(req, "required") == true || !list(req, "provided").empty()) cite(m(req, "clause"), m(req, "quote"), s(req, "basis"));
    if (const DocumentKind* k = pack.document(doc_id)) {
        for (const auto& f : k->details) cite(f.clause, f.quote, "");
        for (const auto& r : k->fields) cite(r.clause, r.quote, "");
    }
    view["citations"] = citations;
    const json& completeness = m(doc, "completeness");
    view["items"] = list(completeness, "items");
    view["incomplete"] = m(completeness, "complete") != json(true);
    view["packet_sha256"] = m(packet, "sha256");

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
