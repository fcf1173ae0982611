-- scale-bulk.sql: everybody else's data, SCALE times the size where SCALE=100 is the issue's
-- big portal (200 garages, 1M customers, 1.5M vehicles, 10M work orders of which 3 % active,
-- 30M status-history rows, 1M quotes with 4M lines, 1M conversations with 5M messages, 3M
-- invoices, 2M sessions, 1M sent emails). Set the scale first (SET bench.scale = '10') and load it in one transaction (psql -1).
-- The customers go into the garage "fleet" (bench/scale-customers.sql, load that first) and
-- into new garages bulk-2 … bulk-N, 2 × SCALE garages in all. Set-based (generate_series), with
-- triggers and foreign-key checks off while loading (the rows are made consistent), then the
-- quote-decision summary that the triggers would have kept is added up once.

set local timezone to 'Europe/London';
set local session_replication_role = replica;

insert into garages (subdomain, name, primary_colour, email)
select 'bulk-' || n, 'Bulk Garage ' || n, '#333333', 'garage' || n || '@bulk.example'
  from generate_series(2, greatest(1, round(2 * current_setting('bench.scale')::numeric))::int) n;

create temporary table bulk_garages on commit drop as
select id from garages where subdomain = 'fleet' or subdomain like 'bulk-%';

-- 5,000 customers a garage at scale (10,000 × SCALE in all).
insert into customers (garage_id, email, first_name, last_name, created_at)
select g.id, 'c' || i || '@bulk.example', 'Customer', 'Number ' || i, now() - interval '1000 days'
  from bulk_garages g,
       generate_series(1, round(10000 * current_setting('bench.scale')::numeric
                                / (select count(*) from bulk_garages))::int) i;

create temporary table bulk_customers on commit drop as
select c.id, c.garage_id from customers c join bulk_garages g on g.id = c.garage_id
 where c.email like '%@bulk.example';

-- 1.5 vehicles a customer.
insert into vehicles (garage_id, customer_id, registration, make, model, year)
select c.garage_id, c.id, 'BK' || c.id || ' ' || i, 'Vauxhall', 'Corsa', 2015
  from bulk_customers c cross join lateral generate_series(1, 1 + (c.id % 2)::int) i;

-- 10 jobs a customer, 3 % active.
insert into work_orders (garage_id, customer_id, vehicle_id, reference, status, status_message,
                         description, booked_at, closed_at)
select v.garage_id, v.customer_id, v.id, 'WO-B' || v.id || '-' || j,
       case when active then 'in_progress' else 'complete' end,
       case when active then 'Work in progress' else 'Collected' end, 'Service',
       now() - make_interval(days => j * 60 + 1),
       case when active then null else now() - make_interval(days => j * 60) end
  from vehicles v join bulk_customers c on c.id = v.customer_id
  cross join lateral generate_series(1, case when v.id % 3 = 0 then 7 else 6 end) j
  cross join lateral (select (v.id * 7 + j) % 33 = 0) a (active);

-- 3 history rows a job.
insert into work_order_status_history (work_order_id, status, status_message, changed_at)
select w.id, s.status, s.message, w.booked_at + make_interval(hours => s.n)
  from work_orders w join bulk_customers c on c.id = w.customer_id
  cross join (values (1, 'scheduled', 'Booked in'), (2, 'in_progress', 'Work in progress'),
                     (3, 'complete', 'Collected')) s (n, status, message);

-- A quote on every 10th job, of 4 lines; the safety item shares its title with fleet's.
insert into quotes (garage_id, work_order_id, technician_name, status, sent_at, decided_at)
select w.garage_id, w.id, 'Sam', 'decided', w.booked_at, w.booked_at + interval '2 hours'
  from work_orders w join bulk_customers c on c.id = w.customer_id
 where w.id % 10 = 0;

insert into quote_lines (quote_id, position, category, title, labour_hours_centi,
                         labour_rate_minor, decision, decided_at)
select q.id, l.position, l.category, l.title, 100, 7800,
       case when (q.id + l.position) % 4 = 0 then 'declined' else 'approved' end, q.decided_at
  from quotes q join bulk_customers c on c.garage_id = q.garage_id
  join work_orders w on w.garage_id = q.garage_id and w.id = q.work_order_id and w.customer_id = c.id
  cross join (values (1, 'safety', 'Front brake pads and discs'),
                     (2, 'safety', 'Rear tyres'),
                     (3, 'recommended', 'Brake fluid change'),
                     (4, 'optional', 'Wiper blades')) l (position, category, title);

-- A conversation of 5 messages a customer.
insert into conversations (garage_id, customer_id, subject, created_at, updated_at)
select c.garage_id, c.id, 'Your car', now() - interval '20 days', now() - interval '20 days'
  from bulk_customers c;

insert into messages (garage_id, conversation_id, author, body, sent_at, read_at)
select cv.garage_id, cv.id, case when m % 2 = 0 then 'garage' else 'customer' end,
       'Message ' || m, cv.created_at + make_interval(mins => m),
       case when m = 4 and cv.id % 5 = 0 then null else cv.created_at + make_interval(mins => m + 1) end
  from conversations cv join bulk_customers c on c.id = cv.customer_id
  cross join generate_series(1, 5) m;

-- 3 invoices a customer, a few unpaid.
insert into invoices (garage_id, customer_id, number, issued_on, due_on, net_minor, vat_minor,
                      gross_minor, status)
select c.garage_id, c.id, 'B' || c.id || '-' || i, current_date - i * 90, current_date - i * 90 + 30,
       10000, 2000, 12000, case when (c.id + i) % 10 = 0 then 'unpaid' else 'paid' end
  from bulk_customers c cross join generate_series(1, 3) i;

-- 2 sessions a customer, half of them expired.
insert into sessions (garage_id, customer_id, token_hash, expires_at, auth_method)
select c.garage_id, c.id, sha256(convert_to('bulk-session-' || c.id || '-' || i, 'UTF8')),
       now() + case when i = 1 then interval '-1 day' else interval '20 days' end, 'magic_link'
  from bulk_customers c cross join generate_series(1, 2) i;

-- An email sent to each customer.
insert into outbox (garage_id, channel, recipient, subject, body_text, message_id, purpose,
                    status, attempts, sent_at)
select c.garage_id, 'email', 'c' || c.id || '@bulk.example', 'Your car is ready',
       'Your car is ready.', 'bulk-' || c.id || '@bench.example', 'job_status', 'sent', 1,
       now() - interval '20 days'
  from bulk_customers c;

-- A used sign-in link each, a rate-limit window each, the four consents and one change each.
insert into auth_tokens (garage_id, customer_id, purpose, token_hash, created_at, expires_at,
                         consumed_at)
select c.garage_id, c.id, 'magic_link', sha256(convert_to('bulk-token-' || c.id, 'UTF8')),
       now() - interval '20 days', now() - interval '19 days', now() - interval '20 days'
  from bulk_customers c;

insert into rate_limits (key, window_start, count)
select 'link:addr:bulk' || c.id, date_trunc('hour', now()) - interval '1 hour', 1
  from bulk_customers c;

insert into consents (garage_id, customer_id, category_id, granted)
select c.garage_id, c.id, k.id, k.default_granted from bulk_customers c cross join consent_categories k;

insert into consent_events (garage_id, customer_id, category_id, granted, source)
select c.garage_id, c.id, k.id, k.default_granted, 'import'
  from bulk_customers c join consent_categories k on k.code = 'offers';

-- Each invoice of one line; the paid ones with their payment.
insert into invoice_lines (invoice_id, position, description, unit_price_minor, net_minor,
                          vat_minor, gross_minor)
select i.id, 1, 'Service', i.net_minor, i.net_minor, i.vat_minor, i.gross_minor
  from invoices i join bulk_customers c on c.garage_id = i.garage_id and c.id = i.customer_id;

insert into payments (invoice_id, amount_minor, paid_at, method)
select i.id, i.gross_minor, i.issued_on + 10, 'card'
  from invoices i join bulk_customers c on c.garage_id = i.garage_id and c.id = i.customer_id
 where i.status = 'paid';

set local session_replication_role = default;

-- What quote_lines_count_decision would have added up.
insert into safety_fix_decisions as s (garage_id, title_key, decided, approved)
select q.garage_id, lower(l.title), count(*), count(*) filter (where l.decision = 'approved')
  from quote_lines l join quotes q on q.id = l.quote_id
  join bulk_customers c on c.garage_id = q.garage_id
  join work_orders w on w.garage_id = q.garage_id and w.id = q.work_order_id and w.customer_id = c.id
 where l.category = 'safety' and l.decision is not null
 group by 1, 2
    on conflict (garage_id, title_key) do update
   set decided = s.decided + excluded.decided, approved = s.approved + excluded.approved;
