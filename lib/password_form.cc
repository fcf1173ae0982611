// The password form's POST, wherever a page shows the form.
#include "password_form.h"

#include "ratelimit.h"

namespace portal {

namespace {
// Wrong current passwords when replacing one: a stolen session can't guess its way to a change.
const Limit kCurrentPasswordFailures{"current password failures", 5, 15 * 60};
const char* kTooManyTries =
    "Too many attempts. For your security, please wait 15 minutes before trying again.";
}  // namespace

PasswordFormResult submit_password_form(Ctx& c) {
    const Customer& who = *c.customer;
    PasswordFormResult out;
    out.problem = password_problem(
        c.field("new_password"), c.field("confirm_password"),
        {who.first_name, who.last_name, who.email.substr(0, who.email.find('@')), c.garage.name});
    if (!out.problem.empty()) {
        out.status = 422;
        return out;
    }
    pqxx::work tx(c.db.conn());
    std::string key = limit_key("current", std::to_string(who.id));
    if (exhausted(tx, kCurrentPasswordFailures, key)) {
        c.note("rate limited: current password");
        return {PasswordChange::wrong_current, kTooManyTries, 429};
    }
    out.change = change_password(tx, c.garage.id, who.id, who.session_id,
                                 c.field("current_password"), c.field("new_password"));
    if (out.change == PasswordChange::wrong_current) {
        count_event(tx, kCurrentPasswordFailures, key);
        c.note("current password wrong");
        out.problem = "Your current password isn't right.";
        out.status = 422;
    } else if (out.change == PasswordChange::changed) {
        ctemplate::TemplateDictionary mail("password_changed");
        mail.SetValue("FIRST_NAME", who.display_name());
        OutgoingEmail notice;
        notice.to = who.email;
        notice.customer_id = who.id;
        notice.subject = "Your " + c.garage.name + " portal password was changed";
        notice.purpose = "password_changed";
        c.queue_email(tx, "password_changed", mail, notice);
    } else {
        // A first password is a new way into the account: a stolen session could add one.
        ctemplate::TemplateDictionary mail("security_notice");
        mail.SetValue("FIRST_NAME", who.display_name());
        mail.SetValue("CHANGE", "A password was just set for your " + c.garage.name +
                                    " customer portal, so it can now be signed in to with the "
                                    "Password tab as well as an email link.");
        OutgoingEmail notice;
        notice.to = who.email;
        notice.customer_id = who.id;
        notice.subject = "A password was set for your " + c.garage.name + " portal";
        notice.purpose = "security_notice";
        c.queue_email(tx, "security_notice", mail, notice);
    }
    tx.commit();  // a wrong current password counts
    return out;
}

const char* password_notice(PasswordChange change) {
    return change == PasswordChange::changed
               ? "Your password has been changed, and you've been signed out everywhere else."
               : "Your password is set. Next time you can sign in with the Password tab.";
}

}  // namespace portal
