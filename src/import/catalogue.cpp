#include "import/catalogue.h"

#include <algorithm>
#include <cstdio>
#include <optional>
#include <set>

#include "core/date.h"

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] CSV
//-----------------------------------------------------------------------------
std::vector<std::vector<std::string>> parse_csv(const std::string& input) {
    std::string_view text(input);
    if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, any = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
                field += '"';
                ++i;
            } else if (c == '"') {
                quoted = false;
            } else {
                field += c;
            }
            continue;
        }
        if (c == '"') {
            quoted = true;
            any = true;
        } else if (c == ',') {
            row.push_back(std::move(field));
            field.clear();
            any = true;
        } else if (c == '\n' || c == '\r') {
            if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
            row.push_back(std::move(field));
            field.clear();
            rows.push_back(std::move(row));
            row.clear();
            any = false;
        } else {
            field += c;
            any = true;
        }
    }
    if (any || !field.empty()) {
        row.push_back(std::move(field));
        rows.push_back(std::move(row));
    }
    auto blank = [](const std::vector<std::string>& r) {
        return std::all_of(r.begin(), r.end(), [](const std::string& f) { return f.find_first_not_of(" \t") == std::string::npos; });
    };
    while (!rows.empty() && blank(rows.back())) rows.pop_back();
    return rows;
}

//-----------------------------------------------------------------------------
// [SECTION] import_catalogue
//-----------------------------------------------------------------------------
namespace {

// Trims ASCII and ideographic spaces.
std::string trim(const std::string& s) {
    size_t b = 0, e = s.size();
    auto space_at = [&](size_t i) -> size_t {
        if (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) return 1;
        if (s.compare(i, 3, "\xE3\x80\x80") == 0) return 3;
        return 0;
    };
    while (b < e && space_at(b)) b += space_at(b);
    while (e > b) {
        if (s[e - 1] == ' ' || s[e - 1] == '\t' || s[e - 1] == '\n' || s[e - 1] == '\r') --e;
        else if (e - b >= 3 && s.compare(e - 3, 3, "\xE3\x80\x80") == 0) e -= 3;
        else break;
    }
    return s.substr(b, e - b);
}

// A header without spaces and without a parenthesised note: "事项名称（职权名称）" → "事项名称".
std::string header_key(const std::string& h) {
    std::string s = trim(h), out;
    int depth = 0;
    for (size_t i = 0; i < s.size();) {
        if (s[i] == '(' || s.compare(i, 3, "（") == 0) {
            ++depth;
            i += s[i] == '(' ? 1 : 3;
            continue;
        }
        if (s[i] == ')' || s.compare(i, 3, "）") == 0) {
            if (depth) --depth;
            i += s[i] == ')' ? 1 : 3;
            continue;
        }
        if (!depth && s[i] != ' ' && s[i] != '\n') out += s[i];
        ++i;
    }
    return out;
}

struct FieldSpec {
    const char* field;
    std::vector<std::string> headers;  // exact names, best first
};

const std::vector<FieldSpec>& field_specs() {
    static const std::vector<FieldSpec> specs = {
        {"id", {"编号", "事项编号", "事项编码", "序号"}},
        {"name", {"事项名称", "职权名称", "权力事项名称", "行政处罚事项名称", "处罚事项名称", "事项"}},
        {"dept", {"业务主管部门", "原实施部门", "市级业务主管部门", "主管部门", "实施部门", "原实施主体", "原实施机关"}},
        {"category", {"类别", "事项类别", "分类"}},
        {"devolved", {"是否赋权镇", "是否赋权", "是否下放", "是否赋予镇"}},
        {"towns", {"承接主体", "承接单位", "承接部门", "赋权对象"}},
        {"devolved_from", {"赋权日期", "赋权时间", "下放时间", "下放日期", "实施时间", "生效日期"}},
        {"revoked_from", {"收回日期", "收回时间"}},
        {"licensed_by", {"许可机关", "许可部门", "许可实施机关"}},
        {"statute", {"法律依据", "实施依据", "设定依据", "处罚依据", "法律法规依据"}},
        {"keywords", {"关键词", "关键字"}},
        {"note", {"备注"}},
    };
    return specs;
}

bool starts_with(const std::string& s, const std::string& p) { return s.compare(0, p.size(), p) == 0; }
bool ends_with(const std::string& s, const std::string& p) {
    return s.size() >= p.size() && s.compare(s.size() - p.size(), p.size(), p) == 0;
}

// Names an official may write for an authority: 启东市水务局 → {启东市水务局, 市水务局, 水务局};
// 汇龙镇人民政府 → {汇龙镇人民政府, 汇龙镇政府, 汇龙镇}.
std::vector<std::string> names_of(const Authority& a) {
    std::vector<std::string> out{a.name};
    std::string base = a.name;
    if (starts_with(base, "启东市")) {
        base = base.substr(std::string("启东市").size());
        out.push_back("市" + base);
        out.push_back(base);
    }
    if (ends_with(base, "人民政府")) {
        const std::string place = base.substr(0, base.size() - std::string("人民政府").size());
        out.push_back(place + "政府");
        out.push_back(place);
    }
    return out;
}

std::optional<bool> yes_no(const std::string& v) {
    static const std::set<std::string> yes = {"是", "1", "√", "✓", "✔", "Y", "y", "yes", "Yes", "YES", "true", "TRUE", "是（已赋权）"};
    static const std::set<std::string> no = {"否", "0", "×", "✗", "N", "n", "no", "No", "NO", "false", "FALSE"};
    if (yes.count(v)) return true;
    if (no.count(v)) return false;
    return std::nullopt;
}

// 2021-01-28, 2021/1/28, 2021.1.28, 2021年1月28日, or an Excel serial day (1900 system: 44224, or
// 44224.0 as some exports write it) as "YYYY-MM-DD", for read_date (core/date.h) to check the day
// and the year's range; "" when the cell is none of these forms ("-1", "2021--1-28", "99999999").
std::string date_text(const std::string& v) {
    std::vector<std::string> groups, seps;
    for (size_t i = 0; i < v.size();) {
        size_t j = i;
        while (j < v.size() && v[j] >= '0' && v[j] <= '9') ++j;
        if (j == i || j - i > 7) return "";  // a separator where digits belong, or too many digits
        groups.push_back(v.substr(i, j - i));
        if ((i = j) == v.size()) break;
        std::string sep = v[i] == '-' || v[i] == '/' || v[i] == '.' ? v.substr(i, 1) : "";
        for (const char* w : {"年", "月", "日"})
            if (v.compare(i, 3, w) == 0) sep = w;
        if (sep.empty()) return "";
        seps.push_back(sep);
        i += sep.size();
    }
    if (!seps.empty() && seps.size() == groups.size()) {  // ends with a separator: only 2021年1月28日
        if (seps != std::vector<std::string>{"年", "月", "日"}) return "";
        seps.pop_back();
    }
    auto serial = [](const std::string& digits) -> std::string {
        const int n = std::stoi(digits);  // at most 7 digits
        if (n < 1 || n > 2958465) return "";  // Excel's last day is 9999-12-31
        return (Date::from_ymd(1899, 12, 30) + n).iso();  // Excel's day 1 is 1900-01-01 (its 1900-02-29 lies before any list)
    };
    if (groups.size() == 1) return serial(groups[0]);
    if (groups.size() == 2 && seps[0] == "." && groups[1].find_first_not_of('0') == std::string::npos) return serial(groups[0]);
    if (groups.size() != 3 || groups[0].size() != 4 || groups[1].size() > 2 || groups[2].size() > 2) return "";
    const bool same = seps[0] == seps[1] && (seps[0] == "-" || seps[0] == "/" || seps[0] == ".");
    if (!same && seps != std::vector<std::string>{"年", "月"}) return "";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%s-%02d-%02d", groups[0].c_str(), std::stoi(groups[1]), std::stoi(groups[2]));
    return buf;
}

// A date cell: the date, or the message saying what is wrong with it (as written in the cell).
std::optional<Date> parse_date(const std::string& v, std::string& why) {
    const std::string text = date_text(v);
    if (text.empty()) {
        why = "“" + v + "”不是日期，应如 2021-01-28、2021/1/28 或 2021年1月28日";
        return std::nullopt;
    }
    auto d = read_date(text, "");
    if (d.ok()) return d.value();
    why = text == v ? d.error().message : "“" + v + "”即 " + d.error().message;
    return std::nullopt;
}

// A control character (NUL …; tab and line breaks are text) in a cell: the file is damaged, or not
// the text it seems to be, and a name cut at a NUL would match the wrong item.
bool has_control(const std::string& cell) {
    return std::any_of(cell.begin(), cell.end(), [](char c) {
        const auto u = static_cast<unsigned char>(c);
        return (u < 0x20 && c != '\t' && c != '\n' && c != '\r') || u == 0x7F;
    });
}

// "A", "B", … "AA": the column as a spreadsheet names it.
std::string column_letters(size_t c) {
    std::string s;
    for (size_t n = c + 1; n > 0; n = (n - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (n - 1) % 26));
    return s;
}

std::vector<std::string> split_list(const std::string& v) {
    std::vector<std::string> out;
    std::string cur;
    auto flush = [&] {
        const std::string t = trim(cur);
        if (!t.empty()) out.push_back(t);
        cur.clear();
    };
    for (size_t i = 0; i < v.size();) {
        bool sep = false;
        size_t len = 1;
        for (const char* s : {"、", "，", "；", ",", ";", " ", "\n"}) {
            const size_t n = std::char_traits<char>::length(s);
            if (v.compare(i, n, s) == 0) {
                sep = true;
                len = n;
                break;
            }
        }
        if (sep) flush();
        else cur.append(v, i, len);
        i += len;
    }
    flush();
    return out;
}

// An id from the list's own number, or from the row: ids must stay stable for one list.
std::string make_id(const std::string& number, int row) {
    std::string id;
    for (char c : number) {
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-') id += c;
        else if (c >= 'A' && c <= 'Z') id += static_cast<char>(c - 'A' + 'a');
        else if (c == '_' || c == '.' || c == '/') id += '-';
    }
    if (id.empty()) return "row-" + std::to_string(row);
    return "item-" + id;
}

}  // namespace

CatalogueImport import_catalogue(const std::vector<std::vector<std::string>>& rows, const Pack& pack, const std::string& title,
                                 const std::map<int, std::string>& chosen, const CatalogueSource& source) {
    CatalogueImport out;
    auto error = [&](int row, const std::string& column, const char* code, std::string message) {
        out.errors.push_back({row, column, code, std::move(message), "", ""});
    };
    if (rows.empty()) {
        error(0, "", "missing_field", "表格为空 / the table is empty");
        return out;
    }
    // Header mapping: for each field the best header (earlier alias wins), each column used once.
    const auto& header = rows[0];
    // Damaged cells anywhere, the header included, are named before anything is read from them.
    auto column_name = [&](size_t c) {
        const std::string h = c < header.size() && !has_control(header[c]) ? trim(header[c]) : "";
        return h.empty() ? "第 " + column_letters(c) + " 列" : h;
    };
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t c = 0; c < rows[r].size(); ++c)
            if (has_control(rows[r][c]))
                error(static_cast<int>(r) + 1, column_name(c), "invalid_value",
                      "第 " + column_letters(c) + " 列的单元格含有控制字符（如 NUL），文件可能已损坏，请在表格中检查并重新保存");
    // A recognised header written twice (two 事项名称 columns): which one holds the items is unknown.
    std::set<std::string> recognised;
    for (const auto& f : field_specs()) recognised.insert(f.headers.begin(), f.headers.end());
    std::map<std::string, size_t> first_with;  // recognised header → its first column
    for (size_t c = 0; c < header.size(); ++c) {
        const std::string key = header_key(header[c]);
        if (!recognised.count(key)) continue;
        if (auto [it, fresh] = first_with.emplace(key, c); !fresh)
            error(1, trim(header[c]), "duplicate_id",
                  "“" + trim(header[it->second]) + "”列出现两次（第 " + column_letters(it->second) + " 列和第 " + column_letters(c) +
                      " 列），无法确定用哪一列，请删去或改名其中一列");
    }
    if (!out.errors.empty()) return out;
    std::map<std::string, size_t> column;  // field → column index
    std::set<size_t> used;
    for (const auto& spec : field_specs()) {
        for (const auto& name : spec.headers) {
            for (size_t c = 0; c < header.size(); ++c)
                if (!used.count(c) && header_key(header[c]) == name) {
                    column[spec.field] = c;
                    used.insert(c);
                    break;
                }
            if (column.count(spec.field)) break;
        }
    }
    for (size_t c = 0; c < header.size(); ++c) {
        if (used.count(c)) continue;
        if (!trim(header[c]).empty()) out.ignored_columns.push_back(trim(header[c]));
    }
    for (const auto& [field, c] : column) out.mapping[field] = trim(header[c]);
    for (const char* required : {"name", "dept"})
        if (!column.count(required))
            error(1, "", "missing_field",
                  std::string("找不到“") + (std::string(required) == "name" ? "事项名称（职权名称）" : "业务主管部门（原实施部门）") +
                      "”列 / no column for " + required);
    if (!out.errors.empty()) return out;

    // Authorities by every name an official may write.
    std::map<std::string, const Authority*> depts, towns;
    for (const auto& a : pack.authorities) {
        if (a.kind != "dept" && a.kind != "town") continue;
        for (const auto& n : names_of(a)) (a.kind == "dept" ? depts : towns)[n] = &a;
    }
    const std::vector<std::string> categories = pack.schema.at(pack.schema.find("category")).values;

    json items = json::array();
    std::map<std::string, int> seen_id, seen_name;  // → first row
    for (size_t r = 1; r < rows.size(); ++r) {
        const int row = static_cast<int>(r) + 1;
        const auto& cells = rows[r];
        auto cell = [&](const char* field) -> std::string {
            auto it = column.find(field);
            if (it == column.end() || it->second >= cells.size()) return "";
            return trim(cells[it->second]);
        };
        auto col = [&](const char* field) { return out.mapping.count(field) ? out.mapping[field] : std::string(); };
        if (std::all_of(cells.begin(), cells.end(), [](const std::string& c) { return trim(c).empty(); })) continue;
        const size_t before = out.errors.size();
        json item;
        const std::string name = cell("name");
        if (name.empty()) error(row, col("name"), "missing_field", "事项名称为空");
        const std::string id = make_id(cell("id"), row);
        item["id"] = id;
        item["name"] = name;
        // Department.
        const std::string dept_text = cell("dept");
        if (dept_text.empty()) error(row, col("dept"), "missing_field", "业务主管部门为空");
        else if (auto d = depts.find(dept_text); d == depts.end())
            error(row, col("dept"), "unknown_reference", "未知部门“" + dept_text + "”（应为规则包登记的" + pack.role_label("dept") + "，写全称或简称）");
        else item["dept"] = d->second->short_id;
        // Category: given (id or label) or inferred from the name.
        const auto choice = chosen.find(row);
        const std::string cat_text = choice != chosen.end() ? trim(choice->second) : cell("category");
        std::string category;
        if (!cat_text.empty()) {
            if (std::find(categories.begin(), categories.end(), cat_text) != categories.end()) category = cat_text;
            for (const auto& [c, labels] : pack.category_rules.labels)
                if (std::find(labels.begin(), labels.end(), cat_text) != labels.end()) category = c;
            if (category.empty()) error(row, col("category"), "unknown_value", "未知类别“" + cat_text + "”");
        } else if (!name.empty()) {
            for (const auto& rule : pack.category_rules.rules)
                if (std::all_of(rule.all.begin(), rule.all.end(), [&](const std::string& w) { return name.find(w) != std::string::npos; })) {
                    category = rule.category;
                    item["note"] = "类别由名称推断（" + rule.source + "），请核对";
                    ++out.inferred;
                    break;
                }
            if (category.empty()) {
                error(row, col("category").empty() ? col("name") : col("category"), "missing_field",
                      "无法从事项名称推断类别，请选择类别（应批已批、应批未批、禁止类、有法律责任但无许可规定、当事人未按期履行义务、资格、资质类）");
                out.errors.back().field = "category";
                out.errors.back().name = name;
            }
        }
        item["category"] = category;
        item["statute"] = cell("statute");
        // Devolved: the yes/no column, or a receiving town or devolution date.
        const std::string towns_text = cell("towns");
        for (const auto& t : split_list(towns_text)) {
            if (t == "各镇" || starts_with(t, "各镇") || t == "镇人民政府" || t == "各镇人民政府" || starts_with(t, "街道") ||
                starts_with(t, "园区") || t == "镇" || t == "各镇政府")
                continue;
            if (!towns.count(t)) error(row, col("towns"), "unknown_reference", "未知承接主体“" + t + "”（应为规则包登记的" + pack.role_label("town") + "，全称或简称）");
        }
        std::optional<Date> from, back;
        std::string why;
        if (const std::string v = cell("devolved_from"); !v.empty()) {
            from = parse_date(v, why);
            if (!from) error(row, col("devolved_from"), "invalid_date", why);
        }
        if (const std::string v = cell("revoked_from"); !v.empty()) {
            back = parse_date(v, why);
            if (!back) error(row, col("revoked_from"), "invalid_date", why);
        }
        bool devolved = !towns_text.empty() || from.has_value();
        if (const std::string v = cell("devolved"); !v.empty()) {
            if (auto yn = yes_no(v)) devolved = *yn;
            else error(row, col("devolved"), "invalid_value", "“" + v + "”应为 是/否、1/0 或 √/×");
        }
        if (devolved && !from && cell("devolved_from").empty())
            error(row, col("devolved_from").empty() ? col("devolved") : col("devolved_from"), "missing_field", "已赋权的事项须注明赋权日期");
        if (!devolved && from) error(row, col("devolved_from"), "invalid_value", "未赋权的事项不应有赋权日期");
        if (back && !devolved) error(row, col("revoked_from"), "invalid_value", "未赋权的事项不能有收回日期");
        if (back && from && *back <= *from)
            error(row, col("revoked_from"), "invalid_value", "收回日期 " + back->iso() + " 不晚于赋权日期 " + from->iso());
        item["devolved"] = devolved;
        if (from) item["devolved_from"] = from->iso();
        if (back) item["revoked_from"] = back->iso();
        // Licensing authority: "行政审批局" → approval, a department's name → its id, empty → none.
        const std::string lic = cell("licensed_by");
        if (lic.empty() || lic == "无" || lic == "/" || lic == "-") item["licensed_by"] = nullptr;
        else if (auto d = depts.find(lic); d != depts.end()) item["licensed_by"] = d->second->short_id;
        else error(row, col("licensed_by"), "unknown_reference", "未知许可机关“" + lic + "”");
        json keywords = json::array();
        for (const auto& k : split_list(cell("keywords"))) keywords.push_back(k);
        item["keywords"] = keywords;
        item["row"] = row;
        // Duplicates: the same number, or the same name under the same department.
        if (!cell("id").empty()) {
            if (auto [it, fresh] = seen_id.emplace(id, row); !fresh)
                error(row, col("id"), "duplicate_id", "编号“" + cell("id") + "”与第" + std::to_string(it->second) + "行重复");
        }
        if (!name.empty()) {
            if (auto [it, fresh] = seen_name.emplace(name + "\x1f" + dept_text, row); !fresh)
                error(row, col("name"), "duplicate_id", "事项“" + name + "”与第" + std::to_string(it->second) + "行重复");
        }
        if (out.errors.size() != before) continue;
        ++out.items;
        if (devolved) ++out.devolved;
        if (back) ++out.revoked;
        items.push_back(std::move(item));
    }
    if (out.items == 0 && out.errors.empty()) error(0, "", "missing_field", "表格中没有事项 / no items");
    if (!out.errors.empty()) {
        out.inferred = 0;
        return out;
    }
    out.catalogue = {{"schema", "referral-catalogue/1"},
                     {"sample", false},
                     {"title", title},
                     {"notice", "由“" + title + "”导入，" + std::to_string(out.items) + " 项"},
                     {"items", std::move(items)}};
    json src = {{"rows", out.items}};
    if (!source.file.empty()) src["file"] = source.file;
    if (!source.sha256.empty()) src["sha256"] = source.sha256;
    if (!source.imported.empty()) src["imported"] = source.imported;
    out.catalogue["source"] = std::move(src);
    out.ok = true;
    return out;
}

json row_errors_json(const std::vector<RowError>& errors) {
    json list = json::array();
    for (const auto& e : errors) {
        json j = {{"row", e.row}, {"column", e.column}, {"code", e.code}, {"message", e.message}};
        if (!e.field.empty()) j["field"] = e.field;
        if (!e.name.empty()) j["name"] = e.name;
        list.push_back(std::move(j));
    }
    return list;
}

}  // namespace referral
