// The supervisor's audit (src/audit/audit.h): any text as one ledger line (a referral-case/1 with
// "id" and "events"), audited against the bundled pack on a fixed day and added to the summary,
// as `referral audit` does line by line.
#include "fuzz_support.h"
#include "audit/audit.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    auto doc = parse_json(fuzz::text(data, size));
    if (!doc.ok()) return 0;
    const Engine& engine = fuzz::bundled();
    AuditSummary summary;
    auto a = audit_case(engine, doc.value(), Date::from_ymd(2026, 11, 27), "1");
    if (a.ok()) {
        summary.add(a.value());
        // The streamed audit (src/core/json_write.h) is always one valid JSON document.
        if (json::parse(case_audit_text(a.value()), nullptr, false).is_discarded()) __builtin_trap();
    } else {
        summary.add_error();
        (void)error_envelope({a.error()}).dump();
    }
    (void)summary.to_json(engine.pack()).dump();
    return 0;
}
