// The pack loader over every pack file: the first byte picks which file of the bundled pack (or of
// the calendar) the rest of the input replaces; the whole pack is then loaded and checked. A first
// byte of 255 reads the rest as a one-file pack (.referral-pack, read_pack_file), loaded if it reads.
#include "fuzz_support.h"
#include "rules/pack.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 1) return 0;
    PackFiles pack = embedded_pack_files();
    CalendarFiles calendar = embedded_calendar_files();
    if (data[0] == 255) {
        std::vector<Error> errors;
        auto files = read_pack_file(std::string(fuzz::text(data + 1, size - 1)), &errors);
        if (files.ok()) (void)Engine::load(files.value(), calendar, &errors);
        return 0;
    }
    const size_t n = pack.size() + calendar.size();
    size_t pick = data[0] % n;
    const std::string body(fuzz::text(data + 1, size - 1));
    if (pick < pack.size()) {
        auto it = pack.begin();
        std::advance(it, pick);
        it->second = body;
    } else {
        auto it = calendar.begin();
        std::advance(it, pick - pack.size());
        it->second = body;
    }
    std::vector<Error> errors;
    auto e = Engine::load(pack, calendar, &errors);
    if (e.ok()) (void)e.value().describe_pack();
    return 0;
}
