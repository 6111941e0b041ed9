// The holiday-notice importer (src/import/notice.h): any text as a year's notice, and after a NUL
// byte a second text as a notice amending it, to a referral-calendar/1 year or every error. The
// result and the errors are written as JSON the strict way (a message that echoed bytes that are
// not UTF-8 would throw, as it would in a writer that does not replace them).
#include "fuzz_support.h"
#include "import/notice.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view all = fuzz::text(data, size);
    std::vector<NoticeInput> notices;
    const size_t nul = all.find('\0');
    notices.push_back({std::string(all.substr(0, nul)), "notice.txt"});
    if (nul != std::string_view::npos) notices.push_back({std::string(all.substr(nul + 1)), "amendment.txt"});
    NoticeResult r = calendar_from_notices(notices);
    if (r.ok) {
        if (r.errors.size() || r.text.empty()) std::abort();
        (void)r.calendar.dump();
        // What the importer writes is a calendar year the loader takes.
        WorkCalendar calendar;
        std::vector<Error> errors;
        if (!calendar.add_year_json(r.text, "imported.json", errors)) std::abort();
    } else {
        if (r.errors.empty()) std::abort();
        (void)error_envelope(r.errors).dump();
    }
    return 0;
}
