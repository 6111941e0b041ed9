// The calendar loader: any text as one year of referral-calendar/1 beside the bundled years, then
// working days counted across it.
#include "fuzz_support.h"
#include "calendar/calendar.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    WorkCalendar calendar;
    std::vector<Error> errors;
    for (const auto& [name, text] : embedded_calendar_files())
        if (name != "2026.json") calendar.add_year_json(text, name, errors);
    if (!calendar.add_year_json(std::string(fuzz::text(data, size)), "2026.json", errors)) return 0;
    for (int n : {1, 5, 30}) (void)calendar.add_working_days(Date::from_ymd(2026, 9, 29), n);
    return 0;
}
