// How a clause id reads where people read it. Ids such as "二(四)1¶3" are the pack's addresses
// (the ¶n is the sentence ledger's paragraph, finer than anything the document prints); pages and
// printed documents show the document's own numbering instead.
#pragma once

#include <string>
#include <string_view>

namespace referral {

// "二(四)1¶3" → "二（四）1": the short form, as a reference beside a step or a warning.
std::string clause_label(std::string_view clause);

// "二(四)1¶3" → "第二部分第（四）项第1点": the form run into a sentence of a printed document.
std::string clause_in_sentence(std::string_view clause);

// Every clause id inside a text (an explanation, a warning) written in the short form; the rest of
// the text unchanged.
std::string clause_ids_as_printed(std::string_view text);

}  // namespace referral
