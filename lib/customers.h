// A garage's customer accounts as the sign-in pages and portalctl find them: one lookup by
// address (stored in canonical form, lib/email_address) and one by id, always within a garage.
#pragma once

#include <optional>
#include <pqxx/pqxx>
#include <string>

namespace portal {

struct CustomerAccount {
    long id = 0;
    std::string email;  // canonical form
    std::string first_name, last_name;
    std::string greeting;       // the name as they prefer to be addressed (salutation.h)
    std::string password_hash;  // "" until the customer sets a password
};

// `canonical_email` must already be in canonical form (canonical_email() in email_address.h).
std::optional<CustomerAccount> customer_by_email(pqxx::transaction_base& tx, long garage_id,
                                                 const std::string& canonical_email);
std::optional<CustomerAccount> customer_by_id(pqxx::transaction_base& tx, long garage_id,
                                              long customer_id);

}  // namespace portal
