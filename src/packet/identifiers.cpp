#include "packet/identifiers.h"

#include <string>

#include "core/date.h"

namespace referral {

namespace {
bool digits(std::string_view s) {
    for (char c : s)
        if (c < '0' || c > '9') return false;
    return !s.empty();
}
}  // namespace

bool valid_credit_code(std::string_view code) {
    static constexpr std::string_view kAlphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
    if (code.size() != 18) return false;
    int sum = 0, weight = 1;
    for (size_t i = 0; i < 17; ++i) {
        const size_t v = kAlphabet.find(code[i]);
        if (v == std::string_view::npos) return false;
        sum += static_cast<int>(v) * weight;
        weight = weight * 3 % 31;
    }
    return code[17] == kAlphabet[static_cast<size_t>((31 - sum % 31) % 31)];
}

bool valid_id_number(std::string_view number) {
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    static constexpr std::string_view kCheck = "10X98765432";
    if (number.size() != 18 || !digits(number.substr(0, 17))) return false;
    const std::string birth = std::string(number.substr(6, 4)) + "-" + std::string(number.substr(10, 2)) + "-" +
                              std::string(number.substr(12, 2));
    if (!Date::parse(birth)) return false;
    int sum = 0;
    for (size_t i = 0; i < 17; ++i) sum += (number[i] - '0') * kWeights[i];
    return number[17] == kCheck[static_cast<size_t>(sum % 11)];
}

bool valid_phone(std::string_view phone) {
    if (phone.size() == 11 && phone[0] == '1' && phone[1] >= '3' && phone[1] <= '9' && digits(phone)) return true;
    if (phone.size() < 2 || phone[0] != '0' || phone[1] == '0') return false;
    const size_t hyphen = phone.find('-');
    if (hyphen != std::string_view::npos) {
        const auto area = phone.substr(0, hyphen), local = phone.substr(hyphen + 1);
        return (area.size() == 3 || area.size() == 4) && digits(area) && (local.size() == 7 || local.size() == 8) &&
               local[0] != '0' && digits(local);
    }
    // Without a hyphen the split is ambiguous; accept the lengths a code plus local number can have.
    return digits(phone) && phone.size() >= 10 && phone.size() <= 12;
}

}  // namespace referral
