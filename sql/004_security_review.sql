-- 004_security_review.sql: what the outside security review asked of the schema.

-- Customers' addresses in the portal's one canonical form (lib/email_address): trimmed,
-- lower-case, ASCII. A lookup is then a plain equality, and no Unicode case folding in SQL can
-- map "Kim@…" with a KELVIN SIGN onto kim@….
update customers set email = lower(btrim(email)) where email <> lower(btrim(email));
alter table customers add constraint customers_email_canonical
    check (email = lower(email) and email ~ '^[!-~]+$');
drop index customers_garage_email_key;
create unique index customers_garage_email_key on customers (garage_id, email);

-- A message that carries a sign-in secret (a link or code) keeps its body only while it may
-- still be sent: once it is sent, dead or expired the body is replaced, so neither the table
-- nor a backup holds a usable secret. (auth_tokens keeps only hashes.)
alter table outbox add column carries_secret boolean not null default false;

create function outbox_forget_secret() returns trigger
language plpgsql as $$
begin
    new.body_text := '(removed once delivered or expired: this message carried a sign-in secret)';
    new.body_html := null;
    return new;
end;
$$;

create trigger outbox_forget_secret
    before update of status on outbox
    for each row
    when (new.carries_secret and new.status in ('sent', 'dead', 'expired'))
    execute function outbox_forget_secret();

update outbox set carries_secret = true where purpose in ('magic_link', 'password_reset');
update outbox set status = status
 where carries_secret and status in ('sent', 'dead', 'expired');
