// limits.h — every size, depth and range limit on input, in one place.
// Documented in docs/RELIABILITY.md and docs/CONTRACTS.md; an input past a limit is refused with
// `too_large` (sizes, depth, length) or `invalid_value` (ranges), never read on without end.
#pragma once

#include <cstddef>

namespace referral::limits {

// Bytes of one document read from a file or stdin.
inline constexpr size_t kCaseBytes = 1u << 20;            // a case (referral-case/1): 1 MiB
inline constexpr size_t kBatchBytes = 64u << 20;          // a whole --batch file: 64 MiB
inline constexpr size_t kBatchLineBytes = 1u << 20;       // one line of a --batch file: 1 MiB
inline constexpr size_t kPackFileBytes = 8u << 20;        // one file of a pack or calendar folder: 8 MiB
inline constexpr size_t kPackFiles = 256;                 // files in a pack or calendar folder
inline constexpr size_t kPackArchiveBytes = 32u << 20;    // a one-file pack (.referral-pack): 32 MiB
inline constexpr size_t kPacketInputBytes = 8u << 20;     // a packet input (referral-packet-input/1): 8 MiB
inline constexpr size_t kPacketJsonBytes = 64u << 20;     // a packet.json to verify: 64 MiB
inline constexpr long long kAttachmentBytes = 256ll << 20;  // one attachment file: 256 MiB
inline constexpr size_t kAttachments = 10000;             // attachments in one packet
inline constexpr size_t kCatalogueBytes = 8u << 20;       // an imported catalogue (rows or CSV) or notice: 8 MiB
inline constexpr size_t kLedgerLineBytes = 1u << 20;      // one line of a ledger (audit): 1 MiB
inline constexpr size_t kLedgerBytes = 64u << 20;         // a whole ledger audited by the page (auditLedger): 64 MiB
inline constexpr size_t kAuditListedProblems = 10000;     // bad lines and warnings listed by audit --format csv|html

// A packet ZIP to verify (referral verify, the page's 收到移送材料): checked from its central
// directory before anything is inflated; each entry's declared size must also be the size the
// manifest gives it (or the length of the document the engine regenerates).
inline constexpr size_t kPacketZipEntries = kAttachments + 64;  // packet.json, the documents, the attachments
inline constexpr long long kPacketZipBytes = 1ll << 30;   // the ZIP file, and all its entries unpacked: 1 GiB

// An .xlsx workbook read by the page (catalogue import, 台账 import) or scripts/xlsx-to-csv.mjs:
// checked before SheetJS sees it, from the ZIP's declared sizes, and while each part is inflated.
inline constexpr size_t kWorkbookBytes = 16u << 20;       // the .xlsx file: 16 MiB
inline constexpr size_t kWorkbookUnpackedBytes = 64u << 20;  // its parts unpacked, all together: 64 MiB
inline constexpr size_t kWorkbookEntries = 256;           // parts in the ZIP
inline constexpr size_t kSheetRows = 200000;              // rows of one sheet read (the page audits up to 200,000 matters)
inline constexpr size_t kSheetColumns = 256;              // columns of one sheet read (a catalogue has about 12)

// Nesting depth of any JSON document (objects and arrays); the deepest real one is 8.
inline constexpr int kJsonDepth = 64;

// The condition language: characters of one condition, nesting of parentheses / not, and terms.
inline constexpr size_t kConditionChars = 4096;
inline constexpr int kConditionDepth = 32;
inline constexpr size_t kConditionTerms = 256;

// Calendar years accepted by the calendar loader and by dates, and the largest deadline count.
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2200;
inline constexpr int kMaxDueCount = 3650;  // working days or hours of one deadline

}  // namespace referral::limits
