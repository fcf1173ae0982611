-- 008_profile.sql: communication preferences that the outbox obeys (issue 14): the audit trail
-- keeps the old value too, outbox rows name their customer and consent category, a message the
-- customer does not want is kept as 'suppressed' with the reason, and one-click unsubscribe
-- links (RFC 8058) are single-use tokens stored hashed.

-- The audit trail: the value before the change, and the email's one-click unsubscribe as a
-- source of its own (by the customer, without signing in).
alter table consent_events add column previous_granted boolean;
alter table consent_events drop constraint consent_events_source_check;
alter table consent_events add constraint consent_events_source_check
    check (source in ('portal', 'unsubscribe', 'garage', 'import', 'system'));
drop index consent_events_customer_idx;
create index consent_events_customer_idx on consent_events (garage_id, customer_id, changed_at);

-- Whom a message is for and what kind it is (a consent category code; null: a message the
-- customer asked for, such as a sign-in link, which no preference stops).
alter table outbox add column customer_id bigint;
alter table outbox add column category text references consent_categories (code);
alter table outbox add column suppressed_reason text;
-- A message that must go once per change ("work_order_status:<history id>"): a second insert
-- with the same key is a no-op.
alter table outbox add column dedupe_key text;
alter table outbox add column list_unsubscribe text
    check (list_unsubscribe ~ '^https?://[^[:space:]<>]+$');
alter table outbox add constraint outbox_customer_fkey
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade;
alter table outbox drop constraint outbox_status_check;
alter table outbox add constraint outbox_status_check
    check (status in ('queued', 'sending', 'sent', 'dead', 'expired', 'suppressed'));
alter table outbox add constraint outbox_suppressed_has_reason
    check (status <> 'suppressed' or suppressed_reason is not null);
create unique index outbox_dedupe_key on outbox (garage_id, dedupe_key) where dedupe_key is not null;
create index outbox_customer_idx on outbox (garage_id, customer_id, created_at)
    where customer_id is not null;

-- Why a message must not go to its customer now, or null when it may go. WhatsApp off means no
-- WhatsApp at all; work order updates go while a job is open whatever the toggle says; any other
-- category goes only with the customer's yes (or the category's default when they never chose).
create function outbox_suppression(g bigint, cust bigint, cat text, ch text) returns text
language sql stable as $$
    with choice as (
        select k.code, k.name, coalesce(c.granted, k.default_granted) as granted
          from consent_categories k
          left join consents c on c.category_id = k.id and c.garage_id = g and c.customer_id = cust
         where k.code in (cat, 'whatsapp'))
    select case
        when cust is null then null
        when ch = 'whatsapp' and not (select granted from choice where code = 'whatsapp')
            then 'WhatsApp is switched off in the customer''s communication preferences'
        when cat is null or cat = 'whatsapp' then null
        when cat = 'work_order_updates'
             and exists (select 1 from work_orders w
                          where w.garage_id = g and w.customer_id = cust and w.closed_at is null)
            then null
        when not (select granted from choice where code = cat)
            then (select name from choice where code = cat)
                 || ' is switched off in the customer''s communication preferences'
    end
$$;

-- Decided as the message is queued (the page or command that queues it can say so), and again
-- by portal-mailer just before sending (a customer may switch off in between).
create function outbox_check_consent() returns trigger
language plpgsql as $$
begin
    new.suppressed_reason := outbox_suppression(new.garage_id, new.customer_id, new.category,
                                                 new.channel);
    if new.suppressed_reason is not null then
        new.status := 'suppressed';
    end if;
    return new;
end;
$$;

create trigger outbox_check_consent
    before insert on outbox
    for each row when (new.customer_id is not null)
    execute function outbox_check_consent();

-- One-click unsubscribe links in reminder and offer emails: single use, stored as SHA-256.
create table unsubscribe_tokens (
    id          bigint generated always as identity primary key,
    garage_id   bigint not null,
    customer_id bigint not null,
    category_id bigint not null references consent_categories (id),
    token_hash  bytea not null unique check (octet_length(token_hash) = 32),
    created_at  timestamptz not null default now(),
    expires_at  timestamptz not null,
    used_at     timestamptz,
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index unsubscribe_tokens_customer_idx on unsubscribe_tokens (garage_id, customer_id);
create index unsubscribe_tokens_expires_idx on unsubscribe_tokens (expires_at);
