// A garage's customer accounts, found by address or id.
#include "customers.h"

#include "db.h"
#include "salutation.h"

namespace portal {

namespace {

const std::string kAccounts =
    "SELECT id, email, first_name, last_name, coalesce(password_hash, '') AS password_hash,"
    " coalesce(title, '') AS title, salutation"
    " FROM customers WHERE garage_id = $1";
const Statement kByEmail{"customer_by_email", kAccounts + " AND email = $2"};
const Statement kById{"customer_by_id", kAccounts + " AND id = $2"};

std::optional<CustomerAccount> account(const pqxx::result& r) {
    if (r.size() != 1) return std::nullopt;
    const pqxx::row& row = r[0];
    CustomerAccount a;
    a.id = row["id"].as<long>();
    a.email = row["email"].as<std::string>();
    a.first_name = row["first_name"].as<std::string>();
    a.last_name = row["last_name"].as<std::string>();
    a.greeting = address_as(row["salutation"].as<std::string>(), row["title"].as<std::string>(),
                            a.first_name, a.last_name);
    a.password_hash = row["password_hash"].as<std::string>();
    return a;
}

}  // namespace

std::optional<CustomerAccount> customer_by_email(pqxx::transaction_base& tx, long garage_id,
                                                 const std::string& canonical_email) {
    return account(tx.exec_prepared(kByEmail.name, garage_id, canonical_email));
}

std::optional<CustomerAccount> customer_by_id(pqxx::transaction_base& tx, long garage_id,
                                              long customer_id) {
    return account(tx.exec_prepared(kById.name, garage_id, customer_id));
}

}  // namespace portal
