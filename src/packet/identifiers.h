// identifiers.h — the national identifiers a transfer names, and their check characters.
//
// [SECTION] 统一社会信用代码 (GB 32100-2015)
// [SECTION] 公民身份号码 (GB 11643-1999)
// [SECTION] telephone numbers
#pragma once

#include <string_view>

namespace referral {

//-----------------------------------------------------------------------------
// [SECTION] 统一社会信用代码
//-----------------------------------------------------------------------------
// True for 18 characters over 0-9A-Z without I O Z S V whose 18th is the GB 32100 check character
// (weights 3^(i−1) mod 31). Upper case only, as the standard prints it.
bool valid_credit_code(std::string_view code);

//-----------------------------------------------------------------------------
// [SECTION] 公民身份号码
//-----------------------------------------------------------------------------
// True for 17 digits whose birth date (positions 7–14) exists plus the GB 11643 check character
// (ISO 7064 MOD 11-2; 'X' for 10, upper case).
bool valid_id_number(std::string_view number);

//-----------------------------------------------------------------------------
// [SECTION] telephone numbers
//-----------------------------------------------------------------------------
// A mainland mobile number 1[3-9]XXXXXXXXX, or a landline with its area code:
// 0AA(A)-NNNNNNN(N) with or without the hyphen, e.g. 0513-83312345.
bool valid_phone(std::string_view phone);

}  // namespace referral
