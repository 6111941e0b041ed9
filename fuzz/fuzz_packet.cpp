// Packet input, completeness and rendering: any text as a referral-packet-input/1; when it parses,
// the packet is assembled and every document rendered (Engine::packet_files).
#include "fuzz_support.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto doc = parse_json(fuzz::text(data, size));
    if (!doc.ok()) return 0;
    const json reply = fuzz::bundled().packet_files(doc.value(), Date::from_ymd(2026, 6, 1));
    if (!reply.is_object() || !reply.contains("ok")) std::abort();
    return 0;
}
