// verify_packet: any text as a packet.json read back from a ZIP.
#include "fuzz_support.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const json reply = fuzz::bundled().verify_packet(fuzz::text(data, size));
    if (!reply.is_object() || !reply.contains("ok")) std::abort();
    return 0;
}
