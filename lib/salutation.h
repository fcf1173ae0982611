// How the portal addresses a customer: the salutation they chose on My Profile (issue 14).
#pragma once

#include <string>
#include <vector>

namespace portal {

// The titles a customer may choose ("" is none).
extern const std::vector<std::string> kTitles;

// The customer's name as they prefer to be addressed: "Ann" (first_name), "Mrs Smith"
// (title_last_name; the first name while no title is chosen) or "Ann Smith" (full_name).
std::string address_as(const std::string& salutation, const std::string& title,
                       const std::string& first_name, const std::string& last_name);

// The choices on My Profile, each with the customer's own name as it would read.
struct SalutationChoice {
    const char* code;  // customers.salutation
    const char* label;
    std::string example;
};
std::vector<SalutationChoice> salutation_choices(const std::string& title,
                                                 const std::string& first_name,
                                                 const std::string& last_name);

}  // namespace portal
