// The catalogue importer (src/import/catalogue.h): any text as a CSV list of devolved items,
// imported against the bundled pack, as `referral check-catalogue` does once the file is UTF-8
// (the CLI converts GBK first and refuses anything else, so other bytes are not fed here). The
// catalogue and the row errors are written as JSON the strict way.
#include "fuzz_support.h"
#include "import/catalogue.h"

using namespace referral;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text = fuzz::text(data, size);
    if (invalid_utf8_offset(text)) return -1;  // not a UTF-8 file: never reaches the importer
    const auto rows = parse_csv(std::string(text));
    CatalogueImport r = import_catalogue(rows, fuzz::bundled().pack(), "list.csv", {{2, "market"}});
    if (r.ok) {
        if (!r.errors.empty()) std::abort();
        (void)r.catalogue.dump();
    } else {
        if (r.errors.empty()) std::abort();
        (void)row_errors_json(r.errors).dump();
    }
    return 0;
}
