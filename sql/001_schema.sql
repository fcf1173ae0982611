-- 001_schema.sql: the whole domain schema of the garage customer portal.
--
-- Conventions: snake_case, plural table names, identity primary keys named id,
-- money in bigint minor units (pence), labour hours in integer hundredths,
-- status-like columns are lower-case text codes guarded by CHECK constraints.
-- Every tenant-owned row carries garage_id; composite foreign keys on
-- (garage_id, id) make it impossible for a row of one garage to point at a
-- customer, vehicle, job, quote, conversation or invoice of another garage.
-- The migration runner wraps this file in one transaction.

-- Generic trigger: keep updated_at current on every UPDATE.
create function set_updated_at() returns trigger
language plpgsql as $$
begin
    new.updated_at := now();
    return new;
end;
$$;


-- A garage (tenant): its portal host names, branding and contact channels.
create table garages (
    id               bigint generated always as identity primary key,
    subdomain        text not null unique
                     check (subdomain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$'),
    custom_domain    text unique
                     check (custom_domain = lower(custom_domain)
                            and custom_domain ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+$'
                            and length(custom_domain) <= 253),
    name             text not null check (btrim(name) <> ''),
    logo_path        text check (logo_path ~ '^/[A-Za-z0-9._/-]+$' and logo_path !~ '\.\.'),
    primary_colour   text not null check (primary_colour ~ '^#[0-9A-Fa-f]{6}$'),
    main_phone       text,
    whatsapp_number  text,
    voice_ai_numbers text[] not null default '{}',
    email            text not null check (email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    address          text,          -- postal address, shown on invoices and the PDF
    vat_number       text,          -- VAT registration number, shown on invoices
    timezone         text not null default 'Europe/London',
    currency         char(3) not null default 'GBP' check (currency ~ '^[A-Z]{3}$'),
    created_at       timestamptz not null default now(),
    updated_at       timestamptz not null default now()
);

create trigger garages_set_updated_at
    before update on garages
    for each row execute function set_updated_at();

-- Reject time zone names PostgreSQL does not know (dates are shown in it).
create function garages_check_timezone() returns trigger
language plpgsql as $$
begin
    perform now() at time zone new.timezone;
    return new;
exception when invalid_parameter_value then
    raise exception 'unknown time zone "%"', new.timezone
        using errcode = 'check_violation';
end;
$$;

create trigger garages_check_timezone
    before insert or update of timezone on garages
    for each row execute function garages_check_timezone();


-- A garage's customer; the portal account is the customer record itself.
create table customers (
    id                         bigint generated always as identity primary key,
    garage_id                  bigint not null references garages (id) on delete cascade,
    email                      text not null
                               check (email = btrim(email) and email ~ '^[^@[:space:]]+@[^@[:space:]]+$'),
    title                      text,
    first_name                 text not null,
    last_name                  text not null,
    salutation                 text not null default 'first_name'
                               check (salutation in ('first_name', 'title_last_name', 'full_name')),
    phone                      text,
    password_hash              text,
    password_changed_at        timestamptz,
    voice_pin_hash             text,
    voice_pin_changed_at       timestamptz,
    privacy_tier               text not null default 'FULL'
                               check (privacy_tier in ('FULL', 'PIN', 'RESTRICTED', 'BLOCKED')),
    alert_on_access_email      boolean not null default true,
    alert_on_access_sms        boolean not null default false,
    first_portal_visit_at      timestamptz,
    welcome_strip_dismissed_at timestamptz,
    last_login_at              timestamptz,
    created_at                 timestamptz not null default now(),
    unique (garage_id, id)
);

create unique index customers_garage_email_key on customers (garage_id, lower(email));


-- A customer's vehicle.
create table vehicles (
    id           bigint generated always as identity primary key,
    garage_id    bigint not null,
    customer_id  bigint not null,
    registration text not null check (btrim(registration) <> ''),
    make         text,
    model        text,
    colour       text,
    year         int check (year between 1886 and 2100),
    vin          text,
    created_at   timestamptz not null default now(),
    unique (garage_id, id),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index vehicles_customer_idx on vehicles (garage_id, customer_id);
create index vehicles_registration_idx on vehicles (garage_id, upper(replace(registration, ' ', '')));


-- A job (work order) for one vehicle; active while closed_at is null.
create table work_orders (
    id                 bigint generated always as identity primary key,
    garage_id          bigint not null,
    customer_id        bigint not null,
    vehicle_id         bigint not null,
    reference          text not null check (reference ~ '^WO-[A-Z0-9]+(-[A-Z0-9]+)*$'),
    status             text not null
                       check (status in ('pending', 'scheduled', 'in_progress', 'awaiting_parts', 'ready', 'complete')),
    status_message     text not null,
    description        text not null,
    appointment_at     timestamptz,
    estimated_ready_at timestamptz,
    booked_at          timestamptz not null default now(),
    closed_at          timestamptz,
    technician_name    text,
    created_at         timestamptz not null default now(),
    unique (garage_id, reference),
    unique (garage_id, id),
    -- lets conversations and invoices require "this customer's job"
    unique (garage_id, customer_id, id),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade,
    foreign key (garage_id, vehicle_id) references vehicles (garage_id, id) on delete cascade
);

create index work_orders_active_idx on work_orders (garage_id, customer_id, booked_at)
    where closed_at is null;
create index work_orders_vehicle_idx on work_orders (garage_id, vehicle_id);


-- The status journey of a job, newest last (the job status page timeline).
create table work_order_status_history (
    id             bigint generated always as identity primary key,
    work_order_id  bigint not null references work_orders (id) on delete cascade,
    status         text not null
                   check (status in ('pending', 'scheduled', 'in_progress', 'awaiting_parts', 'ready', 'complete')),
    status_message text not null,
    note           text,
    changed_at     timestamptz not null default now(),
    created_at     timestamptz not null default now()
);

create index work_order_status_history_idx on work_order_status_history (work_order_id, changed_at);


-- A quote the technician sends for approval on a job. Line prices are net of
-- VAT; vat_rate_basis_points is the rate to add when showing totals.
create table quotes (
    id                    bigint generated always as identity primary key,
    garage_id             bigint not null,
    work_order_id         bigint not null,
    technician_name       text not null,
    status                text not null default 'awaiting'
                          check (status in ('awaiting', 'decided', 'withdrawn', 'expired')),
    vat_rate_basis_points int not null default 2000 check (vat_rate_basis_points between 0 and 10000),
    sent_at               timestamptz not null default now(),
    expires_at            timestamptz,
    decided_at            timestamptz,
    decided_ip            inet,
    decided_session_id    bigint,
    created_at            timestamptz not null default now(),
    unique (garage_id, id),
    foreign key (garage_id, work_order_id) references work_orders (garage_id, id) on delete cascade,
    check (status <> 'decided' or decided_at is not null)
);

create index quotes_work_order_idx on quotes (garage_id, work_order_id);


-- One item on a quote; the customer approves or declines each item.
create table quote_lines (
    id                 bigint generated always as identity primary key,
    quote_id           bigint not null references quotes (id) on delete cascade,
    position           int not null check (position > 0),
    category           text not null check (category in ('safety', 'recommended', 'optional')),
    title              text not null,
    description        text,
    technician_notes   text,
    labour_hours_centi int not null default 0 check (labour_hours_centi >= 0),
    labour_rate_minor  bigint not null default 0 check (labour_rate_minor >= 0),
    decision           text check (decision in ('approved', 'declined')),
    decided_at         timestamptz,
    created_at         timestamptz not null default now(),
    unique (quote_id, position),
    check ((decision is null) = (decided_at is null))
);


-- A part priced on a quote item.
create table quote_line_parts (
    id               bigint generated always as identity primary key,
    quote_line_id    bigint not null references quote_lines (id) on delete cascade,
    name             text not null,
    quantity         int not null check (quantity > 0),
    unit_price_minor bigint not null check (unit_price_minor >= 0),
    created_at       timestamptz not null default now()
);

create index quote_line_parts_line_idx on quote_line_parts (quote_line_id);


-- A technician's photo on a quote item (file under the private files dir).
create table quote_line_photos (
    id            bigint generated always as identity primary key,
    quote_line_id bigint not null references quote_lines (id) on delete cascade,
    file_path     text not null check (file_path ~ '^[A-Za-z0-9_][A-Za-z0-9._/-]*$' and file_path !~ '\.\.'),
    caption       text,
    position      int not null default 1,
    created_at    timestamptz not null default now()
);

create index quote_line_photos_line_idx on quote_line_photos (quote_line_id, position);


-- A conversation thread between a customer and the garage, optionally about
-- one of the customer's jobs; updated_at is the time of the latest message.
create table conversations (
    id            bigint generated always as identity primary key,
    garage_id     bigint not null,
    customer_id   bigint not null,
    work_order_id bigint,
    subject       text not null,
    created_at    timestamptz not null default now(),
    updated_at    timestamptz not null default now(),
    unique (garage_id, id),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade,
    foreign key (garage_id, customer_id, work_order_id)
        references work_orders (garage_id, customer_id, id) on delete set null (work_order_id)
);

create index conversations_customer_idx on conversations (garage_id, customer_id, updated_at desc);
create index conversations_work_order_idx on conversations (work_order_id) where work_order_id is not null;


-- One message in a conversation; read_at null = not yet read by the other side.
create table messages (
    id              bigint generated always as identity primary key,
    garage_id       bigint not null,
    conversation_id bigint not null,
    channel         text not null default 'portal' check (channel in ('portal', 'whatsapp', 'sms', 'voice')),
    author          text not null check (author in ('customer', 'garage')),
    author_name     text,
    body            text not null check (btrim(body) <> ''),
    sent_at         timestamptz not null default now(),
    read_at         timestamptz,
    created_at      timestamptz not null default now(),
    foreign key (garage_id, conversation_id) references conversations (garage_id, id) on delete cascade
);

create index messages_conversation_idx on messages (conversation_id, sent_at);
-- unread garage messages (the customer's badge)
create index messages_unread_by_customer_idx on messages (conversation_id)
    where author = 'garage' and read_at is null;
-- unread customer messages (the garage's inbox)
create index messages_unread_by_garage_idx on messages (garage_id, conversation_id)
    where author = 'customer' and read_at is null;

-- A new message moves its conversation to the top of the list.
create function messages_touch_conversation() returns trigger
language plpgsql as $$
begin
    update conversations
       set updated_at = new.sent_at
     where id = new.conversation_id
       and updated_at < new.sent_at;
    return null;
end;
$$;

create trigger messages_touch_conversation
    after insert on messages
    for each row execute function messages_touch_conversation();


-- A file attached to a message (file under the private files dir).
create table message_attachments (
    id           bigint generated always as identity primary key,
    message_id   bigint not null references messages (id) on delete cascade,
    file_path    text not null check (file_path ~ '^[A-Za-z0-9_][A-Za-z0-9._/-]*$' and file_path !~ '\.\.'),
    file_name    text not null,
    content_type text not null default 'application/octet-stream',
    size_bytes   bigint not null check (size_bytes >= 0),
    created_at   timestamptz not null default now()
);

create index message_attachments_message_idx on message_attachments (message_id);


-- An invoice to a customer. Overdue is derived (status 'unpaid' and
-- due_on < current_date), never stored. When the invoice has lines, their
-- totals must equal the invoice totals (checked at commit, see below).
create table invoices (
    id            bigint generated always as identity primary key,
    garage_id     bigint not null,
    customer_id   bigint not null,
    work_order_id bigint,
    vehicle_id    bigint,
    number        text not null check (number ~ '^[A-Za-z0-9]([A-Za-z0-9-]{0,62}[A-Za-z0-9])?$'),
    issued_on     date not null default current_date,
    due_on        date not null,
    net_minor     bigint not null,
    vat_minor     bigint not null,
    gross_minor   bigint not null,
    currency      char(3) not null default 'GBP' check (currency ~ '^[A-Z]{3}$'),
    pdf_path      text check (pdf_path ~ '^[A-Za-z0-9_][A-Za-z0-9._/-]*$' and pdf_path !~ '\.\.'),
    status        text not null default 'unpaid' check (status in ('unpaid', 'paid', 'void')),
    created_at    timestamptz not null default now(),
    unique (garage_id, number),
    unique (garage_id, id),
    check (gross_minor = net_minor + vat_minor),
    check (due_on >= issued_on),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade,
    foreign key (garage_id, customer_id, work_order_id)
        references work_orders (garage_id, customer_id, id) on delete set null (work_order_id),
    foreign key (garage_id, vehicle_id) references vehicles (garage_id, id) on delete set null (vehicle_id)
);

create index invoices_customer_idx on invoices (garage_id, customer_id, issued_on desc);
create index invoices_work_order_idx on invoices (work_order_id) where work_order_id is not null;
create index invoices_vehicle_idx on invoices (garage_id, vehicle_id) where vehicle_id is not null;


-- One line of an invoice; gross = net + vat on every line.
create table invoice_lines (
    id                    bigint generated always as identity primary key,
    invoice_id            bigint not null references invoices (id) on delete cascade,
    position              int not null check (position > 0),
    description           text not null,
    quantity_centi        int not null default 100 check (quantity_centi > 0),
    unit_price_minor      bigint not null,
    vat_rate_basis_points int not null default 2000 check (vat_rate_basis_points between 0 and 10000),
    net_minor             bigint not null,
    vat_minor             bigint not null,
    gross_minor           bigint not null,
    created_at            timestamptz not null default now(),
    unique (invoice_id, position),
    check (gross_minor = net_minor + vat_minor)
);

-- Deferred (commit-time) check: an invoice with lines has totals equal to the
-- sums of its lines, so the invoice and its lines may be written in any order.
create function invoices_check_totals() returns trigger
language plpgsql as $$
declare
    ids bigint[];
    bad text;
begin
    if tg_table_name = 'invoices' then
        ids := array[new.id];
    elsif tg_op = 'INSERT' then
        ids := array[new.invoice_id];
    elsif tg_op = 'DELETE' then
        ids := array[old.invoice_id];
    else
        ids := array[old.invoice_id, new.invoice_id];
    end if;

    select i.number into bad
      from invoices i
      join lateral (select sum(l.net_minor) as net, sum(l.vat_minor) as vat, sum(l.gross_minor) as gross,
                           count(*) as n
                      from invoice_lines l
                     where l.invoice_id = i.id) s on true
     where i.id = any (ids)
       and s.n > 0
       and (s.net, s.vat, s.gross) is distinct from (i.net_minor, i.vat_minor, i.gross_minor)
     limit 1;

    if bad is not null then
        raise exception 'invoice % totals do not match the sum of its lines', bad
            using errcode = 'check_violation';
    end if;
    return null;
end;
$$;

create constraint trigger invoices_check_totals
    after insert or update of net_minor, vat_minor, gross_minor on invoices
    deferrable initially deferred
    for each row execute function invoices_check_totals();

create constraint trigger invoice_lines_check_totals
    after insert or update or delete on invoice_lines
    deferrable initially deferred
    for each row execute function invoices_check_totals();


-- A payment received against an invoice.
create table payments (
    id           bigint generated always as identity primary key,
    invoice_id   bigint not null references invoices (id) on delete cascade,
    amount_minor bigint not null check (amount_minor > 0),
    paid_at      timestamptz not null default now(),
    method       text,
    created_at   timestamptz not null default now()
);

create index payments_invoice_idx on payments (invoice_id);


-- Reference data: the kinds of communication a customer can consent to.
create table consent_categories (
    id                       bigint generated always as identity primary key,
    code                     text not null unique check (code ~ '^[a-z][a-z0-9_]*$'),
    name                     text not null,
    description              text not null,
    default_granted          boolean not null,
    always_on_while_job_open boolean not null default false,
    position                 int not null default 0,   -- display order on the preferences page
    created_at               timestamptz not null default now()
);

insert into consent_categories (code, name, description, default_granted, always_on_while_job_open, position) values
    ('work_order_updates', 'Work order updates',
     'Booking confirmations, progress updates, quotes and collection notices about your vehicle. Always on while a job is open.',
     true, true, 1),
    ('service_reminders', 'Service reminders',
     'Reminders when your vehicle''s service or MOT is due.',
     true, false, 2),
    ('offers', 'Offers & promotions',
     'Occasional offers, seasonal checks and promotions from the garage.',
     false, false, 3),
    ('whatsapp', 'WhatsApp',
     'Allow the garage to contact you on WhatsApp. When off, no messages are sent to you on WhatsApp.',
     false, false, 4);


-- A customer's current choice for one consent category.
create table consents (
    garage_id   bigint not null,
    customer_id bigint not null,
    category_id bigint not null references consent_categories (id),
    granted     boolean not null,
    updated_at  timestamptz not null default now(),
    primary key (customer_id, category_id),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create trigger consents_set_updated_at
    before update on consents
    for each row execute function set_updated_at();


-- Audit trail: every change of a consent, who made it and from where.
create table consent_events (
    id          bigint generated always as identity primary key,
    garage_id   bigint not null,
    customer_id bigint not null,
    category_id bigint not null references consent_categories (id),
    granted     boolean not null,
    changed_at  timestamptz not null default now(),
    source      text not null check (source in ('portal', 'garage', 'import', 'system')),
    ip          inet,
    session_id  bigint,
    created_at  timestamptz not null default now(),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index consent_events_customer_idx on consent_events (customer_id, changed_at);


-- A signed-in browser: only the SHA-256 of the cookie token is stored.
create table sessions (
    id           bigint generated always as identity primary key,
    garage_id    bigint not null,
    customer_id  bigint not null,
    token_hash   bytea not null unique check (octet_length(token_hash) = 32),
    created_at   timestamptz not null default now(),
    last_seen_at timestamptz not null default now(),
    expires_at   timestamptz not null,
    signed_in_at timestamptz not null default now(),
    auth_method  text not null check (auth_method in ('magic_link', 'password', 'code', 'deep_link', 'reset')),
    ip           inet,
    user_agent   text,
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index sessions_customer_idx on sessions (garage_id, customer_id);
create index sessions_expires_idx on sessions (expires_at);


-- Single-use sign-in tokens (magic link, password reset, SMS/WhatsApp deep
-- link), stored hashed; code_hash is the hashed 6-digit code of a magic link
-- and pending_hash the hash of the asking browser's pending-sign-in cookie.
create table auth_tokens (
    id            bigint generated always as identity primary key,
    garage_id     bigint not null,
    customer_id   bigint not null,
    purpose       text not null check (purpose in ('magic_link', 'password_reset', 'deep_link')),
    token_hash    bytea not null unique check (octet_length(token_hash) = 32),
    code_hash     bytea,
    redirect_path text check (redirect_path ~ '^/([^/\\].*)?$' and redirect_path !~ '[[:cntrl:]]'),
    pending_hash  bytea,
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    consumed_at   timestamptz,
    code_attempts int not null default 0 check (code_attempts >= 0),
    foreign key (garage_id, customer_id) references customers (garage_id, id) on delete cascade
);

create index auth_tokens_customer_idx on auth_tokens (garage_id, customer_id, created_at);
create index auth_tokens_pending_idx on auth_tokens (pending_hash)
    where pending_hash is not null and consumed_at is null;
create index auth_tokens_expires_idx on auth_tokens (expires_at);


-- Outgoing email/SMS/WhatsApp, written in the same transaction as the change
-- that caused it and delivered by portal-mailer.
create table outbox (
    id              bigint generated always as identity primary key,
    garage_id       bigint references garages (id) on delete cascade,
    channel         text not null check (channel in ('email', 'sms', 'whatsapp')),
    recipient       text not null,
    subject         text,
    body_text       text not null,
    body_html       text,
    message_id      text not null unique,
    purpose         text,
    status          text not null default 'queued' check (status in ('queued', 'sending', 'sent', 'dead', 'expired')),
    attempts        int not null default 0 check (attempts >= 0),
    next_attempt_at timestamptz not null default now(),
    lease_until     timestamptz,
    not_after       timestamptz,
    last_error      text,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz,
    check (status <> 'sent' or sent_at is not null)
);

create index outbox_due_idx on outbox (next_attempt_at) where status = 'queued';
create index outbox_lease_idx on outbox (lease_until) where status = 'sending';
create index outbox_garage_idx on outbox (garage_id, created_at);

-- Wake portal-mailer (LISTEN outbox) as soon as a message is queued.
create function outbox_notify() returns trigger
language plpgsql as $$
begin
    perform pg_notify('outbox', new.id::text);
    return null;
end;
$$;

create trigger outbox_notify
    after insert on outbox
    for each row execute function outbox_notify();


-- Fixed-window rate-limit counters, keyed like 'link:addr:<hash>'.
create table rate_limits (
    key          text not null,
    window_start timestamptz not null,
    count        int not null check (count >= 0),
    primary key (key, window_start)
);

create index rate_limits_window_idx on rate_limits (window_start);
