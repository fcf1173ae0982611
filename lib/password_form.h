// The password form's POST, wherever a page shows the form (the home page's card, Privacy &
// Security): the rules, the current password when replacing one, its lockout, and the notice.
#pragma once

#include <string>

#include "app.h"
#include "password.h"

namespace portal {

struct PasswordFormResult {
    PasswordChange change = PasswordChange::wrong_current;  // what happened, when no problem
    std::string problem;  // why nothing changed, in words for the customer; "" on success
    int status = 200;     // 422 for a rule or a wrong current password, 429 when locked out
};

// Reads the route's new_password, confirm_password and current_password fields and applies
// change_password (password.h) in a transaction of its own: a first password, or a change that
// ends the customer's other sessions and emails them a notice. Wrong current passwords count
// towards a 15-minute lockout (5 per customer). The route declares recent_sign_in().
PasswordFormResult submit_password_form(Ctx& c);

// The sentence a page shows after `change` succeeded.
const char* password_notice(PasswordChange change);

}  // namespace portal
