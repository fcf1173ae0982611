-- demo.sql: demo data for two garages, Smith's Garage (smiths) and Northside
-- Motors (northside). Idempotent: the two garages are deleted first and
-- everything else goes with them (on delete cascade). The runner wraps this
-- file in one transaction. All times are relative to now(), read in the
-- garages' time zone, so the data always looks current; ids are never
-- hard-coded, rows are found by subdomain, email, registration, reference,
-- subject and invoice number.

set local timezone to 'Europe/London';

delete from garages where subdomain in ('smiths', 'northside');

-- Garages -------------------------------------------------------------------

insert into garages (subdomain, custom_domain, name, logo_path, primary_colour, main_phone,
                     whatsapp_number, voice_ai_numbers, email, address, vat_number, timezone, currency)
values
    ('smiths', null, 'Smith''s Garage', '/branding/smiths/logo.svg', '#0B6E4F',
     '+44 20 7946 0321', '+44 7700 900321', '{"+44 20 7946 0322","+44 20 7946 0323"}',
     'hello@smiths-garage.example', '14 Station Road, London E17 4AB', 'GB 123 4567 89',
     'Europe/London', 'GBP'),
    ('northside', null, 'Northside Motors', '/branding/northside/logo.svg', '#7A1F5C',
     '+44 161 496 0555', '+44 7700 900555', '{"+44 161 496 0556"}',
     'service@northside-motors.example', 'Unit 3, Mill Lane Trading Estate, Manchester M4 6BT', 'GB 987 6543 21',
     'Europe/London', 'GBP');

-- Customers (no passwords; the same email at both garages is two customers) --

insert into customers (garage_id, email, title, first_name, last_name, phone, created_at)
select g.id, v.email, v.title, v.first_name, v.last_name, v.phone, v.created_at
  from (values
        ('smiths',    'ann@example.com', 'Mrs', 'Ann', 'Archer', '+44 7700 900101', now() - interval '400 days'),
        ('smiths',    'bob@example.com', 'Mr',  'Bob', 'Baker',  '+44 7700 900102', now() - interval '700 days'),
        ('smiths',    'cat@example.com', 'Ms',  'Cat', 'Carter', '+44 7700 900103', now() - interval '200 days'),
        ('smiths',    'dan@example.com', null,  'Dan', 'Dixon',  '+44 7700 900104', now() - interval '30 days'),
        ('northside', 'ann@example.com', 'Mrs', 'Ann', 'Archer', '+44 7700 900101', now() - interval '90 days'),
        ('northside', 'eve@example.com', 'Dr',  'Eve', 'Evans',  '+44 7700 900105', now() - interval '10 days')
       ) as v (subdomain, email, title, first_name, last_name, phone, created_at)
  join garages g on g.subdomain = v.subdomain;

-- Vehicles --------------------------------------------------------------------

insert into vehicles (garage_id, customer_id, registration, make, model, colour, year, vin)
select c.garage_id, c.id, v.registration, v.make, v.model, v.colour, v.year, v.vin
  from (values
        ('smiths',    'ann@example.com', 'AB12 CDE', 'Ford',       'Fiesta',         'Blue',      2012, 'WF0DXXGAKDCA12345'),
        ('smiths',    'bob@example.com', 'BD19 XYZ', 'Volkswagen', 'Golf',           'Grey',      2019, 'WVWZZZAUZKW123456'),
        ('smiths',    'bob@example.com', 'LK68 VAN', 'Ford',       'Transit Custom', 'White',     2018, 'WF0YXXTTGYJA54321'),
        ('smiths',    'cat@example.com', 'CA17 MNO', 'MINI',       'Cooper',         'Chili Red', 2017, null),
        ('smiths',    'dan@example.com', 'DN20 KLP', 'Toyota',     'Yaris',          'Silver',    2020, null),
        ('northside', 'ann@example.com', 'MA66 NRT', 'Honda',      'Jazz',           'White',     2016, null)
       ) as v (subdomain, email, registration, make, model, colour, year, vin)
  join garages g on g.subdomain = v.subdomain
  join customers c on c.garage_id = g.id and lower(c.email) = v.email;

-- Work orders (closed_at null = active) ----------------------------------------
-- Ann@smiths: one active (in progress) + one closed; Bob: two active + two
-- closed; Cat: one closed; Dan: one complete but not yet collected;
-- Ann@northside: one ready; Eve@northside: none.

insert into work_orders (garage_id, customer_id, vehicle_id, reference, status, status_message, description,
                         appointment_at, estimated_ready_at, booked_at, closed_at, technician_name, created_at)
select c.garage_id, c.id, ve.id, v.reference, v.status, v.status_message, v.description,
       v.appointment_at, v.estimated_ready_at, v.booked_at, v.closed_at, v.technician_name, v.booked_at
  from (values
        ('smiths', 'ann@example.com', 'AB12 CDE', 'WO-TANGO-1234', 'in_progress', 'Work in progress',
         'Full service, and investigate a squeal from the front brakes',
         (current_date + time '08:30')::timestamptz, (current_date + time '16:00')::timestamptz,
         now() - interval '5 days', null::timestamptz, 'Dave'),
        ('smiths', 'ann@example.com', 'AB12 CDE', 'WO-ALPHA-0417', 'complete', 'Collected',
         'MOT test and interim service',
         (current_date - 21 + time '09:00')::timestamptz, (current_date - 21 + time '15:00')::timestamptz,
         now() - interval '28 days', (current_date - 21 + time '17:10')::timestamptz, 'Dave'),
        ('smiths', 'bob@example.com', 'BD19 XYZ', 'WO-ROMEO-2211', 'scheduled', 'Booked in – please drop the car off by 9:00',
         'Annual service and MOT',
         (current_date + 1 + time '09:00')::timestamptz, (current_date + 1 + time '17:00')::timestamptz,
         now() - interval '8 days', null, 'Priya'),
        ('smiths', 'bob@example.com', 'LK68 VAN', 'WO-SIERRA-3087', 'awaiting_parts', 'Waiting for the flywheel from our supplier',
         'Clutch slipping under load: replace clutch and dual-mass flywheel',
         (current_date - 2 + time '08:00')::timestamptz, (current_date + 3 + time '17:00')::timestamptz,
         now() - interval '9 days', null, 'Dave'),
        ('smiths', 'bob@example.com', 'BD19 XYZ', 'WO-BRAVO-1102', 'complete', 'Collected',
         'Two new front tyres and four-wheel alignment',
         (current_date - 62 + time '10:00')::timestamptz, (current_date - 62 + time '15:00')::timestamptz,
         now() - interval '66 days', (current_date - 62 + time '16:30')::timestamptz, 'Priya'),
        ('smiths', 'bob@example.com', 'LK68 VAN', 'WO-DELTA-1450', 'complete', 'Collected',
         'Engine management light on: diagnose, then replace the EGR valve',
         (current_date - 46 + time '08:30')::timestamptz, (current_date - 45 + time '12:00')::timestamptz,
         now() - interval '50 days', (current_date - 45 + time '15:00')::timestamptz, 'Dave'),
        ('smiths', 'cat@example.com', 'CA17 MNO', 'WO-CHARLIE-0932', 'complete', 'Collected',
         'Full service',
         (current_date - 120 + time '09:00')::timestamptz, (current_date - 120 + time '16:00')::timestamptz,
         now() - interval '127 days', (current_date - 120 + time '16:20')::timestamptz, 'Priya'),
        ('smiths', 'dan@example.com', 'DN20 KLP', 'WO-ECHO-5120', 'complete', 'Work complete – your car is ready to collect',
         'Replace timing belt and water pump',
         (current_date - 1 + time '08:00')::timestamptz, (current_date - 1 + time '17:00')::timestamptz,
         now() - interval '12 days', null, 'Dave'),
        ('northside', 'ann@example.com', 'MA66 NRT', 'WO-KILO-7781', 'ready', 'Ready for collection',
         'Two new rear tyres and a tracking check',
         (current_date - 1 + time '10:00')::timestamptz, (current_date - 1 + time '15:00')::timestamptz,
         now() - interval '3 days', null, 'Marcus')
       ) as v (subdomain, email, registration, reference, status, status_message, description,
               appointment_at, estimated_ready_at, booked_at, closed_at, technician_name)
  join garages g on g.subdomain = v.subdomain
  join customers c on c.garage_id = g.id and lower(c.email) = v.email
  join vehicles ve on ve.garage_id = g.id and ve.customer_id = c.id and ve.registration = v.registration;

-- Status history: each job's journey, oldest first -----------------------------

insert into work_order_status_history (work_order_id, status, status_message, note, changed_at)
select w.id, v.status, v.status_message, v.note, v.changed_at
  from (values
        -- Ann: Fiesta, in progress today
        ('smiths', 'WO-TANGO-1234', 'pending', 'Booking received', 'Booked online', now() - interval '5 days'),
        ('smiths', 'WO-TANGO-1234', 'scheduled', 'Booked in – please drop the car off by 8:30', null, now() - interval '5 days' + interval '20 minutes'),
        ('smiths', 'WO-TANGO-1234', 'in_progress', 'Work in progress', 'Car on the ramp with Dave',
         least((current_date + time '08:45')::timestamptz, now() - interval '2 hours')),
        -- Ann: last month's MOT
        ('smiths', 'WO-ALPHA-0417', 'pending', 'Booking received', null, now() - interval '28 days'),
        ('smiths', 'WO-ALPHA-0417', 'scheduled', 'Booked in – please drop the car off by 9:00', null, now() - interval '28 days' + interval '1 hour'),
        ('smiths', 'WO-ALPHA-0417', 'in_progress', 'Work in progress', null, (current_date - 21 + time '09:15')::timestamptz),
        ('smiths', 'WO-ALPHA-0417', 'complete', 'Work complete – your car is ready to collect', 'MOT passed with no advisories', (current_date - 21 + time '14:40')::timestamptz),
        ('smiths', 'WO-ALPHA-0417', 'complete', 'Collected', null, (current_date - 21 + time '17:10')::timestamptz),
        -- Bob: Golf booked for tomorrow
        ('smiths', 'WO-ROMEO-2211', 'pending', 'Booking received', 'MOT due next week', now() - interval '8 days'),
        ('smiths', 'WO-ROMEO-2211', 'scheduled', 'Booked in – please drop the car off by 9:00', null, now() - interval '8 days' + interval '2 hours'),
        -- Bob: Transit waiting for parts
        ('smiths', 'WO-SIERRA-3087', 'pending', 'Booking received', 'Customer reports the clutch slipping on hills', now() - interval '9 days'),
        ('smiths', 'WO-SIERRA-3087', 'scheduled', 'Booked in – please drop the van off by 8:00', null, now() - interval '9 days' + interval '30 minutes'),
        ('smiths', 'WO-SIERRA-3087', 'in_progress', 'Work in progress', 'Clutch slip confirmed on road test', (current_date - 2 + time '08:20')::timestamptz),
        ('smiths', 'WO-SIERRA-3087', 'awaiting_parts', 'Waiting for the flywheel from our supplier', 'Dual-mass flywheel on back order, 2–3 working days', (current_date - 2 + time '11:30')::timestamptz),
        -- Bob: tyres two months ago
        ('smiths', 'WO-BRAVO-1102', 'pending', 'Booking received', null, now() - interval '66 days'),
        ('smiths', 'WO-BRAVO-1102', 'scheduled', 'Booked in – please drop the car off by 10:00', null, now() - interval '66 days' + interval '1 hour'),
        ('smiths', 'WO-BRAVO-1102', 'in_progress', 'Work in progress', null, (current_date - 62 + time '10:10')::timestamptz),
        ('smiths', 'WO-BRAVO-1102', 'complete', 'Work complete – your car is ready to collect', null, (current_date - 62 + time '14:30')::timestamptz),
        ('smiths', 'WO-BRAVO-1102', 'complete', 'Collected', null, (current_date - 62 + time '16:30')::timestamptz),
        -- Bob: EGR valve six weeks ago
        ('smiths', 'WO-DELTA-1450', 'pending', 'Booking received', 'Engine management light on', now() - interval '50 days'),
        ('smiths', 'WO-DELTA-1450', 'scheduled', 'Booked in – please drop the van off by 8:30', null, now() - interval '50 days' + interval '1 hour'),
        ('smiths', 'WO-DELTA-1450', 'in_progress', 'Work in progress', 'Fault code P0401: EGR flow insufficient', (current_date - 46 + time '09:00')::timestamptz),
        ('smiths', 'WO-DELTA-1450', 'awaiting_parts', 'Waiting for the EGR valve from our supplier', null, (current_date - 46 + time '11:00')::timestamptz),
        ('smiths', 'WO-DELTA-1450', 'in_progress', 'Work in progress', 'EGR valve arrived', (current_date - 45 + time '08:30')::timestamptz),
        ('smiths', 'WO-DELTA-1450', 'complete', 'Work complete – your van is ready to collect', null, (current_date - 45 + time '12:00')::timestamptz),
        ('smiths', 'WO-DELTA-1450', 'complete', 'Collected', null, (current_date - 45 + time '15:00')::timestamptz),
        -- Cat: service four months ago
        ('smiths', 'WO-CHARLIE-0932', 'pending', 'Booking received', null, now() - interval '127 days'),
        ('smiths', 'WO-CHARLIE-0932', 'scheduled', 'Booked in – please drop the car off by 9:00', null, now() - interval '127 days' + interval '3 hours'),
        ('smiths', 'WO-CHARLIE-0932', 'in_progress', 'Work in progress', null, (current_date - 120 + time '09:20')::timestamptz),
        ('smiths', 'WO-CHARLIE-0932', 'complete', 'Work complete – your car is ready to collect', null, (current_date - 120 + time '15:10')::timestamptz),
        ('smiths', 'WO-CHARLIE-0932', 'complete', 'Collected', null, (current_date - 120 + time '16:20')::timestamptz),
        -- Dan: finished yesterday, not collected yet
        ('smiths', 'WO-ECHO-5120', 'pending', 'Booking received', null, now() - interval '12 days'),
        ('smiths', 'WO-ECHO-5120', 'scheduled', 'Booked in – please drop the car off by 8:00', null, now() - interval '12 days' + interval '1 hour'),
        ('smiths', 'WO-ECHO-5120', 'in_progress', 'Work in progress', null, (current_date - 1 + time '08:15')::timestamptz),
        ('smiths', 'WO-ECHO-5120', 'complete', 'Work complete – your car is ready to collect', 'Keys at reception', (current_date - 1 + time '16:40')::timestamptz),
        -- Ann at Northside: ready since yesterday afternoon
        ('northside', 'WO-KILO-7781', 'pending', 'Booking received', null, now() - interval '3 days'),
        ('northside', 'WO-KILO-7781', 'scheduled', 'Booked in – please drop the car off by 10:00', null, now() - interval '3 days' + interval '1 hour'),
        ('northside', 'WO-KILO-7781', 'in_progress', 'Work in progress', null, (current_date - 1 + time '10:15')::timestamptz),
        ('northside', 'WO-KILO-7781', 'ready', 'Ready for collection', 'Tracking was within tolerance', (current_date - 1 + time '14:50')::timestamptz)
       ) as v (subdomain, reference, status, status_message, note, changed_at)
  join garages g on g.subdomain = v.subdomain
  join work_orders w on w.garage_id = g.id and w.reference = v.reference;

-- Quotes: Ann's awaits approval; Bob's clutch quote was decided ------------------

insert into quotes (garage_id, work_order_id, technician_name, status, sent_at, expires_at, decided_at, decided_ip)
select w.garage_id, w.id, v.technician_name, v.status, v.sent_at, v.expires_at, v.decided_at, v.decided_ip
  from (values
        ('smiths', 'WO-TANGO-1234', 'Dave', 'awaiting', now() - interval '45 minutes', now() + interval '7 days',
         null::timestamptz, null::inet),
        ('smiths', 'WO-SIERRA-3087', 'Dave', 'decided', (current_date - 2 + time '10:00')::timestamptz,
         (current_date + 5 + time '10:00')::timestamptz, (current_date - 2 + time '10:40')::timestamptz, '192.0.2.10'::inet)
       ) as v (subdomain, reference, technician_name, status, sent_at, expires_at, decided_at, decided_ip)
  join garages g on g.subdomain = v.subdomain
  join work_orders w on w.garage_id = g.id and w.reference = v.reference;

insert into quote_lines (quote_id, position, category, title, description, technician_notes,
                         labour_hours_centi, labour_rate_minor, decision, decided_at)
select q.id, v.position, v.category, v.title, v.description, v.technician_notes,
       v.labour_hours_centi, v.labour_rate_minor, v.decision, v.decided_at
  from (values
        ('smiths', 'WO-TANGO-1234', 1, 'safety', 'Front brake pads and discs',
         'Replace the front brake pads and both front discs.',
         'Pads are worn down to 2 mm and the discs are scored – that is the squeal you heard. Not safe to leave.',
         150, 7800, null, null::timestamptz),
        ('smiths', 'WO-TANGO-1234', 2, 'recommended', 'Brake fluid change',
         'Drain and replace the brake fluid.',
         'Fluid tested at 3% water content. We recommend replacing it every two years.',
         50, 7800, null, null),
        ('smiths', 'WO-TANGO-1234', 3, 'optional', 'Air conditioning re-gas',
         'Evacuate and recharge the air conditioning system, with leak-detection dye.',
         'The air con is blowing warm. A re-gas usually fixes this.',
         50, 7800, null, null),
        ('smiths', 'WO-SIERRA-3087', 1, 'safety', 'Clutch kit and dual-mass flywheel',
         'Replace the clutch kit, release bearing and dual-mass flywheel.',
         'Clutch slips under load and the flywheel rattles at idle.',
         600, 7800, 'approved', (current_date - 2 + time '10:40')::timestamptz),
        ('smiths', 'WO-SIERRA-3087', 2, 'optional', 'Gearbox oil change',
         'Drain and refill the gearbox oil while the gearbox is out.',
         null,
         30, 7800, 'declined', (current_date - 2 + time '10:40')::timestamptz)
       ) as v (subdomain, reference, position, category, title, description, technician_notes,
               labour_hours_centi, labour_rate_minor, decision, decided_at)
  join garages g on g.subdomain = v.subdomain
  join work_orders w on w.garage_id = g.id and w.reference = v.reference
  join quotes q on q.garage_id = g.id and q.work_order_id = w.id;

insert into quote_line_parts (quote_line_id, name, quantity, unit_price_minor)
select l.id, v.name, v.quantity, v.unit_price_minor
  from (values
        ('smiths', 'WO-TANGO-1234', 1, 'Front brake discs (pair)', 1, 6850),
        ('smiths', 'WO-TANGO-1234', 1, 'Front brake pad set', 1, 3495),
        ('smiths', 'WO-TANGO-1234', 2, 'DOT 4 brake fluid, 1 litre', 1, 1200),
        ('smiths', 'WO-TANGO-1234', 3, 'Refrigerant and UV dye', 1, 2900),
        ('smiths', 'WO-SIERRA-3087', 1, 'Clutch kit with release bearing', 1, 28950),
        ('smiths', 'WO-SIERRA-3087', 1, 'Dual-mass flywheel', 1, 41200),
        ('smiths', 'WO-SIERRA-3087', 2, 'Gearbox oil, 1 litre', 2, 1300)
       ) as v (subdomain, reference, line_position, name, quantity, unit_price_minor)
  join garages g on g.subdomain = v.subdomain
  join work_orders w on w.garage_id = g.id and w.reference = v.reference
  join quotes q on q.garage_id = g.id and q.work_order_id = w.id
  join quote_lines l on l.quote_id = q.id and l.position = v.line_position;

-- Photos on Ann's quote: files in sql/demo-files/, copied to files_dir by portalctl demo.
insert into quote_line_photos (quote_line_id, file_path, caption, position)
select l.id, v.file_path, v.caption, v.position
  from (values
        ('smiths', 'WO-TANGO-1234', 1, 'quotes/demo/brake-disc.jpg',  'Front disc: scored surface', 1),
        ('smiths', 'WO-TANGO-1234', 1, 'quotes/demo/brake-pad.jpg',   'Brake pad: 2 mm left',       2),
        ('smiths', 'WO-TANGO-1234', 2, 'quotes/demo/brake-fluid.jpg', 'Brake fluid test: 3% water', 1)
       ) as v (subdomain, reference, line_position, file_path, caption, position)
  join garages g on g.subdomain = v.subdomain
  join work_orders w on w.garage_id = g.id and w.reference = v.reference
  join quotes q on q.garage_id = g.id and q.work_order_id = w.id and q.status = 'awaiting'
  join quote_lines l on l.quote_id = q.id and l.position = v.line_position;

-- Past decisions on the same safety fix at Smith's, on old jobs: 10 of 12 approved, so Ann's
-- quote can say "83% of our customers approve this fix" (shown from 10 decisions up).
with past as (
    select w.garage_id, w.id as work_order_id, w.booked_at + n * interval '1 hour' as sent_at
      from work_orders w
      join garages g on g.id = w.garage_id
     cross join generate_series(1, 3) as n
     where g.subdomain = 'smiths'
       and w.reference in ('WO-ALPHA-0417', 'WO-BRAVO-1102', 'WO-DELTA-1450', 'WO-CHARLIE-0932')
),
old_quotes as (
    insert into quotes (garage_id, work_order_id, technician_name, status, sent_at, decided_at)
    select garage_id, work_order_id, 'Dave', 'decided', sent_at, sent_at + interval '30 minutes'
      from past
    returning id, decided_at
)
insert into quote_lines (quote_id, position, category, title, description, labour_hours_centi,
                         labour_rate_minor, decision, decided_at)
select id, 1, 'safety', 'Front brake pads and discs',
       'Replace the front brake pads and both front discs.', 150, 7800,
       case when row_number() over (order by id) <= 10 then 'approved' else 'declined' end,
       decided_at
  from old_quotes;

-- Conversations and messages ---------------------------------------------------
-- Ann@smiths has 2 unread garage messages, Ann@northside 1, Bob none.

insert into conversations (garage_id, customer_id, work_order_id, subject, created_at, updated_at)
select c.garage_id, c.id, w.id, v.subject, v.created_at, v.created_at
  from (values
        ('smiths',    'ann@example.com', 'WO-TANGO-1234',  'Fiesta service and brakes', now() - interval '5 days'),
        ('smiths',    'bob@example.com', 'WO-SIERRA-3087', 'Transit clutch parts',      (current_date - 2 + time '11:35')::timestamptz),
        ('northside', 'ann@example.com', 'WO-KILO-7781',   'Jazz rear tyres',           (current_date - 1 + time '14:55')::timestamptz)
       ) as v (subdomain, email, reference, subject, created_at)
  join garages g on g.subdomain = v.subdomain
  join customers c on c.garage_id = g.id and lower(c.email) = v.email
  left join work_orders w on w.garage_id = g.id and w.reference = v.reference;

insert into messages (garage_id, conversation_id, channel, author, author_name, body, sent_at, read_at)
select cv.garage_id, cv.id, v.channel, v.author, v.author_name, v.body, v.sent_at, v.read_at
  from (values
        ('smiths', 'Fiesta service and brakes', 'portal', 'garage', 'Smith''s Garage',
         'Hi Ann, thanks for booking your Fiesta in with us. See you at 8:30 on the day – if you are early, the key box is by the office door.',
         now() - interval '5 days' + interval '25 minutes', now() - interval '5 days' + interval '3 hours'),
        ('smiths', 'Fiesta service and brakes', 'portal', 'customer', 'Ann Archer',
         'Thanks! Could you also have a look at the brakes? They have started squealing when I slow down.',
         now() - interval '4 days', now() - interval '4 days' + interval '40 minutes'),
        ('smiths', 'Fiesta service and brakes', 'portal', 'garage', 'Dave',
         'Morning Ann, your Fiesta is on the ramp now. I will give the brakes a proper look while the service is under way.',
         least((current_date + time '09:40')::timestamptz, now() - interval '90 minutes'), null::timestamptz),
        ('smiths', 'Fiesta service and brakes', 'portal', 'garage', 'Dave',
         'The front pads are down to 2 mm and the discs are scored, so that is your squeal. I have sent you a quote – approve what you would like us to do and we will crack on.',
         now() - interval '44 minutes', null),
        ('smiths', 'Transit clutch parts', 'whatsapp', 'garage', 'Dave',
         'Hi Bob, the clutch kit for the Transit is here but the flywheel is on back order. The supplier says 2–3 working days; the van stays safe inside until then.',
         (current_date - 2 + time '11:40')::timestamptz, (current_date - 2 + time '12:05')::timestamptz),
        ('smiths', 'Transit clutch parts', 'whatsapp', 'customer', 'Bob Baker',
         'No problem, thanks for letting me know.',
         (current_date - 2 + time '12:06')::timestamptz, (current_date - 2 + time '12:30')::timestamptz),
        ('northside', 'Jazz rear tyres', 'sms', 'garage', 'Northside Motors',
         'Hi Ann, your Jazz is ready for collection. We are open until 5:30 pm.',
         (current_date - 1 + time '14:55')::timestamptz, null)
       ) as v (subdomain, subject, channel, author, author_name, body, sent_at, read_at)
  join garages g on g.subdomain = v.subdomain
  join conversations cv on cv.garage_id = g.id and cv.subject = v.subject;

-- Invoices ---------------------------------------------------------------------
-- Line net = quantity x unit price, VAT rounded per line; the invoice totals are
-- the sums of its lines (the schema re-checks this at commit).
-- Ann: unpaid, not yet due. Bob: one paid, one overdue. Cat: paid. Dan: unpaid.

with inv (subdomain, email, reference, registration, number, issued_on, due_on, status) as (
    values
        ('smiths', 'ann@example.com', 'WO-ALPHA-0417',   'AB12 CDE', 'SG-10417', current_date - 21,  current_date + 9,   'unpaid'),
        ('smiths', 'bob@example.com', 'WO-BRAVO-1102',   'BD19 XYZ', 'SG-10288', current_date - 62,  current_date - 32,  'paid'),
        ('smiths', 'bob@example.com', 'WO-DELTA-1450',   'LK68 VAN', 'SG-10352', current_date - 45,  current_date - 15,  'unpaid'),
        ('smiths', 'cat@example.com', 'WO-CHARLIE-0932', 'CA17 MNO', 'SG-10174', current_date - 120, current_date - 90,  'paid'),
        ('smiths', 'dan@example.com', 'WO-ECHO-5120',    'DN20 KLP', 'SG-10455', current_date - 1,   current_date + 13,  'unpaid')
),
line_in (subdomain, number, position, description, quantity_centi, unit_price_minor, vat_rate_basis_points) as (
    values
        ('smiths', 'SG-10417', 1, 'MOT test (class 4), outside the scope of VAT',            100,  5485,    0),
        ('smiths', 'SG-10417', 2, 'Interim service: engine oil, oil filter, 40-point check', 100, 12900, 2000),
        ('smiths', 'SG-10288', 1, 'Tyre 225/45 R17 94W',                                     200,  8500, 2000),
        ('smiths', 'SG-10288', 2, 'Four-wheel alignment',                                    100,  4500, 2000),
        ('smiths', 'SG-10352', 1, 'Diagnostic: engine management light',                     100,  7200, 2000),
        ('smiths', 'SG-10352', 2, 'EGR valve',                                               100, 18999, 2000),
        ('smiths', 'SG-10352', 3, 'Labour: replace EGR valve (hours)',                       250,  7800, 2000),
        ('smiths', 'SG-10174', 1, 'Full service',                                            100, 18900, 2000),
        ('smiths', 'SG-10174', 2, 'Front wiper blades (pair)',                               100,  2499, 2000),
        ('smiths', 'SG-10455', 1, 'Timing belt kit with water pump',                         100, 16450, 2000),
        ('smiths', 'SG-10455', 2, 'Labour: timing belt and water pump (hours)',              420,  7800, 2000),
        ('smiths', 'SG-10455', 3, 'Coolant, 5 litres',                                       100,  2250, 2000)
),
line_net as (
    select l.*, round(l.quantity_centi * l.unit_price_minor / 100.0)::bigint as net_minor
      from line_in l
),
lines as (
    select l.*, round(l.net_minor * l.vat_rate_basis_points / 10000.0)::bigint as vat_minor
      from line_net l
),
totals as (
    select subdomain, number, sum(net_minor)::bigint as net_minor, sum(vat_minor)::bigint as vat_minor
      from lines
     group by subdomain, number
),
new_invoices as (
    insert into invoices (garage_id, customer_id, work_order_id, vehicle_id, number, issued_on, due_on,
                          net_minor, vat_minor, gross_minor, currency, status, created_at)
    select g.id, c.id, w.id, ve.id, i.number, i.issued_on, i.due_on,
           t.net_minor, t.vat_minor, t.net_minor + t.vat_minor, g.currency, i.status, i.issued_on::timestamptz
      from inv i
      join garages g on g.subdomain = i.subdomain
      join customers c on c.garage_id = g.id and lower(c.email) = i.email
      join work_orders w on w.garage_id = g.id and w.reference = i.reference
      join vehicles ve on ve.garage_id = g.id and ve.registration = i.registration
      join totals t on t.subdomain = i.subdomain and t.number = i.number
    returning id, garage_id, number
)
insert into invoice_lines (invoice_id, position, description, quantity_centi, unit_price_minor,
                           vat_rate_basis_points, net_minor, vat_minor, gross_minor)
select n.id, l.position, l.description, l.quantity_centi, l.unit_price_minor,
       l.vat_rate_basis_points, l.net_minor, l.vat_minor, l.net_minor + l.vat_minor
  from lines l
  join garages g on g.subdomain = l.subdomain
  join new_invoices n on n.garage_id = g.id and n.number = l.number;

-- Paid invoices are paid in full.
insert into payments (invoice_id, amount_minor, paid_at, method)
select i.id, i.gross_minor, v.paid_at, v.method
  from (values
        ('smiths', 'SG-10288', (current_date - 62 + time '16:35')::timestamptz, 'card'),
        ('smiths', 'SG-10174', (current_date - 120 + time '16:25')::timestamptz, 'card')
       ) as v (subdomain, number, paid_at, method)
  join garages g on g.subdomain = v.subdomain
  join invoices i on i.garage_id = g.id and i.number = v.number;

-- Consents: every customer starts with each category's default, recorded in
-- the audit trail as an import ---------------------------------------------

insert into consents (garage_id, customer_id, category_id, granted, updated_at)
select c.garage_id, c.id, k.id, k.default_granted, c.created_at
  from customers c
  join garages g on g.id = c.garage_id
 cross join consent_categories k
 where g.subdomain in ('smiths', 'northside');

insert into consent_events (garage_id, customer_id, category_id, granted, changed_at, source)
select s.garage_id, s.customer_id, s.category_id, s.granted, s.updated_at, 'import'
  from consents s
  -- through the demo customers: consents' index starts with the customer, not the garage
  join customers c on c.garage_id = s.garage_id and c.id = s.customer_id
  join garages g on g.id = c.garage_id
 where g.subdomain in ('smiths', 'northside');

-- Messages (issue 12) ------------------------------------------------------------
-- Ann@smiths: of the two unread garage messages about her Fiesta, one arrived by WhatsApp; and a
-- general enquiry, made by phone, in which the garage sent her a PDF. Bob: one conversation (on
-- WhatsApp), all read. Cat: none, so her Messages page is the compose view.

update messages m
   set channel = 'whatsapp'
  from conversations cv
  join garages g on g.id = cv.garage_id
 where g.subdomain = 'smiths' and cv.subject = 'Fiesta service and brakes'
   and m.garage_id = cv.garage_id and m.conversation_id = cv.id and m.body like 'Morning Ann%';

update conversations cv
   set channel = 'whatsapp'
  from garages g
 where g.id = cv.garage_id and g.subdomain = 'smiths' and cv.subject = 'Transit clutch parts';

insert into conversations (garage_id, customer_id, subject, channel, created_at, updated_at)
select c.garage_id, c.id, 'MOT certificate copy', 'voice', now() - interval '12 days', now() - interval '12 days'
  from customers c join garages g on g.id = c.garage_id
 where g.subdomain = 'smiths' and c.email = 'ann@example.com';

insert into messages (garage_id, conversation_id, channel, author, author_name, body, sent_at, read_at)
select cv.garage_id, cv.id, v.channel, v.author, v.author_name, v.body, v.sent_at, v.sent_at + interval '1 hour'
  from (values
        ('voice', 'customer', 'Ann Archer',
         'Call transcript: Ann asked for a copy of last year''s MOT certificate for her insurance company.',
         now() - interval '12 days'),
        ('portal', 'garage', 'Priya',
         'Here you are, Ann – last year''s MOT certificate is attached. Your next MOT is due in March; we will send you a reminder.',
         now() - interval '12 days' + interval '2 hours')
       ) as v (channel, author, author_name, body, sent_at)
  join garages g on g.subdomain = 'smiths'
  join conversations cv on cv.garage_id = g.id and cv.subject = 'MOT certificate copy';

insert into message_attachments (message_id, file_path, file_name, content_type, size_bytes)
select m.id, 'messages/demo/mot-certificate.pdf', 'MOT certificate AB12 CDE.pdf', 'application/pdf', 779
  from messages m
  join conversations cv on cv.garage_id = m.garage_id and cv.id = m.conversation_id
  join garages g on g.id = cv.garage_id
 where g.subdomain = 'smiths' and cv.subject = 'MOT certificate copy' and m.author = 'garage';

-- Invoices: payment links and part payments (issue 13) -------------------------
-- Ann's unpaid invoice can be paid online (the garage's card-payment page); Dan has paid part
-- of his. Bob's SG-10288 is paid and SG-10352 overdue, as above.

update invoices i set payment_url = 'https://pay.example.com/smiths/SG-10417'
  from garages g
 where g.id = i.garage_id and g.subdomain = 'smiths' and i.number = 'SG-10417';

insert into payments (invoice_id, amount_minor, paid_at, method)
select i.id, 20000, (current_date - 1 + time '17:10')::timestamptz, 'card'
  from invoices i
  join garages g on g.id = i.garage_id
 where g.subdomain = 'smiths' and i.number = 'SG-10455';

-- My Profile and communication preferences (issue 14) ----------------------
-- Bob likes to be addressed as Mr Baker (the home page, the menu and his emails say so). Cat
-- switched Offers on and Service reminders off in the portal, so her preferences page shows
-- the last change.

update customers c set salutation = 'title_last_name'
  from garages g
 where g.id = c.garage_id and g.subdomain = 'smiths' and c.email = 'bob@example.com';

with cat as (
    select c.garage_id, c.id from customers c join garages g on g.id = c.garage_id
     where g.subdomain = 'smiths' and c.email = 'cat@example.com'),
choice as (
    select k.id as category_id, v.granted, v.changed_at
      from (values ('offers', true, now() - interval '3 days'),
                   ('service_reminders', false, now() - interval '2 days')
           ) as v (code, granted, changed_at)
      join consent_categories k on k.code = v.code),
changed as (
    update consents s set granted = choice.granted, updated_at = choice.changed_at
      from cat, choice
     where s.customer_id = cat.id and s.category_id = choice.category_id
    returning s.garage_id, s.customer_id, s.category_id, s.granted, choice.changed_at)
insert into consent_events (garage_id, customer_id, category_id, granted, previous_granted,
                            changed_at, source, ip)
select garage_id, customer_id, category_id, granted, not granted, changed_at, 'portal', '192.0.2.10'
  from changed;

-- Privacy & Security and the voice assistant (issue 14) ---------------------
-- Ann stays at Open Access without a PIN; Bob is at PIN Required with the voice PIN 4826
-- (printed in the welcome text); Dan is at Zero Disclosure with email alerts on. Ann and Bob are
-- each signed in on two other devices (sessions whose tokens nobody holds), so the devices list
-- shows something. Northside has no WhatsApp number, so its Get in Touch shows the other two.

update customers c
   set voice_pin_hash = '$argon2id$v=19$m=19456,t=2,p=1$clKTqpJv+8Fs+LVt8PpZXQ$0Jn4BsAMr+ZRi+ymJu/eBrWnG5eFHahLzo7FjWWqcDU',
       voice_pin_changed_at = now() - interval '20 days',
       privacy_tier = 'PIN'
  from garages g
 where g.id = c.garage_id and g.subdomain = 'smiths' and c.email = 'bob@example.com';

update customers c
   set privacy_tier = 'BLOCKED', alert_on_access_email = true, alert_on_access_sms = false
  from garages g
 where g.id = c.garage_id and g.subdomain = 'smiths' and c.email = 'dan@example.com';

insert into sessions (garage_id, customer_id, token_hash, created_at, last_seen_at, expires_at,
                      signed_in_at, auth_method, ip, user_agent)
select c.garage_id, c.id, sha256(convert_to(gen_random_uuid()::text, 'UTF8')),
       now() - v.signed_in, now() - v.seen, now() - v.signed_in + interval '90 days',
       now() - v.signed_in, v.method, v.ip::inet, v.agent
  from (values
        ('ann@example.com', interval '12 days', interval '2 hours', 'magic_link', '203.0.113.24',
         'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'),
        ('ann@example.com', interval '40 days', interval '6 days', 'password', '198.51.100.7',
         'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'),
        ('bob@example.com', interval '3 days', interval '1 day', 'deep_link', '203.0.113.80',
         'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'),
        ('bob@example.com', interval '25 days', interval '25 minutes', 'magic_link', '192.0.2.44',
         'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0')
       ) as v (email, signed_in, seen, method, ip, agent)
  join garages g on g.subdomain = 'smiths'
  join customers c on c.garage_id = g.id and c.email = v.email;

update garages set whatsapp_number = null where subdomain = 'northside';
