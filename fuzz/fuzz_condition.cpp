// The condition language: parse (Condition::compile against the bundled pack's facts) and, when it
// compiles, evaluate over no facts and over the facts of a real case.
#include "fuzz_support.h"
#include "rules/case.h"
#include "rules/expr.h"
#include "rules/plan.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const Engine& e = fuzz::bundled();
    auto c = Condition::compile(fuzz::text(data, size), e.pack().schema);
    if (!c.ok()) return 0;
    Facts none(e.pack().schema);
    (void)c.value().evaluate(none);
    Facts some(e.pack().schema);
    some.set_enum("finder", "town");
    some.set_enum("source", "patrol");
    some.set_bool("ongoing", true);
    (void)c.value().evaluate(some);
    (void)c.value().dump(e.pack().schema);
    return 0;
}
