-- scale-customers.sql: the garage "fleet" and the two customers whose pages bench/scale.sh
-- measures, on a small and then on a big database (bench/scale-bulk.sql adds the bulk), and
-- whose pages tests/integration/plans_test.cc explains. Their own data is the same at every
-- scale, so a page that slows down on the big database grew with someone else's data.
--   olive@fleet.example  ordinary: one active job with a quote awaiting her decision (a safety
--                        item the garage has history on), 4 closed jobs, a few messages, 2 invoices
--                        (one paid)
--   harry@fleet.example  heavy (a fleet): 40 vehicles, 40 active jobs, 400 closed jobs, 200
--                        conversations of 10 messages, 1,500 invoices, 60 past quotes
-- Set-based (generate_series). Load it into a database without a "fleet" garage, in one transaction (psql -1).

set local timezone to 'Europe/London';

insert into garages (subdomain, name, primary_colour, main_phone, email, address)
values ('fleet', 'Fleet Motors', '#1F4E79', '+44 20 7946 0999', 'hello@fleet-motors.example',
        '1 Bench Street, London E1 1AA');

insert into customers (garage_id, email, first_name, last_name, created_at)
select g.id, v.email, v.first_name, v.last_name, now() - interval '900 days'
  from garages g,
       (values ('olive@fleet.example', 'Olive', 'Ordinary'),
               ('harry@fleet.example', 'Harry', 'Heavy')) v (email, first_name, last_name)
 where g.subdomain = 'fleet';

-- Vehicles: Olive 1, Harry 40.
insert into vehicles (garage_id, customer_id, registration, make, model, colour, year)
select c.garage_id, c.id, 'FL' || lpad(i::text, 2, '0') || ' ' || upper(left(c.first_name, 3)),
       'Ford', 'Transit', 'White', 2018
  from customers c join garages g on g.id = c.garage_id and g.subdomain = 'fleet'
  cross join lateral generate_series(1, case c.email when 'harry@fleet.example' then 40 else 1 end) i;

-- Jobs: per vehicle one active (in progress) and closed ones (Olive 4, Harry 10 per vehicle).
insert into work_orders (garage_id, customer_id, vehicle_id, reference, status, status_message,
                         description, booked_at, closed_at, estimated_ready_at)
select v.garage_id, v.customer_id, v.id, 'WO-FLEET-' || v.id || '-' || j,
       case when j = 0 then 'in_progress' else 'complete' end,
       case when j = 0 then 'Work in progress' else 'Collected' end,
       'Service and inspection',
       now() - make_interval(days => j * 30 + 1),
       case when j = 0 then null else now() - make_interval(days => j * 30 - 1) end,
       case when j = 0 then now() + interval '1 day' end
  from vehicles v join customers c on c.garage_id = v.garage_id and c.id = v.customer_id
  join garages g on g.id = v.garage_id and g.subdomain = 'fleet'
  cross join lateral generate_series(0, case c.email when 'harry@fleet.example' then 10 else 4 end) j;

insert into work_order_status_history (work_order_id, status, status_message, changed_at)
select w.id, s.status, s.message, w.booked_at + make_interval(hours => s.n)
  from work_orders w join garages g on g.id = w.garage_id and g.subdomain = 'fleet'
  cross join (values (1, 'scheduled', 'Booked in'), (2, 'in_progress', 'Work in progress'),
                     (3, 'ready', 'Ready for collection'), (4, 'complete', 'Collected')) s (n, status, message)
 where s.n <= 2 or w.closed_at is not null;

-- Quotes: an awaiting one on each customer's first active job, and decided ones on 60 of
-- Harry's closed jobs (the garage's history of decisions on the same safety fix).
insert into quotes (garage_id, work_order_id, technician_name, status, sent_at, expires_at,
                    decided_at)
select w.garage_id, w.id, 'Dave', 'awaiting', now() - interval '1 hour', now() + interval '7 days', null
  from work_orders w
 where w.id in (select min(w2.id) from work_orders w2 join garages g on g.id = w2.garage_id
                 where g.subdomain = 'fleet' and w2.closed_at is null group by w2.customer_id)
union all
select w.garage_id, w.id, 'Dave', 'decided', w.booked_at, null, w.booked_at + interval '1 hour'
  from work_orders w join customers c on c.garage_id = w.garage_id and c.id = w.customer_id
 where c.email = 'harry@fleet.example' and w.closed_at is not null
   and w.id in (select w3.id from work_orders w3 where w3.customer_id = c.id
                   and w3.closed_at is not null order by w3.id limit 60);

insert into quote_lines (quote_id, position, category, title, description, labour_hours_centi,
                         labour_rate_minor, decision, decided_at)
select q.id, l.position, l.category, l.title, 'Found at inspection', 100, 7800,
       case when q.status = 'decided' then case when q.id % 5 = 0 then 'declined' else 'approved' end end,
       q.decided_at
  from quotes q join garages g on g.id = q.garage_id and g.subdomain = 'fleet'
  cross join (values (1, 'safety', 'Front brake pads and discs'),
                     (2, 'recommended', 'Brake fluid change'),
                     (3, 'optional', 'Wiper blades')) l (position, category, title);

insert into quote_line_parts (quote_line_id, name, quantity, unit_price_minor)
select l.id, 'Part for ' || l.title, 2, 4500
  from quote_lines l join quotes q on q.id = l.quote_id
  join garages g on g.id = q.garage_id and g.subdomain = 'fleet';

-- Conversations: Olive 1 of 4 messages, Harry 200 of 10; the newest garage message unread.
insert into conversations (garage_id, customer_id, work_order_id, subject, created_at, updated_at)
select c.garage_id, c.id, null, 'About job ' || i, now() - make_interval(days => i),
       now() - make_interval(days => i)
  from customers c join garages g on g.id = c.garage_id and g.subdomain = 'fleet'
  cross join lateral generate_series(1, case c.email when 'harry@fleet.example' then 200 else 1 end) i;

insert into messages (garage_id, conversation_id, author, author_name, body, sent_at, read_at)
select cv.garage_id, cv.id, case when m % 2 = 0 then 'garage' else 'customer' end, 'Dave',
       'Message ' || m || ' about the job.', cv.created_at + make_interval(mins => m),
       case when m = n and (n = 4 or cv.id % 10 = 0) then null
            else cv.created_at + make_interval(mins => m + 1) end
  from conversations cv join garages g on g.id = cv.garage_id and g.subdomain = 'fleet'
  join customers c on c.garage_id = cv.garage_id and c.id = cv.customer_id
  cross join lateral (select case c.email when 'harry@fleet.example' then 10 else 4 end) k (n)
  cross join lateral generate_series(1, k.n) m;

-- Invoices: Olive 2 (one unpaid), Harry 1,500 (20 unpaid).
insert into invoices (garage_id, customer_id, number, issued_on, due_on, net_minor, vat_minor,
                      gross_minor, status)
select c.garage_id, c.id, 'FL-' || c.id || '-' || i, current_date - i, current_date - i + 30,
       10000, 2000, 12000, case when i <= case c.email when 'harry@fleet.example' then 20 else 1 end
                                then 'unpaid' else 'paid' end
  from customers c join garages g on g.id = c.garage_id and g.subdomain = 'fleet'
  cross join lateral generate_series(1, case c.email when 'harry@fleet.example' then 1500 else 2 end) i;

-- Each invoice of one line, the paid ones with their payment (payments_apply keeps paid_minor),
-- so the invoice page shows what a real one does.
insert into invoice_lines (invoice_id, position, description, unit_price_minor, net_minor,
                           vat_minor, gross_minor)
select i.id, 1, 'Service and inspection', i.net_minor, i.net_minor, i.vat_minor, i.gross_minor
  from invoices i join garages g on g.id = i.garage_id and g.subdomain = 'fleet';

insert into payments (invoice_id, amount_minor, paid_at, method)
select i.id, i.gross_minor, i.issued_on + 10, 'card'
  from invoices i join garages g on g.id = i.garage_id and g.subdomain = 'fleet'
 where i.status = 'paid';
