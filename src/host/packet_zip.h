// packet_zip.h — a transfer packet ZIP received, verified as the page verifies it (收到移送材料):
// `referral verify PACKET.zip`. The ZIP is read with minizip (Debian's libminizip-dev natively, the
// same source package compiled in WebAssembly and in the fuzzing build: scripts/fetch-zlib).
//
// [SECTION] verify_packet_zip
//
// What is checked, in this order, and nothing is inflated before the first three pass:
//   1. the central directory: at most limits::kPacketZipEntries entries, their declared sizes
//      together at most limits::kPacketZipBytes (a ZIP bomb is refused as too_large from what it
//      declares), no two entries of one name (a forged copy placed before the genuine one),
//      no encrypted entry, deflate or stored only;
//   2. packet.json (declared at most limits::kPacketJsonBytes): the engine's verify_packet, which
//      checks its SHA-256 and regenerates every document the packet comes with;
//   3. the entries against that manifest: none it does not list, none it lists missing, and each
//      declared size equal to the manifest's size of the attachment (at most
//      limits::kAttachmentBytes) or to the length of the regenerated document;
//   4. then each other entry inflated (never past its declared size; minizip checks its CRC-32): a
//      document byte for byte against the regenerated one, an attachment's SHA-256 against the
//      manifest; an entry that disagreed in 3 is reported and never inflated.
// The result is {"ok":true,"sha256","checks":[{name,message}]} or the error envelope, every error
// naming the entry in `file` (a failure of packet.json's own content keeps the engine's pointer).
#pragma once

#include <string>
#include <string_view>

#include "core/json_read.h"
#include "engine/engine.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] verify_packet_zip
//-----------------------------------------------------------------------------
// The ZIP file at `path`: a regular file of at most limits::kPacketZipBytes (host/input.h).
json verify_packet_zip_file(const Engine& engine, const std::string& path);
// The same checks over bytes in memory (the fuzz target, tests).
json verify_packet_zip_bytes(const Engine& engine, std::string_view zip);

}  // namespace referral
