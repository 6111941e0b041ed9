// verify_packet_zip_bytes: any bytes as a packet ZIP received (`referral verify`, src/host/packet_zip.h):
// minizip's reading of the central directory and the entries, the limits checked from what they
// declare, packet.json through the engine, every entry against the manifest. The reply must be an
// object written as strict JSON (an entry name that is not UTF-8 reaches the messages).
#include "fuzz_support.h"
#include "host/packet_zip.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const json reply = verify_packet_zip_bytes(fuzz::bundled(), fuzz::text(data, size));
    if (!reply.is_object() || !reply.contains("ok")) std::abort();
    (void)reply.dump(-1, ' ', false, json::error_handler_t::strict);
    return 0;
}
