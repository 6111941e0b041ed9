// catalogue.h — an official list of devolved items (rows of strings, as a spreadsheet or CSV reader
// gives them) to a validated `referral-catalogue/1`, or every bad row.
//
// [SECTION] CSV
// [SECTION] import_catalogue
//
// Row 1 is the header; data rows are numbered as the spreadsheet shows them (the first data row
// is 2). Headers are recognised by the names official lists use (事项名称/职权名称, 实施依据/法律依据,
// 原实施部门/业务主管部门, 赋权时间/下放时间, 承接主体, 收回日期 …) as well as the template's
// (forms/catalogue-template.csv). Departments and towns are matched by full or short name
// (启东市水务局, 市水务局, 水务局; 汇龙镇人民政府, 汇龙镇) against the pack's authorities; yes/no as
// 是/否, 1/0, √/×; dates as 2021-01-28, 2021/1/28, 2021.1.28, 2021年1月28日 or an Excel serial
// number. A missing category is inferred from the item's name by the pack's category-rules.json.
// Nothing is half-imported: either every row is good and the catalogue is returned, or the
// errors are.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/json_read.h"
#include "rules/pack.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] CSV
//-----------------------------------------------------------------------------
// RFC 4180 rows (quoted fields, "" inside quotes, CRLF or LF); a UTF-8 byte-order mark is dropped.
// Trailing empty rows are dropped.
std::vector<std::vector<std::string>> parse_csv(const std::string& text);

//-----------------------------------------------------------------------------
// [SECTION] import_catalogue
//-----------------------------------------------------------------------------
struct RowError {
    int row = 0;         // as the spreadsheet shows it; the header row is 1; 0 = the whole table
    std::string column;  // the header as written in the file ("" when no column applies)
    std::string code;    // a stable error id: missing_field, unknown_reference, invalid_date, …
    std::string message; // Chinese
    // For a row whose category the name does not tell (the one thing a front end asks the official
    // for, row by row): "category" and the item's name, so a choice survives a corrected file.
    std::string field, name;
};

struct CatalogueImport {
    bool ok = false;
    json catalogue;                             // referral-catalogue/1 when ok
    std::vector<RowError> errors;
    std::map<std::string, std::string> mapping; // catalogue field → header used
    std::vector<std::string> ignored_columns;   // headers no field uses
    int items = 0, devolved = 0, revoked = 0;
    int inferred = 0;                           // categories inferred from the name
};

// Where an imported list came from, recorded in the catalogue as `source` so that plans and packets
// can name it: the file's name, the SHA-256 of its bytes (lower-case hex) and the day of the import
// (YYYY-MM-DD). Any member may be empty (then it is left out).
struct CatalogueSource {
    std::string file, sha256, imported;
};

// `title` names the catalogue (e.g. the file name); `rows` includes the header row. `categories`
// holds the official's per-row choices (row → category id or label), which take precedence over
// the 类别 cell and over inference: the confirmation step of the page.
CatalogueImport import_catalogue(const std::vector<std::vector<std::string>>& rows, const Pack& pack,
                                 const std::string& title, const std::map<int, std::string>& categories = {},
                                 const CatalogueSource& source = {});

json row_errors_json(const std::vector<RowError>& errors);

}  // namespace referral
