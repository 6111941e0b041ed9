#include "packet/packet.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "core/limits.h"
#include "core/envelope.h"
#include "packet/identifiers.h"
#include "core/sha256.h"
#include "rules/plan.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Input
//-----------------------------------------------------------------------------
Result<PacketInput> parse_packet_input(const json& doc, const Pack& pack, std::vector<Error>* all_errors) {
    std::vector<Error> errors;
    Reader r(errors);
    PacketInput in;
    auto done = [&]() -> Result<PacketInput> {
        if (all_errors) *all_errors = errors;
        if (!errors.empty()) return errors.front();
        return in;
    };
    if (!r.expect_object(doc, "")) return done();
    r.reject_unknown(doc, "", {"schema", "case", "sender", "receiver", "action", "document_number", "sent_on", "summary",
                               "parties", "contact", "approval", "attachments", "details", "reference", "officers"});
    if (const json* os = r.member(doc, "", "officers", false); os && r.expect_array(*os, "/officers"))
        for (size_t i = 0; i < os->size(); ++i) {
            const std::string p = pointer_append("/officers", i);
            if (!r.expect_object((*os)[i], p)) continue;
            r.reject_unknown((*os)[i], p, {"name", "certificate"});
            in.officers.push_back({r.string((*os)[i], p, "name", false).value_or(""), r.string((*os)[i], p, "certificate", false).value_or("")});
        }
    if (auto s = r.string(doc, "", "schema", true); s && *s != "referral-packet-input/1") {
        r.fail(ErrorCode::kSchemaMismatch, "/schema", "应为 referral-packet-input/1，实为“" + *s + "”");
        return done();
    }
    if (const json* c = r.member(doc, "", "case", true)) {
        std::vector<Error> case_errors;
        auto parsed = parse_matter(*c, pack, &case_errors);
        for (auto e : case_errors) {
            e.path = "/case" + e.path;
            errors.push_back(std::move(e));
        }
        if (parsed.ok()) {
            in.kase = parsed.value().facts;
            in.events = parsed.value().events;
            in.record = parsed.value().record;
        }
    }
    in.sender = r.string(doc, "", "sender", false).value_or("");
    in.receiver = r.string(doc, "", "receiver", false).value_or("");
    in.action = r.string(doc, "", "action", false).value_or("");
    if (!in.action.empty() && !pack.action(in.action))
        r.fail(ErrorCode::kUnknownValue, "/action", "规则包中没有动作“" + in.action + "” / unknown action");
    in.document_number = r.string(doc, "", "document_number", false).value_or("");
    in.sent_on = r.string(doc, "", "sent_on", false).value_or("");
    in.reference = r.string(doc, "", "reference", false).value_or("");
    if (const json* ds = r.member(doc, "", "details", false); ds && r.expect_object(*ds, "/details")) {
        for (auto it = ds->begin(); it != ds->end(); ++it) {
            const std::string dp = pointer_append("/details", it.key());
            const DocumentKind* kind = pack.document(it.key());
            if (!kind) {
                r.fail(ErrorCode::kUnknownValue, dp, "规则包中没有文书种类“" + it.key() + "”");
                continue;
            }
            if (!r.expect_object(it.value(), dp)) continue;
            std::string known;
            for (const auto& f : kind->details) known += (known.empty() ? "" : ", ") + f.id;
            for (auto f = it.value().begin(); f != it.value().end(); ++f) {
                const bool declared = std::any_of(kind->details.begin(), kind->details.end(), [&](const DetailField& d) { return d.id == f.key(); });
                if (!declared)
                    r.fail(ErrorCode::kUnknownField, pointer_append(dp, f.key()),
                           "未知内容项“" + f.key() + "”，" + kind->title + "可填：" + (known.empty() ? "（无）" : known) + " / unknown field");
                else if (!f.value().is_string())
                    r.fail(ErrorCode::kWrongType, pointer_append(dp, f.key()), "应为字符串 / expected a string");
                else
                    in.details[it.key()][f.key()] = f.value().get<std::string>();
            }
        }
    }
    if (const json* s = r.member(doc, "", "summary", false); s && r.expect_object(*s, "/summary")) {
        r.reject_unknown(*s, "/summary", {"party", "facts", "time", "place", "measures"});
        in.summary.party = r.string(*s, "/summary", "party", false).value_or("");
        in.summary.facts = r.string(*s, "/summary", "facts", false).value_or("");
        in.summary.time = r.string(*s, "/summary", "time", false).value_or("");
        in.summary.place = r.string(*s, "/summary", "place", false).value_or("");
        in.summary.measures = r.string(*s, "/summary", "measures", false).value_or("");
    }
    if (const json* ps = r.member(doc, "", "parties", false); ps && r.expect_array(*ps, "/parties")) {
        for (size_t i = 0; i < ps->size(); ++i) {
            const std::string p = pointer_append("/parties", i);
            const json& o = (*ps)[i];
            if (!r.expect_object(o, p)) continue;
            r.reject_unknown(o, p, {"kind", "name", "id_number", "credit_code", "identity_pending"});
            PacketParty party;
            party.kind = r.one_of(o, p, "kind", true, {"person", "organisation"}).value_or("");
            party.name = r.string(o, p, "name", false).value_or("");
            party.id_number = r.string(o, p, "id_number", false).value_or("");
            party.credit_code = r.string(o, p, "credit_code", false).value_or("");
            if (o.is_object() && o.contains("identity_pending")) party.identity_pending = r.string(o, p, "identity_pending", false).value_or("");
            in.parties.push_back(std::move(party));
        }
    }
    if (const json* c = r.member(doc, "", "contact", false); c && r.expect_object(*c, "/contact")) {
        r.reject_unknown(*c, "/contact", {"unit", "person", "phone"});
        in.contact.unit = r.string(*c, "/contact", "unit", false).value_or("");
        in.contact.person = r.string(*c, "/contact", "person", false).value_or("");
        in.contact.phone = r.string(*c, "/contact", "phone", false).value_or("");
    }
    if (const json* a = r.member(doc, "", "approval", false); a && r.expect_object(*a, "/approval")) {
        r.reject_unknown(*a, "/approval", {"leader", "date"});
        in.approval.leader = r.string(*a, "/approval", "leader", false).value_or("");
        in.approval.date = r.string(*a, "/approval", "date", false).value_or("");
    }
    if (const json* as = r.member(doc, "", "attachments", false); as && r.expect_array(*as, "/attachments")) {
        if (as->size() > limits::kAttachments) {
            r.fail(ErrorCode::kTooLarge, "/attachments",
                   "附件过多（" + std::to_string(as->size()) + " 件，上限 " + std::to_string(limits::kAttachments) + " 件） / too many attachments");
            return done();
        }
        for (size_t i = 0; i < as->size(); ++i) {
            const std::string p = pointer_append("/attachments", i);
            const json& o = (*as)[i];
            if (!r.expect_object(o, p)) continue;
            r.reject_unknown(o, p, {"kind", "file_name", "size", "sha256"});
            PacketAttachment a;
            a.kind = r.string(o, p, "kind", true).value_or("");
            a.file_name = r.string(o, p, "file_name", false).value_or("");
            if (const json* sz = r.member(o, p, "size", false); sz) {
                if (!sz->is_number_integer()) r.fail(ErrorCode::kWrongType, p + "/size", "应为整数（字节数）");
                else if (integer_or(*sz, -2) < 0) r.fail(ErrorCode::kInvalidValue, p + "/size", "文件大小应为非负整数（字节数）");
                else a.size = integer_or(*sz, -1);
            }
            a.sha256 = r.string(o, p, "sha256", false).value_or("");
            in.attachments.push_back(std::move(a));
        }
    }
    return done();
}

//-----------------------------------------------------------------------------
// [SECTION] Completeness
//-----------------------------------------------------------------------------
namespace {

// A problem of one field before it is tied to the clause of the document requiring it.
struct Problem {
    std::string pointer, status, message;
};

bool blank(const std::string& s) { return s.find_first_not_of(" \t\r\n\u3000") == std::string::npos; }

bool hex64(const std::string& s) {
    return s.size() == 64 &&
           std::all_of(s.begin(), s.end(), [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); });
}

// 发文字号: 机关代字〔年份〕序号号, e.g. 汇政移〔2026〕3号 (GB/T 9704-2012 7.2.4).
bool valid_document_number(const std::string& s, int* year) {
    static const std::string kOpen = "〔", kClose = "〕", kHao = "号";
    const size_t open = s.find(kOpen);
    if (open == std::string::npos) return false;
    const size_t y = open + kOpen.size();
    if (s.size() < y + 4 + kClose.size()) return false;
    for (size_t i = y; i < y + 4; ++i)
        if (s[i] < '0' || s[i] > '9') return false;
    if (s.compare(y + 4, kClose.size(), kClose) != 0) return false;
    const size_t n = y + 4 + kClose.size();
    size_t e = n;
    while (e < s.size() && s[e] >= '0' && s[e] <= '9') ++e;
    if (e == n || s[n] == '0' || s.compare(e, std::string::npos, kHao) != 0) return false;
    if (year) std::from_chars(s.data() + y, s.data() + y + 4, *year);
    return true;
}

class Checker {
public:
    Checker(const Pack& pack, const PacketInput& in, Date today) : pack_(pack), in_(in), today_(today) {}

    // Problems of one field of document_field_names().
    std::vector<Problem> field(const std::string& name) const {
        std::vector<Problem> out;
        auto missing = [&](const std::string& pointer, const std::string& what) {
            out.push_back({pointer, "missing", "缺少" + what});
        };
        auto invalid = [&](const std::string& pointer, const std::string& message) {
            out.push_back({pointer, "invalid", message});
        };
        auto text = [&](const std::string& value, const std::string& pointer, const std::string& what) {
            if (blank(value)) missing(pointer, what);
        };
        if (name == "sender" || name == "receiver") {
            const std::string& id = name == "sender" ? in_.sender : in_.receiver;
            const std::string pointer = "/" + name;
            const char* what = name == "sender" ? "移送机关" : "接收机关";
            const Authority* a = pack_.authority(id);
            if (blank(id)) missing(pointer, what);
            else if (!a)
                invalid(pointer, std::string(what) + "“" + id + "”不是规则包登记的机关：须以" + pack_.role_label("dept") + "或" +
                                     pack_.role_label("town") + "的名义移送，不得以内设机构的名义");
            else if (name == "sender" && a->kind != "town" && a->kind != "dept")
                invalid(pointer, "移送机关须为" + pack_.role_label("town") + "或" + pack_.role_label("dept") + "，“" + a->name + "”不是");
            else if (name == "receiver" && in_.receiver == in_.sender)
                invalid(pointer, "接收机关不能是移送机关本身");
        } else if (name == "document_number") {
            int year = 0;
            if (blank(in_.document_number)) missing("/document_number", pack_.field_label("document_number"));
            else if (!valid_document_number(in_.document_number, &year))
                invalid("/document_number", "发文字号应形如“汇政移〔2026〕3号”（六角括号内为四位年份，序号不编虚位）");
            else if (auto d = parse_stamp(in_.sent_on); d && d->date.year() != year)
                invalid("/document_number", "发文字号的年份与发送日期的年份不一致");
        } else if (name == "sent_on") {
            if (date(in_.sent_on, "/sent_on", pack_.field_label("sent_on"), out, /*time_allowed=*/true)) {
                // A letter cannot go out before the matter it is about was found.
                const Date sent = parse_stamp(in_.sent_on)->date;
                auto t = DateTime::parse(in_.summary.time);
                auto found = t ? std::optional<Date>(t->date) : Date::parse(in_.summary.time);
                if (!found || in_.kase.date.date < *found) found = in_.kase.date.date;
                if (sent < *found)
                    invalid("/sent_on", "发送日期（" + in_.sent_on + "）早于发现时间（" + found->iso() + "）：尚未发现的事项不能移送");
                // Nor before a transferred matter arrived: an acknowledgement (or anything else) about it
                // cannot be sent before it was received.
                else if (in_.kase.received && sent < in_.kase.received->date)
                    invalid("/sent_on", "发送日期（" + in_.sent_on + "）早于收到移送的日期（" + in_.kase.received->date.iso() +
                                            "）：收到之前不能告知受理情况或发出其他文书");
            }
        } else if (name == "summary.party") {
            text(in_.summary.party, "/summary/party", pack_.field_label("summary.party"));
        } else if (name == "summary.facts") {
            text(in_.summary.facts, "/summary/facts", pack_.field_label("summary.facts"));
        } else if (name == "summary.time") {
            if (blank(in_.summary.time)) {
                missing("/summary/time", pack_.field_label("summary.time"));
                return out;
            }
            auto t = DateTime::parse(in_.summary.time);
            auto d = t ? std::optional<Date>(t->date) : Date::parse(in_.summary.time);
            if (!d) invalid("/summary/time", "发现时间应为有效的日期和时间，如 2026-09-29 10:30");
            else if (today_ < *d) invalid("/summary/time", "发现时间不能晚于今天（" + today_.iso() + "）");
        } else if (name == "summary.place") {
            text(in_.summary.place, "/summary/place", pack_.field_label("summary.place"));
        } else if (name == "summary.measures") {
            text(in_.summary.measures, "/summary/measures", pack_.field_label("summary.measures"));
        } else if (name == "parties") {
            if (in_.parties.empty()) missing("/parties", pack_.field_label("parties"));
            for (size_t i = 0; i < in_.parties.size(); ++i) {
                const auto& p = in_.parties[i];
                const std::string pp = pointer_append("/parties", i);
                if (p.identity_pending) {
                    // 身份待核实: the reason stands in for what is not yet known; what is given is still checked.
                    if (blank(*p.identity_pending)) missing(pp + "/identity_pending", "身份待核实的原因");
                    if (!blank(p.id_number) && !valid_id_number(p.id_number))
                        invalid(pp + "/id_number", "公民身份号码“" + p.id_number + "”无效：须为 18 位且校验码符合 GB 11643-1999（末位 X 大写）");
                    if (!blank(p.credit_code) && !valid_credit_code(p.credit_code))
                        invalid(pp + "/credit_code", "统一社会信用代码“" + p.credit_code + "”无效：须为 18 位且校验码符合 GB 32100-2015");
                    continue;
                }
                text(p.name, pp + "/name", p.kind == "person" ? "当事人姓名" : "当事单位名称");
                if (p.kind == "person") {
                    if (blank(p.id_number)) missing(pp + "/id_number", "公民身份号码");
                    else if (!valid_id_number(p.id_number))
                        invalid(pp + "/id_number", "公民身份号码“" + p.id_number +
                                                       "”无效：须为 18 位且校验码符合 GB 11643-1999（末位 X 大写）");
                } else if (p.kind == "organisation") {
                    if (blank(p.credit_code)) missing(pp + "/credit_code", "统一社会信用代码");
                    else if (!valid_credit_code(p.credit_code))
                        invalid(pp + "/credit_code", "统一社会信用代码“" + p.credit_code +
                                                         "”无效：须为 18 位且校验码符合 GB 32100-2015");
                }
            }
        } else if (name == "contact.unit") {
            text(in_.contact.unit, "/contact/unit", pack_.field_label("contact.unit"));
        } else if (name == "contact.person") {
            text(in_.contact.person, "/contact/person", pack_.field_label("contact.person"));
        } else if (name == "contact.phone") {
            if (blank(in_.contact.phone)) missing("/contact/phone", pack_.field_label("contact.phone"));
            else if (!valid_phone(in_.contact.phone))
                invalid("/contact/phone", "联系电话“" + in_.contact.phone +
                                              "”无效：应为 11 位手机号或带区号的固定电话（如 0513-83312345）");
        } else if (name == "approval.leader") {
            text(in_.approval.leader, "/approval/leader", pack_.field_label("approval.leader"));
        } else if (name == "officers") {
            // The officials a document names: each with the number of the certificate they carry.
            const FieldWords* w = pack_.field("officers");
            const size_t least = w && w->min > 0 ? static_cast<size_t>(w->min) : 1;
            if (in_.officers.size() < least)
                out.push_back({"/officers", "missing", "缺少" + pack_.field_label("officers") + "（至少 " + std::to_string(least) + " 名）"});
            for (size_t i = 0; i < in_.officers.size(); ++i) {
                const std::string op = pointer_append("/officers", i);
                text(in_.officers[i].name, op + "/name", "执法人员姓名");
                text(in_.officers[i].certificate, op + "/certificate", "执法证号");
            }
        } else if (name == "approval.date") {
            if (date(in_.approval.date, "/approval/date", pack_.field_label("approval.date"), out)) {
                auto a = Date::parse(in_.approval.date);
                auto s = parse_stamp(in_.sent_on);
                if (a && s && s->date < *a) invalid("/approval/date", "批准日期不能晚于发送日期：须先经负责人批准再书面移送");
            }
        }
        return out;
    }

    // A date field: present, YYYY-MM-DD (or, where `time_allowed`, a date-time with offset), not
    // after today. True when it passed.
    bool date(const std::string& value, const std::string& pointer, const std::string& what, std::vector<Problem>& out,
              bool time_allowed = false) const {
        if (blank(value)) {
            out.push_back({pointer, "missing", "缺少" + what});
            return false;
        }
        auto stamp = parse_stamp(value);
        std::optional<Date> d;
        if (stamp && (time_allowed || !stamp->at)) d = stamp->date;
        if (!d) {
            out.push_back({pointer, "invalid", what + "应为有效日期，如 2026-09-29"});
            return false;
        }
        if (today_ < *d) {
            out.push_back({pointer, "invalid", what + "不能晚于今天（" + today_.iso() + "）"});
            return false;
        }
        return true;
    }

private:
    const Pack& pack_;
    const PacketInput& in_;
    Date today_;
};

json item_json(const PacketItem& i) {
    json j = {{"pointer", i.pointer}, {"status", i.status}, {"message", i.message}, {"clause", i.clause}};
    if (!i.quote.empty()) j["quote"] = i.quote;
    if (!i.basis.empty()) j["basis"] = i.basis;
    if (!i.kind.empty()) j["kind"] = i.kind;
    return j;
}

// The value a document shows for one field.
json field_value(const Pack& pack, const PacketInput& in, const std::string& name) {
    auto authority = [&](const std::string& id) -> json {
        const Authority* a = pack.authority(id);
        return {{"id", id}, {"name", a ? a->name : ""}};
    };
    if (name == "sender") return authority(in.sender);
    if (name == "receiver") return authority(in.receiver);
    if (name == "document_number") return in.document_number;
    if (name == "sent_on") return in.sent_on;
    if (name == "summary.party") return in.summary.party;
    if (name == "summary.facts") return in.summary.facts;
    if (name == "summary.time") return in.summary.time;
    if (name == "summary.place") return in.summary.place;
    if (name == "summary.measures") return in.summary.measures;
    if (name == "parties") {
        json list = json::array();
        for (const auto& p : in.parties) {
            json o = {{"kind", p.kind}, {"name", p.name}};
            if (p.kind == "person") o["id_number"] = p.id_number;
            else o["credit_code"] = p.credit_code;
            if (p.identity_pending) o["identity_pending"] = *p.identity_pending;
            list.push_back(std::move(o));
        }
        return list;
    }
    if (name == "contact.unit") return in.contact.unit;
    if (name == "contact.person") return in.contact.person;
    if (name == "contact.phone") return in.contact.phone;
    if (name == "approval.leader") return in.approval.leader;
    if (name == "approval.date") return in.approval.date;
    if (name == "officers") {
        json list = json::array();
        for (const auto& o : in.officers) list.push_back({{"name", o.name}, {"certificate", o.certificate}});
        return list;
    }
    return nullptr;
}

}  // namespace

//-----------------------------------------------------------------------------
// [SECTION] Assembly
//-----------------------------------------------------------------------------
std::string packet_canonical_text(const json& packet) {
    json copy = packet;
    if (copy.is_object()) copy.erase("sha256");
    // Every string reached the engine through parse_json (valid UTF-8), so `replace` changes nothing;
    // it only guarantees the writer can never abort.
    return copy.dump(-1, ' ', false, json::error_handler_t::replace);
}

json assemble_packet(const Pack& pack, const WorkCalendar& calendar, const PacketInput& in, Date today) {
    // The matter in time, as plan and audit see it; the send (when dated, not in the future) is
    // judged as the act of each step this packet serves, without making the matter one with a record.
    const Matter matter{in.kase, "", in.events, in.record};
    auto serves = [&](const Step& step) {
        return step.actor == in.sender && step.to == in.receiver && !step.documents.empty() &&
               (in.action.empty() || step.action == in.action);
    };
    auto sent = parse_stamp(in.sent_on);
    if (sent && today < sent->date) sent.reset();  // a send date still to come is an item of its own, not lateness
    Plan plan = assess(pack, calendar, matter, today);
    if (sent) {
        std::vector<Event> probes;
        for (const Step& step : plan.steps)
            if (serves(step)) probes.push_back({step.action, step.actor, step.to, *sent});
        if (!probes.empty()) plan = assess(pack, calendar, matter, today, probes);
    }
    const Facts facts = derive_facts(pack, in.kase, plan.timeline->decision, false);
    const Checker checker(pack, in, today);

    // The documents this sender owes this receiver under the plan (for the steps of `action` only,
    // when given), in plan order, once each.
    std::vector<const DocumentKind*> kinds;
    for (const auto& step : plan.steps) {
        if (step.actor != in.sender || step.to != in.receiver) continue;
        if (!in.action.empty() && step.action != in.action) continue;
        for (const auto& id : step.documents)
            if (const DocumentKind* k = pack.document(id); k && std::find(kinds.begin(), kinds.end(), k) == kinds.end())
                kinds.push_back(k);
    }

    // Once each (pointer, message), in order of first appearance; a set keeps it linear in the
    // number of items (thousands of attachments each missing a digest).
    std::vector<PacketItem> all;
    std::set<std::pair<std::string, std::string>> seen_items;
    auto add_overall = [&](const PacketItem& item) {
        if (seen_items.emplace(item.pointer, item.message).second) all.push_back(item);
    };
    // Who sends and who receives is checked whatever the documents: with an unknown sender the
    // plan owes nothing, and an empty packet must not look complete. The citation is the one the
    // pack gives for these fields.
    for (const char* party : {"sender", "receiver"}) {
        const Requirement* basis = nullptr;
        for (const auto& d : pack.documents)
            for (const auto& r : d.fields)
                if (!basis && r.field == party) basis = &r;
        for (const auto& pr : checker.field(party))
            add_overall({pr.pointer, pr.status, pr.message, basis ? basis->clause : "", basis ? basis->quote : "", ""});
    }
    if (kinds.empty() && pack.authority(in.sender) && pack.authority(in.receiver)) {
        if (const ActionInfo* label = in.action.empty() ? nullptr : pack.action(in.action))
            add_overall({"/action", "invalid",
                         "按本案的办理方案，" + pack.authority(in.sender)->name + "不就“" + label->label + "”向" +
                             pack.authority(in.receiver)->name + "送交文书；请核对移送机关、接收机关、动作与案件事实",
                         "", "", ""});
        else
            add_overall({"/receiver", "invalid",
                         "按本案的办理方案，" + pack.authority(in.sender)->name + "不向" + pack.authority(in.receiver)->name +
                             "送交任何文书；请核对移送机关、接收机关与案件事实",
                         "", "", ""});
    }

    // Materials provided, by kind; each checked once.
    std::set<std::string> known_kinds;
    for (const auto& d : pack.documents)
        for (const auto& a : d.attachments) known_kinds.insert(a.kind);
    json manifest = json::array();
    std::map<std::string, std::string> kind_labels;  // kind → the label of its first requirement
    for (const auto& d : pack.documents)
        for (const auto& r : d.attachments) kind_labels.emplace(r.kind, r.label);
    std::map<std::string, std::vector<size_t>> by_kind;  // kind → manifest positions
    for (size_t i = 0; i < in.attachments.size(); ++i) by_kind[in.attachments[i].kind].push_back(i);
    for (size_t i = 0; i < in.attachments.size(); ++i) {
        const auto& a = in.attachments[i];
        const std::string p = pointer_append("/attachments", i);
        const auto known_label = kind_labels.find(a.kind);
        const std::string label = known_label == kind_labels.end() ? "" : known_label->second;
        if (!known_kinds.count(a.kind))
            add_overall({p + "/kind", "invalid", "未知的材料种类“" + a.kind + "”", "", "", ""});
        if (blank(a.file_name)) add_overall({p + "/file_name", "missing", "缺少文件名", "", "", ""});
        if (a.size < 0) add_overall({p + "/size", a.size == -1 ? "missing" : "invalid", "缺少文件大小（字节数）", "", "", ""});
        if (!hex64(a.sha256))
            add_overall({p + "/sha256", blank(a.sha256) ? "missing" : "invalid",
                         "文件的 SHA-256 摘要应为 64 位小写十六进制", "", "", ""});
        manifest.push_back({{"kind", a.kind}, {"label", label}, {"file_name", a.file_name}, {"size", a.size}, {"sha256", a.sha256}});
    }

    json documents = json::array();
    for (const DocumentKind* k : kinds) {
        std::vector<PacketItem> items;
        json fields = json::object();
        for (const auto& req : k->fields) {
            fields[req.field] = field_value(pack, in, req.field);
            for (const auto& pr : checker.field(req.field))
                items.push_back({pr.pointer, pr.status, pr.message, req.clause, req.quote, ""});
        }
        json details = json::array();
        for (const auto& f : k->details) {
            std::string value;
            if (auto d = in.details.find(k->id); d != in.details.end())
                if (auto v = d->second.find(f.id); v != d->second.end()) value = v->second;
            details.push_back({{"id", f.id}, {"label", f.label}, {"value", value}});
            if (f.required && blank(value))
                items.push_back({"/details/" + k->id + "/" + f.id, "missing", "缺少" + f.label, f.clause, f.quote, ""});
        }
        json attachments = json::array();
        // Groups of which one kind suffices: label → (satisfied, the first member applying).
        std::vector<std::pair<const AttachmentRequirement*, bool>> groups;
        for (const auto& req : k->attachments) {
            if (req.when && !req.when->evaluate(facts)) continue;
            json provided = json::array();
            if (auto found = by_kind.find(req.kind); found != by_kind.end())
                for (size_t i : found->second) provided.push_back(i);
            const bool grouped = !req.any_of.empty();
            json a = {{"kind", req.kind}, {"label", req.label}, {"required", req.required && !grouped}, {"clause", req.clause},
                      {"quote", req.quote}, {"provided", provided}};
            if (!req.basis.empty()) a["basis"] = req.basis;
            if (grouped) a["any_of"] = req.any_of;
            attachments.push_back(std::move(a));
            if (grouped && req.required) {
                auto g = std::find_if(groups.begin(), groups.end(), [&](const auto& x) { return x.first->any_of == req.any_of; });
                if (g == groups.end()) groups.push_back({&req, !provided.empty()});
                else g->second = g->second || !provided.empty();
            } else if (req.required && provided.empty()) {
                items.push_back({"/attachments", "missing", "缺少必附材料：" + req.label, req.clause, req.quote, req.basis, req.kind});
            }
            for (const auto& i : provided) {
                const auto& file = in.attachments[i.get<size_t>()];
                if (!hex64(file.sha256))
                    items.push_back({pointer_append("/attachments", i.get<size_t>()) + "/sha256", blank(file.sha256) ? "missing" : "invalid",
                                     req.label + "的 SHA-256 摘要应为 64 位小写十六进制", req.clause, req.quote, req.basis, req.kind});
            }
        }
        for (const auto& [first, satisfied] : groups)
            if (!satisfied)
                items.push_back({"/attachments", "missing", "缺少必附材料：" + first->any_of, first->clause, first->quote, first->basis,
                                 first->kind});
        json list = json::array();
        for (const auto& i : items) {
            list.push_back(item_json(i));
            add_overall(i);
        }
        json d = {{"id", k->id},
                  {"title", k->title},
                  {"label", k->label},
                  {"fields", std::move(fields)},
                  {"attachments", std::move(attachments)},
                  {"completeness", {{"complete", items.empty()}, {"items", std::move(list)}}}};
        if (!k->receipt.empty()) d["receipt"] = k->receipt;
        if (!k->details.empty()) d["details"] = std::move(details);
        documents.push_back(std::move(d));
    }
    json overall = json::array();
    for (const auto& i : all) overall.push_back(item_json(i));

    // The send date against the plan's deadlines for these steps. Lateness does not stop a letter
    // (it may still go out) but is recorded here and warned of; a notice of extension sent once the
    // deadline it would extend has passed extends nothing (a step another step's deadline depends on
    // through `unless_late`: its lateness is the other's shorter deadline).
    json timeliness = json::array();
    json warnings = json::array();
    auto label = [&](const std::string& action) { return pack.action(action) ? pack.action(action)->label : action; };
    for (const auto& step : plan.steps) {
        if (!serves(step)) continue;
        const auto due = step.due.day();
        if (!due) continue;
        json t = {{"action", step.action}, {"due", due->iso()}, {"clause", step.clause}, {"sent_on", in.sent_on}};
        if (step.due.datetime) t["due_datetime"] = step.due.datetime->iso();
        if (step.provisional) t["provisional"] = true;
        if (!sent || step.status != "late" || !step.done) {
            t["late"] = false;
            timeliness.push_back(std::move(t));
            continue;
        }
        const int working_days = step.late_by_working_days;
        const int days = step.done->date.days - due->days;
        t["late"] = true;
        t["days_late"] = days;
        t["working_days_late"] = working_days;
        // The step whose deadline this one's timeliness decides (the transfer an extension notice extends).
        const Step* extended = nullptr;
        for (const Step& other : plan.steps)
            for (const DueSpec* v : other.variants)
                if (!v->unless_late.empty() && other.due.day() &&
                    std::find(step.ids.begin(), step.ids.end(), v->unless_late) != step.ids.end())
                    extended = &other;
        // In the pack's words, each deadline as the plan words it (due.text, provisional mark included).
        std::string message =
            extended ? pack.say("extension_too_late", {{"due", step.due.text}, {"sent_on", in.sent_on},
                                                       {"working_days", std::to_string(working_days)},
                                                       {"action", label(extended->action)}, {"extended_due", extended->due.text}})
                     : pack.say("sent_late", {{"action", label(step.action)}, {"due", step.due.text}, {"sent_on", in.sent_on},
                                              {"working_days", std::to_string(working_days)}, {"days", std::to_string(days)}});
        // The longer deadline a late notice would have given is void: say why this one is shorter.
        for (const Step& x : plan.steps)
            if (!step.shortened_by.empty() && std::find(x.ids.begin(), x.ids.end(), step.shortened_by) != x.ids.end())
                message += pack.say("extension_void", {{"action", label(x.action)}});
        warnings.push_back({{"pointer", "/sent_on"}, {"status", "late"}, {"message", message}, {"clause", step.clause},
                            {"quote", step.quote}});
        timeliness.push_back(std::move(t));
    }

    auto authority = [&](const std::string& id) -> json {
        const Authority* a = pack.authority(id);
        return {{"id", id}, {"name", a ? a->name : ""}, {"kind", a ? a->kind : ""}};
    };
    json packet = {
        {"schema", "referral-packet/1"},
        {"pack", {{"id", pack.meta.id}, {"version", pack.meta.version}, {"number", pack.meta.number}, {"title", pack.meta.title}}},
        {"as_of", today.iso()},
        {"case", in.record ? matter_to_json(matter) : case_to_json(in.kase)},
        {"plan", plan_to_json(pack, in.kase, plan)},
        {"sender", authority(in.sender)},
        {"receiver", authority(in.receiver)},
        {"document_number", in.document_number},
        {"sent_on", in.sent_on},
        {"summary", {{"party", in.summary.party}, {"facts", in.summary.facts}, {"time", in.summary.time},
                     {"place", in.summary.place}, {"measures", in.summary.measures}}},
        {"parties", field_value(pack, in, "parties")},
        {"contact", {{"unit", in.contact.unit}, {"person", in.contact.person}, {"phone", in.contact.phone}}},
        {"approval", {{"leader", in.approval.leader}, {"date", in.approval.date}}},
        {"documents", std::move(documents)},
        {"attachments", std::move(manifest)},
        {"completeness", {{"complete", all.empty()}, {"items", std::move(overall)}, {"warnings", std::move(warnings)}}},
        {"timeliness", std::move(timeliness)},
    };
    if (!in.action.empty()) packet["action"] = in.action;
    if (!in.reference.empty()) packet["reference"] = in.reference;
    if (!in.details.empty()) packet["details"] = in.details;
    packet["sha256"] = sha256_hex(packet_canonical_text(packet));
    return packet;
}

json packet_envelope(const Pack& pack, const WorkCalendar& calendar, const json& input_doc, Date today) {
    std::vector<Error> errors;
    auto in = parse_packet_input(input_doc, pack, &errors);
    if (!in.ok()) return error_envelope(errors);
    return {{"ok", true}, {"packet", assemble_packet(pack, calendar, in.value(), today)}};
}

//-----------------------------------------------------------------------------
// [SECTION] Files
//-----------------------------------------------------------------------------
std::string packet_json_text(const json& packet) { return packet.dump(2, ' ', false, json::error_handler_t::replace) + "\n"; }

namespace {

std::string two_digits(size_t n) { return (n < 10 ? "0" : "") + std::to_string(n); }

// A file name made safe as one ZIP entry or file inside a folder: no separators, no control characters.
std::string safe_file_name(const std::string& name) {
    std::string out;
    for (unsigned char c : name) out += (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ':') ? '_' : static_cast<char>(c);
    if (out.empty() || out == "." || out == "..") out = "_" + out;
    return out;
}

}  // namespace

Result<std::vector<PacketFile>> packet_files(const Pack& pack, const json& packet) {
    std::vector<PacketFile> files;
    auto not_a_packet = [](const std::string& path, const char* what) {
        return make_error(ErrorCode::kInvalidValue, path, std::string("不是完整的移送材料包 / not a packet: ") + what);
    };
    const json& docs = member_or_null(packet, "documents");
    if (!docs.is_array()) return not_a_packet("/documents", "documents must be an array");
    for (size_t i = 0; i < docs.size(); ++i) {
        const json& id = member_or_null(docs[i], "id");
        if (!id.is_string()) return not_a_packet(pointer_append("/documents", i) + "/id", "a document needs an id");
        auto html = render_document(pack, packet, i);
        if (!html.ok()) return html.error();
        // Named as the official calls it: "01-涉嫌违法案件移送函.html" (the kind's title; its id if it has none).
        const json& title = member_or_null(docs[i], "title");
        const std::string name = title.is_string() && !title.get<std::string>().empty() ? title.get<std::string>() : id.get<std::string>();
        files.push_back({two_digits(i + 1) + "-" + safe_file_name(name) + ".html", std::move(html.value()), -1});
    }
    files.push_back({"packet.json", packet_json_text(packet), -1});
    const json& manifest = member_or_null(packet, "attachments");
    if (!manifest.is_array()) return not_a_packet("/attachments", "attachments must be an array");
    for (size_t i = 0; i < manifest.size(); ++i) {
        const json& name = member_or_null(manifest[i], "file_name");
        if (!name.is_string()) return not_a_packet(pointer_append("/attachments", i) + "/file_name", "an attachment needs a file name");
        files.push_back({"attachments/" + two_digits(i + 1) + "-" + safe_file_name(name.get<std::string>()), "", static_cast<int>(i)});
    }
    return files;
}

json packet_files_json(const std::vector<PacketFile>& files) {
    json list = json::array();
    for (const auto& f : files) {
        if (f.attachment >= 0) list.push_back({{"name", f.name}, {"attachment", f.attachment}});
        else list.push_back({{"name", f.name}, {"text", f.text}});
    }
    return list;
}

json verify_packet_envelope(const Pack& pack, std::string_view text) {
    auto doc = parse_json(text);
    if (!doc.ok()) return error_envelope({doc.error()});
    const json& p = doc.value();
    auto refuse = [](const char* path, std::string message) {
        return error_envelope({make_error(ErrorCode::kInvalidValue, path, std::move(message))});
    };
    if (!p.is_object() || p.value("schema", json()) != "referral-packet/1")
        return refuse("/schema", "不是移送材料包（packet.json 的 schema 应为 referral-packet/1） / not a referral-packet/1");
    const json pack_id = p.contains("pack") && p["pack"].is_object() ? p["pack"].value("id", json()) : json();
    if (pack_id != pack.meta.id)
        return refuse("/pack/id", "材料包属于另一规则包（" + (pack_id.is_string() ? pack_id.get<std::string>() : std::string("未知")) +
                                      "），本工具使用 " + pack.meta.id + " / packet of another pack");
    if (!p.contains("sha256") || !p["sha256"].is_string())
        return refuse("/sha256", "packet.json 缺少 sha256 摘要 / missing digest");
    auto files = packet_files(pack, p);
    if (!files.ok()) return error_envelope({files.error()});
    const std::string computed = sha256_hex(packet_canonical_text(p));
    const std::string recorded = p["sha256"].get<std::string>();
    return {{"ok", true},
            {"sha256", {{"recorded", recorded}, {"computed", computed}, {"match", recorded == computed}}},
            {"files", packet_files_json(files.value())},
            {"attachments", p.value("attachments", json::array())}};
}

}  // namespace referral
