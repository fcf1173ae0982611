// How the portal addresses a customer: the salutation they chose on My Profile (issue 14).
#include "salutation.h"

namespace portal {

const std::vector<std::string> kTitles = {"Mr", "Mrs", "Ms", "Miss", "Mx", "Dr"};

std::string address_as(const std::string& salutation, const std::string& title,
                       const std::string& first_name, const std::string& last_name) {
    if (salutation == "title_last_name" && !title.empty()) return title + " " + last_name;
    if (salutation == "full_name") return first_name + " " + last_name;
    return first_name;
}

std::vector<SalutationChoice> salutation_choices(const std::string& title,
                                                 const std::string& first_name,
                                                 const std::string& last_name) {
    return {
        {"first_name", "First name", first_name},
        {"title_last_name", "Title and surname",
         (title.empty() ? std::string("Title") : title) + " " + last_name},
        {"full_name", "Full name", first_name + " " + last_name},
    };
}

}  // namespace portal
