// Transfer packets: identifiers and digests (tables), completeness cases (tests/packet/*.json),
// malformed packet inputs (tests/bad/packets/*.json), golden documents (tests/golden/packet/, made
// by scripts/regen-golden) and HTML escaping of every text a user can type.
//
// Completeness case: {"name": sentence, "base": example file, "patch": JSON merge patch,
//                     "expected": {"complete": bool, "pointers": [every item's pointer],
//                                  "clauses": {pointer: clause}, "documents": [ids],
//                                  "late": [actions sent after their deadline], "warning_says": text}}
// Bad packet input:  {"name", "base"?, "patch"? | "text", "expected": {"code", "path"}}
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "packet/identifiers.h"
#include "packet/packet.h"
#include "core/sha256.h"
#include "test_support.h"

using namespace referral;
namespace fs = std::filesystem;

namespace {

constexpr const char* kGoldenToday = "2026-06-01";  // keep in step with scripts/regen-golden

std::string read_text(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

json load(const std::string& relative) { return json::parse(read_text(test::source_path(relative))); }

std::vector<std::string> json_files(const std::string& dir) {
    std::vector<std::string> out;
    const fs::path root = test::source_path(dir);
    if (!fs::exists(root)) return out;
    for (const auto& e : fs::directory_iterator(root))
        if (e.is_regular_file() && e.path().extension() == ".json") out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

std::string test_name(const std::string& rel) {
    std::string n;
    for (char c : rel) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
    return n;
}

Date golden_today() { return *Date::parse(kGoldenToday); }

json packet_of(const json& input) {
    const json reply = test::bundled().packet(input, golden_today());
    EXPECT_TRUE(reply["ok"].get<bool>()) << reply.dump(2);
    return reply.value("packet", json::object());
}

// A test input: a base example with a JSON merge patch (RFC 7386) applied.
json patched(const json& tc) {
    json input = load(tc.value("base", "tests/examples/packet-market-to-town.json"));
    if (tc.contains("patch")) input.merge_patch(tc["patch"]);
    return input;
}

}  // namespace

//-----------------------------------------------------------------------------
// Digests and identifiers
//-----------------------------------------------------------------------------
TEST(Sha256, MatchesTheFipsVectors) {
    EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
              "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    EXPECT_EQ(sha256_hex(std::string(1000000, 'a')), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    // Fed in pieces across block boundaries: the same digest.
    Sha256 h;
    const std::string text = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    for (size_t i = 0; i < text.size(); i += 7) h.update(text.substr(i, 7));
    std::string hex;
    for (uint8_t b : h.finish()) hex += "0123456789abcdef"[b >> 4], hex += "0123456789abcdef"[b & 15];
    EXPECT_EQ(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Identifiers, CreditCodeCheckCharacter) {
    struct Row { const char* code; bool valid; };
    const Row rows[] = {
        {"91350100M000100Y43", true},   // GB 32100-2015 example
        {"91350100M000100Y44", false},  // wrong check character
        {"91350100M000100Y4", false},   // 17 characters
        {"91350100M000100Y430", false}, // 19 characters
        {"91350100m000100Y43", false},  // lower case
        {"91350100I000100Y43", false},  // I is not in the alphabet
        {"91350100O000100Y43", false},  // nor O
        {"", false},
    };
    for (const auto& r : rows) EXPECT_EQ(valid_credit_code(r.code), r.valid) << r.code;
    // Every single-character change of the valid code is caught.
    const std::string good = "91350100M000100Y43";
    const std::string alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    for (size_t i = 0; i < good.size(); ++i)
        for (char c : alphabet)
            if (c != good[i]) {
                std::string bad = good;
                bad[i] = c;
                EXPECT_FALSE(valid_credit_code(bad)) << bad;
            }
}

TEST(Identifiers, IdNumberCheckCharacter) {
    struct Row { const char* number; bool valid; };
    const Row rows[] = {
        {"11010519491231002X", true},   // GB 11643-1999 example
        {"11010519491231002x", false},  // the standard prints X in upper case
        {"110105194912310021", false},  // wrong check character
        {"11010519491232002X", false},  // 1949-12-32 is no birth date
        {"11010519490229002X", false},  // 1949 was no leap year (and the check fails too)
        {"1101051949123100X", false},   // 17 characters
        {"11010519491231002XX", false},
        {"A1010519491231002X", false},
        {"", false},
    };
    for (const auto& r : rows) EXPECT_EQ(valid_id_number(r.number), r.valid) << r.number;
    const std::string good = "11010519491231002X";
    for (size_t i = 0; i < 17; ++i)
        for (char c = '0'; c <= '9'; ++c)
            if (c != good[i]) {
                std::string bad = good;
                bad[i] = c;
                EXPECT_FALSE(valid_id_number(bad)) << bad;
            }
}

TEST(Identifiers, PhoneNumbers) {
    struct Row { const char* phone; bool valid; };
    const Row rows[] = {
        {"13912345678", true}, {"19912345678", true}, {"12912345678", false}, {"1391234567", false},
        {"139123456789", false}, {"0513-83312345", true}, {"051383312345", true}, {"010-12345678", true},
        {"0513-8331234", true}, {"0513-833123", false}, {"513-83312345", false}, {"0513-03312345", false},
        {"0513 83312345", false}, {"+8613912345678", false}, {"", false},
    };
    for (const auto& r : rows) EXPECT_EQ(valid_phone(r.phone), r.valid) << r.phone;
}

//-----------------------------------------------------------------------------
// The pack's documents
//-----------------------------------------------------------------------------
TEST(PacketDocuments, EveryDocumentKindHasItsRequirements) {
    const Pack& pack = test::bundled().pack();
    for (const auto& k : pack.documents) {
        EXPECT_FALSE(k.title.empty()) << k.id;
        EXPECT_FALSE(k.fields.empty()) << k.id;
        for (const auto& f : k.fields) {
            EXPECT_FALSE(f.clause.empty()) << k.id << " " << f.field;
            EXPECT_NE(pack.document_text.find(f.quote), std::string::npos) << k.id << " " << f.field;
        }
    }
    const DocumentKind* letter = pack.document("transfer_letter");
    ASSERT_NE(letter, nullptr);
    EXPECT_EQ(letter->title, "涉嫌违法案件移送函");
    EXPECT_EQ(letter->receipt, "涉嫌违法案件移送函回执");
}

TEST(PacketDocuments, TemplateNeverEmitsUnescapedValues) {
    const std::string& t = test::bundled().pack().document_template;
    EXPECT_EQ(t.find("{{{"), std::string::npos);
    EXPECT_EQ(t.find("{{&"), std::string::npos);
    EXPECT_EQ(t.find("{{="), std::string::npos) << "changing delimiters would hide raw tags from this check";
}

//-----------------------------------------------------------------------------
// Golden packets: the same bytes natively and in WebAssembly (the digest included)
//-----------------------------------------------------------------------------
class GoldenPacket : public testing::TestWithParam<std::string> {};

TEST_P(GoldenPacket, MatchesTheCheckedInFiles) {
    const std::string name = GetParam();
    const std::string dir = test::source_path("tests/golden/packet/" + name);
    const json packet = packet_of(load("tests/examples/packet-" + name + ".json"));
    ASSERT_TRUE(packet.contains("documents"));
    const json golden = json::parse(read_text(dir + "/packet.json"));
    EXPECT_EQ(packet["sha256"], golden["sha256"]) << "the packet digest changed; run scripts/regen-golden and review";
    EXPECT_EQ(packet["sha256"].get<std::string>(), sha256_hex(packet_canonical_text(packet)));
    EXPECT_EQ(packet.dump(2) + "\n", read_text(dir + "/packet.json"));
    size_t html_files = 0;
    for (const auto& e : fs::directory_iterator(dir))
        if (e.path().extension() == ".html") ++html_files;
    EXPECT_EQ(html_files, packet["documents"].size());
    auto files = packet_files(test::bundled().pack(), packet);
    ASSERT_TRUE(files.ok()) << describe(files.error());
    for (const auto& f : files.value()) {
        if (f.attachment >= 0) continue;  // the examples give digests, not files
        EXPECT_EQ(f.text, read_text(dir + "/" + f.name)) << f.name << " differs; run scripts/regen-golden and review the diff";
    }
}

// Every folder of tests/golden/packet, one per example tests/examples/packet-NAME.json.
std::vector<std::string> golden_names() {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(test::source_path("tests/golden/packet")))
        if (e.is_directory()) out.push_back(e.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

TEST(GoldenPacketSet, EveryDocumentKindOfThePackHasAGoldenFile) {
    std::set<std::string> kinds;
    for (const auto& name : golden_names())
        for (const auto& e : fs::directory_iterator(test::source_path("tests/golden/packet/" + name)))
            if (e.path().extension() == ".html") kinds.insert(e.path().stem().string().substr(3));  // "01-<title>" → title
    for (const auto& k : test::bundled().pack().documents) EXPECT_TRUE(kinds.count(k.title)) << k.id << " has no golden document";
}

INSTANTIATE_TEST_SUITE_P(Packet, GoldenPacket, testing::ValuesIn(golden_names()),
                         [](const auto& info) { return test_name(info.param); });

//-----------------------------------------------------------------------------
// Escaping: whatever an official types is shown as text, never as markup
//-----------------------------------------------------------------------------
// The HTML escaping every value must get: & < > " '.
std::string escaped(const std::string& text) {
    std::string out;
    for (char c : text) {
        switch (c) {
            case '&': out += "&amp;"; break;
            case '<': out += "&lt;"; break;
            case '>': out += "&gt;"; break;
            case '"': out += "&quot;"; break;
            case '\'': out += "&apos;"; break;
            default: out += c;
        }
    }
    return out;
}

TEST(PacketRendering, EveryTextFieldIsEscaped) {
    const std::vector<std::string> payloads = {"<script>alert(1)</script>", "\"><img src=x onerror=alert(1)>",
                                               "'><svg onload=alert(1)>", "</title><script>alert(1)</script>",
                                               "{{title}}", "&lt;b&gt;"};
    for (const auto& base : {"market-to-town", "town-to-police"}) {
        for (const auto& payload : payloads) {
            json input = load(std::string("tests/examples/packet-") + base + ".json");
            // Every string the user types, except the identifiers the engine resolves.
            auto poison = [&](auto&& self, json& v, const std::string& path) -> void {
                if (v.is_object()) {
                    for (auto it = v.begin(); it != v.end(); ++it) self(self, it.value(), path + "/" + it.key());
                } else if (v.is_array()) {
                    for (auto& x : v) self(self, x, path + "/*");
                } else if (v.is_string()) {
                    static const std::set<std::string> kept = {"/schema", "/sender", "/receiver", "/parties/*/kind",
                                                               "/attachments/*/kind"};
                    if (path.rfind("/case", 0) == 0 || kept.count(path)) return;
                    v = v.get<std::string>() + payload;
                }
            };
            poison(poison, input, "");
            const json packet = packet_of(input);
            ASSERT_TRUE(packet.contains("documents"));
            ASSERT_FALSE(packet["documents"].empty());
            for (size_t i = 0; i < packet["documents"].size(); ++i) {
                auto html = render_document(test::bundled().pack(), packet, i);
                ASSERT_TRUE(html.ok());
                const std::string& h = html.value();
                // The payload never appears raw, and appears escaped (as text) at least once.
                EXPECT_EQ(h.find(payload), payload == "{{title}}" ? h.find(payload) : std::string::npos) << payload;
                EXPECT_NE(h.find(escaped(payload)), std::string::npos) << payload;
                EXPECT_EQ(h.find("<script"), std::string::npos) << payload;
                EXPECT_EQ(h.find("<img"), std::string::npos) << payload;
                EXPECT_EQ(h.find("<svg"), std::string::npos) << payload;
                EXPECT_EQ(h.find("onerror=alert(1)>"), std::string::npos) << payload;
                EXPECT_EQ(h.find("<title>"), h.rfind("<title>"));
            }
        }
    }
}

//-----------------------------------------------------------------------------
// Completeness cases and malformed inputs, as data
//-----------------------------------------------------------------------------
class PacketCase : public testing::TestWithParam<std::string> {};

TEST_P(PacketCase, ReportsWhatIsMissing) {
    const json tc = load("tests/packet/" + GetParam());
    SCOPED_TRACE(tc["name"].get<std::string>());
    const json packet = packet_of(patched(tc));
    ASSERT_TRUE(packet.contains("completeness"));
    const json& want = tc["expected"];
    const json& items = packet["completeness"]["items"];
    std::set<std::string> have, expected;
    for (const auto& i : items) {
        have.insert(i["pointer"].get<std::string>());
        EXPECT_FALSE(i["message"].get<std::string>().empty());
    }
    for (const auto& p : want.value("pointers", json::array())) expected.insert(p.get<std::string>());
    EXPECT_EQ(have, expected) << items.dump(2);
    EXPECT_EQ(packet["completeness"]["complete"], want.value("complete", expected.empty()));
    const json clauses = want.value("clauses", json::object());
    for (auto it = clauses.begin(); it != clauses.end(); ++it) {
        bool found = false;
        for (const auto& i : items) found = found || (i["pointer"] == it.key() && i["clause"] == it.value());
        EXPECT_TRUE(found) << it.key() << " should cite " << it.value() << ": " << items.dump(2);
    }
    // Lateness is a warning, never an item: the actions found late and a phrase each warning must say.
    if (want.contains("late")) {
        json late = json::array();
        for (const auto& t : packet["timeliness"])
            if (t["late"] == true) late.push_back(t["action"]);
        EXPECT_EQ(late, want["late"]) << packet["timeliness"].dump(2);
        EXPECT_EQ(packet["completeness"]["warnings"].size(), want["late"].size());
        for (const auto& w : packet["completeness"]["warnings"]) {
            EXPECT_EQ(w["pointer"], "/sent_on");
            if (want.contains("warning_says"))
                EXPECT_NE(w["message"].get<std::string>().find(want["warning_says"].get<std::string>()), std::string::npos) << w.dump(2);
        }
    } else {
        EXPECT_TRUE(packet["completeness"]["warnings"].empty()) << packet["completeness"]["warnings"].dump(2);
    }
    if (want.contains("documents")) {
        json ids = json::array();
        for (const auto& d : packet["documents"]) ids.push_back(d["id"]);
        EXPECT_EQ(ids, want["documents"]);
    }
}

INSTANTIATE_TEST_SUITE_P(Packet, PacketCase, testing::ValuesIn(json_files("tests/packet")),
                         [](const auto& info) { return test_name(info.param); });

class BadPacket : public testing::TestWithParam<std::string> {};

TEST_P(BadPacket, GivesTheExpectedError) {
    const json tc = load("tests/bad/packets/" + GetParam());
    SCOPED_TRACE(tc["name"].get<std::string>());
    json reply;
    if (tc.contains("text")) {
        auto doc = parse_json(tc["text"].get<std::string>());
        reply = doc.ok() ? test::bundled().packet(doc.value(), golden_today()) : error_envelope({doc.error()});
    } else {
        reply = test::bundled().packet(patched(tc), golden_today());
    }
    ASSERT_FALSE(reply["ok"].get<bool>()) << reply.dump(2);
    EXPECT_FALSE(reply.contains("packet")) << "no partial packet on bad input";
    EXPECT_EQ(reply["error"]["code"], tc["expected"]["code"]) << reply.dump(2);
    EXPECT_EQ(reply["error"]["path"], tc["expected"]["path"]) << reply.dump(2);
}

INSTANTIATE_TEST_SUITE_P(Bad, BadPacket, testing::ValuesIn(json_files("tests/bad/packets")),
                         [](const auto& info) { return test_name(info.param); });

//-----------------------------------------------------------------------------
// Files and verification: what the CLI writes, the wizard zips and reads back
//-----------------------------------------------------------------------------
TEST(PacketFiles, DocumentsThenPacketJsonThenOneSafeEntryPerAttachment) {
    json input = load("tests/examples/packet-market-to-town.json");
    input["attachments"][1]["file_name"] = "../../etc/照片\\x:y.zip";
    const json packet = packet_of(input);
    auto files = packet_files(test::bundled().pack(), packet);
    ASSERT_TRUE(files.ok()) << describe(files.error());
    std::vector<std::string> names;
    for (const auto& f : files.value()) names.push_back(f.name);
    EXPECT_EQ(names, (std::vector<std::string>{"01-涉嫌违法案件移送函.html", "02-移送材料清单.html", "packet.json",
                                               "attachments/01-现场检查记录.pdf", "attachments/02-.._.._etc_照片_x_y.zip",
                                               "attachments/03-询问笔录.pdf"}));
    EXPECT_EQ(files.value()[2].text, packet_json_text(packet));
    EXPECT_EQ(files.value()[4].attachment, 1);
    EXPECT_TRUE(files.value()[4].text.empty());
}

TEST(PacketVerify, AnUntouchedPacketMatchesItsDigestAndFiles) {
    const json packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    const json v = verify_packet_envelope(test::bundled().pack(), packet_json_text(packet));
    ASSERT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_TRUE(v["sha256"]["match"].get<bool>());
    EXPECT_EQ(v["sha256"]["computed"], packet["sha256"]);
    auto files = packet_files(test::bundled().pack(), packet);
    ASSERT_TRUE(files.ok());
    EXPECT_EQ(v["files"], packet_files_json(files.value()));
    EXPECT_EQ(v["attachments"], packet["attachments"]);
}

TEST(PacketVerify, AnEditedFactBreaksTheDigest) {
    json packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    packet["summary"]["facts"] = "改过的事实";
    const json v = verify_packet_envelope(test::bundled().pack(), packet_json_text(packet));
    ASSERT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_FALSE(v["sha256"]["match"].get<bool>());
    EXPECT_EQ(v["sha256"]["recorded"], packet["sha256"]);
    EXPECT_NE(v["sha256"]["computed"], packet["sha256"]);
}

// The sender's own reference (a portal's case number, the embedded element's data.reference) is
// copied into packet.json as given and covered by its digest; without one, packet.json has none.
TEST(PacketVerify, TheSendersReferenceTravelsIntoPacketJsonUnderTheDigest) {
    json input = load("tests/examples/packet-market-to-town.json");
    const json without = packet_of(input);
    EXPECT_FALSE(without.contains("reference"));
    input["reference"] = "SJ-2026-0913 门户";
    json packet = packet_of(input);
    EXPECT_EQ(packet["reference"], "SJ-2026-0913 门户");
    EXPECT_NE(packet["sha256"], without["sha256"]);
    packet["reference"] = "SJ-2026-0914";
    const json v = verify_packet_envelope(test::bundled().pack(), packet_json_text(packet));
    ASSERT_TRUE(v["ok"].get<bool>()) << v.dump();
    EXPECT_FALSE(v["sha256"]["match"].get<bool>());
}

TEST(PacketVerify, RefusesWhatIsNotAPacketOfThisPack) {
    const auto& pack = test::bundled().pack();
    auto code_path = [&](const std::string& text) {
        const json v = verify_packet_envelope(pack, text);
        EXPECT_FALSE(v["ok"].get<bool>());
        return v["error"]["code"].get<std::string>() + " " + v["error"]["path"].get<std::string>();
    };
    EXPECT_EQ(code_path("{not json"), "malformed_json ");
    EXPECT_EQ(code_path(R"({"schema":"referral-case/1"})"), "invalid_value /schema");
    json packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    packet["pack"]["id"] = "another-city";
    EXPECT_EQ(code_path(packet.dump()), "invalid_value /pack/id");
    packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    packet.erase("sha256");
    EXPECT_EQ(code_path(packet.dump()), "invalid_value /sha256");
    packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    packet.erase("documents");
    EXPECT_EQ(code_path(packet.dump()), "invalid_value /documents");  // the pointer says what is missing
}

//-----------------------------------------------------------------------------
// One step's documents: `action` narrows the packet to the steps with that action
//-----------------------------------------------------------------------------
json food_stall_packet(const std::string& action) {
    json input = load("tests/examples/packet-market-to-town.json");
    input["case"] = {{"schema", "referral-case/1"}, {"date", "2026-04-29T09:30:00+08:00"}, {"finder", "dept"}, {"dept", "market"},
                     {"town", "huilong"}, {"item", "market-food-stall-unregistered"}, {"source", "patrol"}, {"verification", "violation"}};
    input["receiver"] = "town:huilong";
    if (!action.empty()) input["action"] = action;
    return test::bundled().packet(input, golden_today());
}

std::vector<std::string> document_ids(const json& reply) {
    std::vector<std::string> ids;
    for (const auto& d : reply["packet"]["documents"]) ids.push_back(d["id"].get<std::string>());
    return ids;
}

TEST(PacketAction, WithoutItEveryDocumentTheSenderOwesTheReceiver) {
    const json r = food_stall_packet("");
    ASSERT_TRUE(r["ok"].get<bool>()) << r.dump(2);
    EXPECT_EQ(document_ids(r), (std::vector<std::string>{"transfer_letter", "attachment_list", "approval_copy"}));
    EXPECT_FALSE(r["packet"].contains("action"));
}

TEST(PacketAction, NarrowsThePacketToThatStep) {
    const json transfer = food_stall_packet("transfer");
    ASSERT_TRUE(transfer["ok"].get<bool>()) << transfer.dump(2);
    EXPECT_EQ(document_ids(transfer), (std::vector<std::string>{"transfer_letter", "attachment_list"}));
    EXPECT_EQ(transfer["packet"]["action"], "transfer");
    EXPECT_TRUE(transfer["packet"]["completeness"]["complete"].get<bool>()) << transfer["packet"]["completeness"].dump(2);
    const json copy = food_stall_packet("copy_approval");
    EXPECT_EQ(document_ids(copy), (std::vector<std::string>{"approval_copy"}));
}

TEST(PacketAction, AnActionThePairDoesNotTakeIsAnItemAndAnUnknownOneAnError) {
    const json none = food_stall_packet("acknowledge");  // the town acknowledges; the department does not
    ASSERT_TRUE(none["ok"].get<bool>()) << none.dump(2);
    EXPECT_TRUE(document_ids(none).empty());
    const auto& items = none["packet"]["completeness"]["items"];
    ASSERT_EQ(items.size(), 1u) << items.dump(2);
    EXPECT_EQ(items[0]["pointer"], "/action");
    EXPECT_FALSE(none["packet"]["completeness"]["complete"].get<bool>());
    const json unknown = food_stall_packet("teleport");
    EXPECT_FALSE(unknown["ok"].get<bool>());
    EXPECT_EQ(unknown["error"]["code"], "unknown_value");
    EXPECT_EQ(unknown["error"]["path"], "/action");
}

//-----------------------------------------------------------------------------
// Documents an office can send as they are (#26): each kind's wording, from the case's fields
//-----------------------------------------------------------------------------
namespace {

// The printed text of one document of a packet (tags dropped, entities of the template decoded).
std::string document_text(const json& packet, const std::string& id) {
    const auto& docs = packet["documents"];
    for (size_t i = 0; i < docs.size(); ++i) {
        if (docs[i]["id"] != id) continue;
        auto html = render_document(test::bundled().pack(), packet, i);
        EXPECT_TRUE(html.ok());
        std::string text, raw = html.ok() ? html.value() : "";
        raw = raw.substr(raw.find("<body>"));
        bool tag = false;
        for (char c : raw) {
            if (c == '<') tag = true;
            else if (c == '>') { tag = false; text += ' '; }
            else if (!tag) text += c;
        }
        return text;
    }
    ADD_FAILURE() << "no document " << id;
    return "";
}

std::string document_html(const json& packet, const std::string& id) {
    const auto& docs = packet["documents"];
    for (size_t i = 0; i < docs.size(); ++i)
        if (docs[i]["id"] == id) return render_document(test::bundled().pack(), packet, i).value();
    return "";
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST(DocumentsAsSent, TheAcceptanceNoticeIsTheReceiversOwnLetter) {
    const json packet = packet_of(load("tests/examples/packet-town-acknowledges-and-copies.json"));
    const std::string t = document_text(packet, "acceptance_notice");
    // The letter it answers, by 文号, and the day it arrived; the decision; in the receiver's voice.
    EXPECT_TRUE(has(t, "你单位《涉嫌违法案件移送函》（启应急移〔2026〕3号）及所附材料，我单位已于2026年5月19日收到")) << t;
    EXPECT_TRUE(has(t, "经审查，该案属我单位管辖，我单位决定予以受理。")) << t;
    // No narrative copied from the sender's letter.
    EXPECT_FALSE(has(t, "基本违法事实")) << t;
    EXPECT_FALSE(has(t, "已采取的措施")) << t;
    EXPECT_FALSE(has(t, "经现场检查")) << t;
    // Which one answers: the 告知书 says it is the written notice of 受理情况.
    EXPECT_TRUE(has(t, "受理情况书面告知如下")) << t;
}

TEST(DocumentsAsSent, AReceiverThatDisputesJurisdictionDoesNotAcceptAndReportsToTheCityGovernment) {
    json input = load("tests/examples/packet-town-acknowledges-and-copies.json");
    input["case"]["flags"] = {{"receiver_disputes_jurisdiction", true}};
    input["action"] = "acknowledge";
    const json packet = packet_of(input);
    const std::string t = document_text(packet, "acceptance_notice");
    EXPECT_TRUE(has(t, "决定不予受理，并已依照上述规定报请市人民政府决定")) << t;
    EXPECT_FALSE(has(t, "决定予以受理")) << t;
}

TEST(DocumentsAsSent, TheTransferLetterAndItsReceiptSayTheAcceptanceComesAsAnAcceptanceNotice) {
    const json packet = packet_of(load("tests/examples/packet-market-to-town.json"));
    const std::string t = document_text(packet, "transfer_letter");
    EXPECT_TRUE(has(t, "请收到后在所附回执上签收并寄回；受理情况请自收到本函之日起5个工作日内以《受理情况告知书》书面告知我单位")) << t;
    EXPECT_TRUE(has(t, "本回执仅确认收到；受理情况将自收到之日起5个工作日内另以《受理情况告知书》书面告知")) << t;
    EXPECT_FALSE(has(t, "受理情况：")) << "the 回执 asks for no 受理情况 of its own: " << t;
}

TEST(DocumentsAsSent, TheOpeningSentenceIsBuiltFromTheCaseInTheSendersVoice) {
    // Found on supervision by the sender: "我单位在…监管检查时发现…".
    const json found = packet_of(load("tests/examples/packet-market-to-town.json"));
    const std::string t = document_text(found, "transfer_letter");
    EXPECT_TRUE(has(t, "2026年4月29日9时30分，我单位在惠萍镇惠萍路 12 号监管检查时发现启东市惠萍镇某某超市涉嫌经营超过保质期的食品。")) << t;
    EXPECT_FALSE(has(t, "9时30分，惠萍镇惠萍路 12 号。")) << "no fragment of time and place: " << t;
    // A complaint is worded as one: no "我单位在…发现".
    json complaint = load("tests/examples/packet-market-to-town.json");
    complaint["case"]["source"] = "complaint";
    const std::string c = document_text(packet_of(complaint), "transfer_letter");
    EXPECT_TRUE(has(c, "我单位接到举报投诉，反映启东市惠萍镇某某超市涉嫌经营超过保质期的食品（地点：惠萍镇惠萍路 12 号）。")) << c;
    EXPECT_FALSE(has(c, "发现启东市惠萍镇某某超市")) << c;
    // A transfer received names the side that found it, and when it was received.
    const json disputed = packet_of(load("tests/examples/packet-town-reports-dispute.json"));
    const std::string d = document_text(disputed, "dispute_report");
    EXPECT_TRUE(has(d, "启东市城市管理局于2026年5月6日9时30分在惠萍镇某某路 8 号发现")) << d;
    EXPECT_TRUE(has(d, "移送我单位。")) << d;
    // A cooperation reply speaks of what the receiver found.
    const std::string r = document_text(packet_of(load("tests/examples/packet-dept-replies-cooperation.json")), "cooperation_reply");
    EXPECT_TRUE(has(r, "你单位在惠萍镇某某路 8 号日常巡查时发现")) << r;
}

TEST(DocumentsAsSent, HeadingsCarryNoCatalogueAlternatives) {
    // The item "随意倾倒、抛撒或者堆放建筑垃圾" lists alternatives: the body names it, the heading does not.
    const json packet = packet_of(load("tests/examples/packet-dept-extends-transfer.json"));
    const std::string t = document_text(packet, "transfer_letter");
    EXPECT_TRUE(has(t, "关于启东市某某有限公司涉嫌违法案件的移送函")) << t;
    EXPECT_FALSE(has(t, "关于启东市某某有限公司涉嫌随意倾倒")) << t;
    EXPECT_TRUE(has(t, "发现启东市某某有限公司涉嫌随意倾倒、抛撒或者堆放建筑垃圾。")) << t;
    EXPECT_TRUE(has(document_text(packet, "extension_notice"), "关于启东市某某有限公司涉嫌违法案件延期移送的告知函"));
}

TEST(DocumentsAsSent, TheExtensionNoticeStatesTheOriginalAndTheNewDeadline) {
    const json packet = packet_of(load("tests/examples/packet-dept-extends-transfer.json"));
    const std::string t = document_text(packet, "extension_notice");
    // Both deadlines in the plan's own words (due.text): the notice cannot say one thing and the plan another.
    EXPECT_TRUE(has(t, "该案的移送期限原为5个工作日内（自发现（或收到）之日起算），最迟2026年5月21日（星期四）；"
                       "现延长为10个工作日内（自发现（或收到）之日起算），最迟2026年5月28日（星期四）。")) << t;
}

TEST(DocumentsAsSent, QuotationsArePrintedWithoutTheSpacesOfTheReflowedText) {
    const json packet = packet_of(load("tests/examples/packet-dept-extends-transfer.json"));
    const std::string t = document_text(packet, "extension_notice");
    EXPECT_TRUE(has(t, "移送期限最长不超过10个工作日”")) << t;
    EXPECT_FALSE(has(t, "移送期限最长不超过 10 个工作日")) << t;
}

TEST(DocumentsAsSent, TheCrimeTransferCitesDecree310AndTheMechanismWithItsOwnMaterials) {
    const json packet = packet_of(load("tests/examples/packet-town-to-police.json"));
    const std::string t = document_text(packet, "crime_transfer");
    EXPECT_TRUE(has(t, "《行政执法机关移送涉嫌犯罪案件的规定》（国务院令第310号）第三条")) << t;
    EXPECT_TRUE(has(t, "（启政办发〔2020〕38号）第二部分第（四）项第4点")) << t;
    EXPECT_TRUE(has(t, "本案已经本机关负责人赵某于2026年5月22日批准移送")) << t;
    // The materials of 第六条: the report required; a place for the appraisal, not demanded here;
    // the seized goods list only when goods were seized (#23.15: then demanded).
    const json& doc = packet["documents"][0];
    std::map<std::string, bool> required;
    for (const auto& a : doc["attachments"]) required[a["kind"]] = a["required"];
    EXPECT_TRUE(required.at("crime_investigation_report"));
    ASSERT_TRUE(required.count("appraisal_conclusion")) << "a slot for 检验报告或者鉴定结论";
    EXPECT_FALSE(required.at("appraisal_conclusion"));
    EXPECT_FALSE(required.count("seized_items_list")) << "nothing was seized";
    json seized = load("tests/examples/packet-town-to-police.json");
    seized["case"]["flags"]["goods_seized"] = true;
    bool listed = false;
    const json seized_packet = packet_of(seized);
    for (const auto& a : seized_packet["documents"][0]["attachments"])
        if (a["kind"] == "seized_items_list") listed = a["required"].get<bool>();
    EXPECT_TRUE(listed) << "goods seized: the 涉案物品清单 is demanded";
    json appraised = load("tests/examples/packet-town-to-police.json");
    appraised["case"]["flags"]["needs_appraisal"] = true;
    const json with = packet_of(appraised);
    for (const auto& a : with["documents"][0]["attachments"])
        if (a["kind"] == "appraisal_conclusion") EXPECT_TRUE(a["required"].get<bool>());
}

TEST(DocumentsAsSent, ALetterUsesTheLetterLayoutAndAFormTheDocumentLayout) {
    const json packet = packet_of(load("tests/examples/packet-town-acknowledges-and-copies.json"));
    const std::string letter = document_html(packet, "acceptance_notice");
    EXPECT_TRUE(has(letter, "<div class=\"letter\">")) << "信函格式 for a 函";
    EXPECT_TRUE(has(letter, "class=\"letter-rule\""));
    const std::string form = document_html(packet, "penalty_copy");
    EXPECT_FALSE(has(form, "<div class=\"letter\">")) << "a 抄告单 keeps the 文件 layout";
}

TEST(DocumentsAsSent, AnAcknowledgementCannotBeDatedBeforeTheTransferArrived) {
    json input = load("tests/examples/packet-town-acknowledges-and-copies.json");
    input["sent_on"] = "2026-05-18";
    input["approval"]["date"] = "2026-05-18";
    input["document_number"] = "吕政告〔2026〕5号";
    const json packet = packet_of(input);
    bool refused = false;
    for (const auto& i : packet["completeness"]["items"])
        if (i["pointer"] == "/sent_on" && i["status"] == "invalid" && has(i["message"].get<std::string>(), "早于收到移送的日期")) refused = true;
    EXPECT_TRUE(refused) << packet["completeness"].dump(2);
}

TEST(DocumentsAsSent, OneTermForWhoApprovesTheTransfer) {
    json input = load("tests/examples/packet-market-to-town.json");
    input["approval"]["leader"] = "";
    const json packet = packet_of(input);
    bool said = false;
    for (const auto& i : packet["completeness"]["items"])
        if (i["pointer"] == "/approval/leader") said = i["message"] == "缺少批准移送的负责人";
    EXPECT_TRUE(said) << packet["completeness"].dump(2);
}
