// Clause ids as people read them (src/rules/clause_text): the scanner runs over any text a pack
// carries (explanations and warnings, which `--pack DIR` takes from outside). Any bytes — invalid
// UTF-8, a numeral cut mid-character, endless brackets — must come back without a read past the end,
// rewriting once must be final (a second pass changes nothing), and the text can at most triple
// (each ASCII bracket becomes a 3-byte full-width one).
#include <cstdlib>

#include "fuzz_support.h"
#include "rules/clause_text.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::text(data, size);
    const std::string once = clause_ids_as_printed(text);
    if (once.size() > 3 * text.size()) std::abort();
    if (clause_ids_as_printed(once) != once) std::abort();
    (void)clause_label(text);
    (void)clause_in_sentence(text);
    return 0;
}
