// packet.h — a transfer packet (移送材料): the documents a plan asks one authority to send to
// another, filled from `referral-packet-input/1`, with what is still missing and why.
//
// [SECTION] Input: referral-packet-input/1
// [SECTION] Completeness: missing or invalid items, each with its JSON Pointer and clause
// [SECTION] Assembly: referral-packet/1 and its SHA-256
// [SECTION] Rendering: print-ready HTML per document
//
// Two kinds of problems, kept apart on purpose: an input that is not a packet input at all (not
// JSON, wrong schema or types, unknown members, an invalid case) is refused with errors, while a
// packet input that is merely incomplete or wrong in content (a missing phone, a bad check digit,
// an absent 现场检查记录) still yields a packet whose completeness report lists every item, so
// the wizard can show them all at once.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "calendar/calendar.h"
#include "core/date.h"
#include "core/json_read.h"
#include "matter/matter.h"
#include "rules/case.h"
#include "rules/pack.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] Input
//-----------------------------------------------------------------------------
struct PacketParty {
    std::string kind;         // person | organisation
    std::string name;
    std::string id_number;    // 公民身份号码, for a person
    std::string credit_code;  // 统一社会信用代码, for an organisation
    // 身份待核实: the identity is not yet known (a 12345 complaint …); the reason why. Then the
    // identifier is not demanded (one given is still checked).
    std::optional<std::string> identity_pending;
};

struct PacketAttachment {
    std::string kind;         // an attachment kind of documents.json, e.g. "site_photos"
    std::string file_name;
    long long size = -1;      // bytes; -1 = not given
    std::string sha256;       // lower-case hex of the file's bytes
};

struct PacketInput {
    Case kase;                      // the matter's facts
    std::vector<Event> events;      // what the matter's record holds (its `events`), if anything
    bool record = false;            // the case carried `events`
    std::string sender, receiver;   // authority ids of the pack
    std::string action;             // optional: only the documents of the plan's steps with this action
    std::string document_number;    // 发文字号, e.g. 汇政移〔2026〕3号
    std::string reference;          // the sender's own reference for the matter (a portal's case number), copied as is
    std::string sent_on;            // YYYY-MM-DD, or a date-time for a deadline in hours (kept as given; checked in completeness)
    struct {
        std::string party, facts, time, place, measures;
    } summary;                      // 基本违法事实: who, what, when (ISO date-time), where, measures taken
    std::vector<PacketParty> parties;
    struct Officer {
        std::string name, certificate;  // 执法人员 and the number of the certificate they carry (执法证号)
    };
    std::vector<Officer> officers;  // the officials who handled the matter, when a document names them
    struct {
        std::string unit, person, phone;
    } contact;
    struct {
        std::string leader, date;
    } approval;
    std::vector<PacketAttachment> attachments;
    // The text only one kind of document carries: document kind id → detail id → text.
    std::map<std::string, std::map<std::string, std::string>> details;
};

// Parses `doc` as referral-packet-input/1: structure, types and the embedded case. Content
// (emptiness, check digits, dates) is judged later by the completeness report.
Result<PacketInput> parse_packet_input(const json& doc, const Pack& pack, std::vector<Error>* all_errors = nullptr);

//-----------------------------------------------------------------------------
// [SECTION] Completeness
//-----------------------------------------------------------------------------
struct PacketItem {
    std::string pointer;   // JSON Pointer into the packet input
    std::string status;    // missing | invalid
    std::string message;   // Chinese
    std::string clause;    // the clause demanding it, "" when no clause does (e.g. a malformed digest)
    std::string quote;
    std::string basis;     // another instrument, when the requirement comes from one
    std::string kind;      // the attachment kind an item about attachments concerns ("site_photos"), else ""
};

//-----------------------------------------------------------------------------
// [SECTION] Assembly
//-----------------------------------------------------------------------------
// Builds referral-packet/1: the plan, every document the plan has the sender send the receiver
// (fields, attachments, completeness), the attachment manifest, the overall completeness and
// "sha256" — the SHA-256 of the packet's canonical JSON without that member (keys sorted,
// no whitespace, UTF-8 as is: nlohmann::json::dump()). `today` is the day dates may not pass.
json assemble_packet(const Pack& pack, const WorkCalendar& calendar, const PacketInput& input, Date today);

// The canonical text the digest covers: `packet` without "sha256", dumped as above.
std::string packet_canonical_text(const json& packet);

// Parses, validates and assembles in one go: {"ok":true,"packet":…} or the error envelope.
json packet_envelope(const Pack& pack, const WorkCalendar& calendar, const json& input_doc, Date today);

//-----------------------------------------------------------------------------
// [SECTION] Files: what `referral packet --out` writes and the wizard's ZIP holds
//-----------------------------------------------------------------------------
// One file of a packet. Documents and packet.json carry their text; an attachment entry names the
// manifest entry (`attachment` = index into packet.attachments) whose bytes the caller supplies.
struct PacketFile {
    std::string name;     // "01-涉嫌违法案件移送函.html", "packet.json", "attachments/01-现场照片.zip"
    std::string text;     // empty for an attachment
    int attachment = -1;  // manifest index, or -1
};

// The packet's text as packet.json holds it: 2-space indented, keys sorted, UTF-8 as is, final newline.
std::string packet_json_text(const json& packet);

// Every file of an assembled packet, in order: "NN-<title>.html" per document (the kind's title: 01-涉嫌违法案件移送函.html), "packet.json",
// then "attachments/NN-<file name>" per manifest entry (NN = its position; the file name with path
// separators and control characters replaced by "_", so no entry can leave its folder).
Result<std::vector<PacketFile>> packet_files(const Pack& pack, const json& packet);
json packet_files_json(const std::vector<PacketFile>& files);

// Checks a packet.json read back from an export: {"ok":true, "sha256":{recorded, computed, match},
// "files":[…the files it should come with, as packet_files_json…], "attachments":[manifest]}, or the
// error envelope when the text is not a referral-packet/1 of this pack (path = where it went wrong).
json verify_packet_envelope(const Pack& pack, std::string_view packet_json);

//-----------------------------------------------------------------------------
// [SECTION] Rendering
//-----------------------------------------------------------------------------
// One document of an assembled packet as a print-ready A4 HTML page (GB/T 9704-2012 layout),
// from the pack's mustache template. Every value is HTML-escaped. Fails only on a broken template.
Result<std::string> render_document(const Pack& pack, const json& packet, size_t document_index);

}  // namespace referral
