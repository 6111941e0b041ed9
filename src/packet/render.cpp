// Rendering of packet documents through kainjow::mustache (Debian libkainjow-mustache-dev,
// header-only). `{{name}}` HTML-escapes & < > " ' — the template never uses the raw forms.
#include <kainjow/mustache.hpp>

#include "packet/packet.h"

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
    return data{j.dump()};
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

// A clause as the document numbers it, in running text: "二(四)1¶3" → "第二部分第（四）项第1点".
std::string clause_zh(const std::string& clause) {
    std::string c = clause.substr(0, clause.find("¶"));
    const size_t open = c.find('('), close = c.find(')');
    if (open == std::string::npos || close == std::string::npos || close < open) return c;
    std::string out = "第" + c.substr(0, open) + "部分第（" + c.substr(open + 1, close - open - 1) + "）项";
    if (close + 1 < c.size()) out += "第" + c.substr(close + 1) + "点";
    return out;
}

}  // namespace

namespace {

Result<std::string> render(const Pack& pack, const json& packet, size_t index) {
    const json& docs = packet.at("documents");
    if (index >= docs.size())
        return make_error(ErrorCode::kInvalidValue, "/documents", "文书序号超出范围 / no such document");
    const json& doc = docs[index];

    json view = json::object();
    view["title"] = doc.at("title");
    view["receipt"] = doc.contains("receipt") ? doc["receipt"] : json(nullptr);
    view["is_transfer"] = doc.at("id") == "transfer_letter";
    view["is_list"] = doc.at("id") == "attachment_list";
    view["label"] = doc.at("label");
    view["details"] = doc.contains("details") && !doc["details"].empty() ? doc["details"] : json(false);
    view["sender"] = packet.at("sender").at("name");
    view["receiver"] = packet.at("receiver").at("name");
    view["document_number"] = packet.at("document_number");
    view["sent_on"] = date_zh(packet.at("sent_on").get<std::string>());
    json summary = packet.at("summary");
    summary["time"] = date_zh(summary.at("time").get<std::string>());
    view["summary"] = summary;
    json parties = json::array();
    for (const auto& p : packet.at("parties")) {
        const std::string kind = p.at("kind").get<std::string>();
        std::string id = kind == "person" ? p.value("id_number", "") : p.value("credit_code", "");
        const bool pending = p.contains("identity_pending") && id.empty();
        parties.push_back({{"name", p.at("name")},
                           {"kind", kind == "person" ? "自然人" : "单位"},
                           {"id_label", pending ? "身份待核实" : party_id_label(kind)},
                           {"id", pending ? p.value("identity_pending", "") : id}});
    }
    view["parties"] = parties;
    view["contact"] = packet.at("contact");
    json approval = packet.at("approval");
    approval["date"] = date_zh(approval.at("date").get<std::string>());
    view["approval"] = approval;
    view["pack"] = packet.at("pack");

    // Materials: every provided file of a kind this document lists, numbered as they will be bound.
    json materials = json::array();
    const json& manifest = packet.at("attachments");
    int n = 0;
    for (const auto& req : doc.at("attachments")) {
        if (req.at("provided").empty()) {
            if (req.at("required") == false) continue;  // a kind the document merely accepts, none given: not listed
            materials.push_back({{"n", std::to_string(++n)}, {"label", req.at("label")}, {"file_name", ""},
                                 {"size", ""}, {"sha256", ""}, {"absent", true}, {"required", req.at("required")}});
            continue;
        }
        for (const auto& i : req.at("provided")) {
            const json& f = manifest.at(i.get<size_t>());
            materials.push_back({{"n", std::to_string(++n)}, {"label", req.at("label")}, {"file_name", f.at("file_name")},
                                 {"size", f.at("size").get<long long>() >= 0 ? std::to_string(f.at("size").get<long long>()) : ""},
                                 {"sha256", f.at("sha256")}, {"absent", false}, {"required", req.at("required")}});
        }
    }
    view["materials"] = materials;
    // The letter's 附件 line: the materials by name (counts, no digests: those are in the 材料清单).
    json annex = json::array();
    for (const auto& req : doc.at("attachments")) {
        const size_t count = req.at("provided").size();
        if (count == 0 && req.at("required") == false) continue;
        annex.push_back({{"n", std::to_string(annex.size() + 1)}, {"label", req.at("label")}, {"first", annex.empty()},
                         {"prefix", annex.empty() ? "附件：" : ""},
                         {"count", count ? "（" + std::to_string(count) + " 份）" : std::string("（缺）")}});
    }
    view["annex"] = annex;
    view["has_annex"] = !annex.empty();

    // The heading names the matter: 关于<party>涉嫌<item>的移送函; a dispute goes up as a 请示.
    const std::string item_id = packet.at("case").value("item", "");
    const CatalogueItem* item = item_id.empty() ? nullptr : pack.item(item_id);
    const std::string party = packet.at("summary").value("party", "");
    const std::string matter = (party.empty() ? std::string("有关当事人") : party) + (item ? "涉嫌" + item->name : std::string("涉嫌违法"));
    const std::string id = doc.at("id").get<std::string>();
    view["is_request"] = id == "dispute_report";
    view["is_handover"] = id == "materials_handover";
    view["has_time"] = !packet.at("summary").value("time", "").empty();
    view["has_measures"] = !packet.at("summary").value("measures", "").empty();
    view["has_facts"] = !packet.at("summary").value("facts", "").empty();
    view["has_parties"] = packet.contains("parties") && !packet["parties"].empty();
    if (id == "transfer_letter") view["heading"] = "关于" + matter + "的移送函";
    else if (id == "materials_handover")
        view["heading"] = "关于移交" + (item ? "“" + item->name + "”相关管理问题" : std::string("有关管理问题")) + "书面资料的函";
    else if (id == "dispute_report") view["heading"] = "关于" + matter + "案件管辖争议的请示";
    else view["heading"] = doc.at("title");
    view["matter"] = matter;

    // The plan step this document serves (sender → receiver, listing it): its duty, clause and deadline.
    json step = nullptr;
    for (const auto& st : packet.at("plan").at("steps")) {
        if (st.value("actor", "") != packet.at("sender").at("id") || st.value("to", json()) != packet.at("receiver").at("id")) continue;
        for (const auto& d : st.value("documents", json::array()))
            if (d == doc.at("id")) step = st;
        if (!step.is_null()) break;
    }
    if (!step.is_null()) {
        const json& due = step.at("due");
        const std::string rule = due.value("rule", "");
        std::string due_text;
        if (rule == "working_days" && due.contains("date"))
            due_text = date_zh(due.at("date").get<std::string>()) + "（" + due.value("weekday", "") + "）前，计 " +
                       std::to_string(due.value("count", 0)) + " 个工作日";
        else if (rule == "hours" && due.contains("datetime"))
            due_text = date_zh(due.at("datetime").get<std::string>()) + "前，计 " + std::to_string(due.value("count", 0)) + " 小时";
        else if (rule == "immediately") due_text = "立即";
        else if (rule == "promptly") due_text = "及时";
        view["step"] = {{"action_label", step.at("action_label")}, {"clause", step.at("clause")}, {"quote", trim_full_stop(step.value("quote", ""))},
                        {"clause_zh", clause_zh(step.at("clause").get<std::string>())},
                        {"due", due_text.empty() ? json(false) : json(due_text)}};
    } else {
        view["step"] = false;
    }
    view["has_materials"] = !materials.empty();

    // Citations this document rests on, once each.
    json citations = json::array();
    auto cite = [&](const json& clause, const json& quote, const std::string& basis) {
        for (auto& c : citations)
            if (c.at("quote") == quote) {
                if (!basis.empty() && !c.contains("basis")) c["basis"] = basis;
                return;
            }
        json c = {{"clause", clause.is_string() ? json(clause_zh(clause.get<std::string>())) : clause}, {"quote", quote}};
        if (!basis.empty()) c["basis"] = basis;
        citations.push_back(std::move(c));
    };
    if (!step.is_null()) cite(step.at("clause"), step.value("quote", ""), "");
    for (const auto& req : doc.at("attachments"))
        if (req.at("required") == true || !req.at("provided").empty()) cite(req.at("clause"), req.at("quote"), req.value("basis", ""));
    if (const DocumentKind* k = pack.document(doc.at("id").get<std::string>())) {
        for (const auto& f : k->details) cite(f.clause, f.quote, "");
        for (const auto& r : k->fields) cite(r.clause, r.quote, "");
    }
    view["citations"] = citations;
    view["items"] = doc.at("completeness").at("items");
    view["incomplete"] = !doc.at("completeness").at("complete").get<bool>();
    view["packet_sha256"] = packet.at("sha256");

    kainjow::mustache::mustache tmpl{pack.document_template};
    if (!tmpl.is_valid())
        return make_error(ErrorCode::kInvalidValue, "", "文书模板有误 / template error: " + tmpl.error_message());
    std::string html = tmpl.render(to_data(view));
    if (!tmpl.is_valid())
        return make_error(ErrorCode::kInvalidValue, "", "文书模板有误 / template error: " + tmpl.error_message());
    return html;
}

}  // namespace

Result<std::string> render_document(const Pack& pack, const json& packet, size_t index) {
    try {
        return render(pack, packet, index);
    } catch (const std::exception& e) {
        // A packet not made by assemble_packet may lack members; say so instead of throwing.
        return make_error(ErrorCode::kInvalidValue, "", std::string("不是完整的移送材料包 / not a packet: ") + e.what());
    }
}

}  // namespace referral
