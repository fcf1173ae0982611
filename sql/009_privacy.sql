-- 009_privacy.sql: the Privacy & Security page and the voice assistant's side (issue 14).
-- customers already has privacy_tier, voice_pin_hash and the alert choices; sessions already
-- record the browser, the sign-in address and when each was last seen.

-- The voice assistant looks a caller up by the number they call from. Numbers are stored as the
-- garage typed them ("+44 7700 900101"); this column is that number's digits alone, the form the
-- lookup compares ("+447700900101" → 447700900101), through an index that starts with the garage.
alter table customers add column phone_digits text
    generated always as (nullif(regexp_replace(coalesce(phone, ''), '[^0-9]', '', 'g'), '')) stored;
create index customers_phone_digits_idx on customers (garage_id, phone_digits)
    where phone_digits is not null;

-- Every question the voice assistant asked about a customer (portalctl voice): what it was
-- told, and which alerts went to the customer. A question about a number or address that is
-- nobody's is kept too, without naming anything (customer_id null). The PIN lockout (5 wrong in
-- 15 minutes) and the alert rate (one per channel per hour) are read from these rows.
create table voice_attempts (
    id            bigint generated always as identity primary key,
    garage_id     bigint not null references garages (id) on delete cascade,
    customer_id   bigint,
    kind          text not null check (kind in ('lookup', 'verify_pin')),
    asked_by      text not null check (asked_by in ('phone', 'email')),
    outcome       text not null
                  check (outcome in ('answered', 'pin_needed', 'existence_only', 'not_found',
                                     'pin_right', 'pin_wrong', 'locked', 'no_pin')),
    tier          text check (tier in ('FULL', 'PIN', 'RESTRICTED', 'BLOCKED')),
    alerted_email boolean not null default false,
    alerted_sms   boolean not null default false,
    created_at    timestamptz not null default now(),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index voice_attempts_customer_idx on voice_attempts (garage_id, customer_id, created_at)
    where customer_id is not null;
