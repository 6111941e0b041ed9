// The case parser and the planner: any text as a referral-case/1, planned by the bundled pack.
#include "fuzz_support.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string reply = fuzz::bundled().plan_text(fuzz::text(data, size));
    if (reply.empty() || reply[0] != '{') std::abort();
    return 0;
}
