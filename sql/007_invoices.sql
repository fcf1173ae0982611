-- 007_invoices.sql: what the invoice pages and portalctl need beyond 001's invoices, lines and
-- payments (issue 13).

-- The garage's card-payment page for the invoice (its provider's hosted page, such as a Stripe
-- payment link): "Pay now" opens it. https only; the portal itself takes no card details.
alter table invoices add column payment_url text
    check (payment_url ~ '^https://[^[:space:][:cntrl:]"<>\\]+$' and length(payment_url) <= 2000);

-- What has been paid, kept by the trigger below so that the list reads each invoice's state
-- from its own row (no sum over payments per card), and so that no payment can take an invoice
-- past its gross amount: the check refuses it, whoever inserts it.
alter table invoices add column paid_minor bigint not null default 0;
update invoices i set paid_minor = s.paid
  from (select invoice_id, sum(amount_minor) as paid from payments group by invoice_id) s
 where s.invoice_id = i.id;
alter table invoices add constraint invoices_paid_within_gross
    check (paid_minor >= 0 and paid_minor <= greatest(gross_minor, 0));

-- A payment adds to its invoice's paid amount; the payment that settles it marks it paid.
create function payments_apply() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') then
        update invoices set paid_minor = paid_minor - old.amount_minor where id = old.invoice_id;
    end if;
    if tg_op in ('INSERT', 'UPDATE') then
        update invoices
           set paid_minor = paid_minor + new.amount_minor,
               status = case when status = 'unpaid' and paid_minor + new.amount_minor >= gross_minor
                             then 'paid' else status end
         where id = new.invoice_id;
    end if;
    return null;
end;
$$;

create trigger payments_apply
    after insert or update of amount_minor, invoice_id or delete on payments
    for each row execute function payments_apply();

-- The customer's list, newest first, a page at a time: (issued_on, id) is the page boundary.
create index invoices_customer_list_idx on invoices (garage_id, customer_id, issued_on desc, id desc);
drop index invoices_customer_idx;
-- The garage's own list (portalctl invoice list), newest first.
create index invoices_garage_list_idx on invoices (garage_id, issued_on desc, id desc);
