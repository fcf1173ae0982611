-- 005_scale.sql: every page's statements cost what the customer's own data costs, on a database
-- of 200 garages and 10M work orders (issue 16).

-- "[X]% of our customers approve this fix" from a per-garage summary of the decisions on each
-- safety item (by lower(title)), kept by triggers: the quote page reads one row per item instead
-- of every garage's decided lines with that title (003's index was on the title alone).
create table safety_fix_decisions (
    garage_id bigint not null references garages (id) on delete cascade,
    title_key text not null,
    decided   bigint not null default 0 check (decided >= 0),
    approved  bigint not null default 0 check (approved >= 0 and approved <= decided),
    primary key (garage_id, title_key)
);

-- Adds `sign` (1 or -1) times one decided safety line of quote `quote` to its garage's row
-- (an update when taking off: an insert's candidate row must pass the checks).
create function safety_fix_count(quote bigint, title text, decision text, sign int) returns void
language sql as $$
    insert into safety_fix_decisions as s (garage_id, title_key, decided, approved)
    select q.garage_id, lower(title), 1, case when decision = 'approved' then 1 else 0 end
      from quotes q where q.id = quote and sign > 0
    on conflict (garage_id, title_key) do update
       set decided = s.decided + excluded.decided, approved = s.approved + excluded.approved;
    update safety_fix_decisions s
       set decided = s.decided - 1, approved = s.approved - case when decision = 'approved' then 1 else 0 end
      from quotes q
     where q.id = quote and sign < 0 and s.garage_id = q.garage_id and s.title_key = lower(title);
$$;

create function quote_lines_count_decision() returns trigger
language plpgsql as $$
begin
    if tg_op in ('UPDATE', 'DELETE') and old.category = 'safety' and old.decision is not null then
        perform safety_fix_count(old.quote_id, old.title, old.decision, -1);
    end if;
    if tg_op in ('INSERT', 'UPDATE') and new.category = 'safety' and new.decision is not null then
        perform safety_fix_count(new.quote_id, new.title, new.decision, 1);
    end if;
    return null;
end;
$$;

-- A line deleted through its quote's deletion finds the quote gone: quotes_uncount_decisions
-- took its decisions off first.
create trigger quote_lines_count_decision
    after insert or delete or update of decision, category, title on quote_lines
    for each row execute function quote_lines_count_decision();

create function quotes_uncount_decisions() returns trigger
language plpgsql as $$
begin
    update safety_fix_decisions s
       set decided = s.decided - d.decided, approved = s.approved - d.approved
      from (select lower(l.title) as title_key, count(*) as decided,
                   count(*) filter (where l.decision = 'approved') as approved
              from quote_lines l
             where l.quote_id = old.id and l.category = 'safety' and l.decision is not null
             group by 1) d
     where s.garage_id = old.garage_id and s.title_key = d.title_key;
    return old;
end;
$$;

create trigger quotes_uncount_decisions
    before delete on quotes
    for each row execute function quotes_uncount_decisions();

insert into safety_fix_decisions (garage_id, title_key, decided, approved)
select q.garage_id, lower(l.title), count(*), count(*) filter (where l.decision = 'approved')
  from quote_lines l join quotes q on q.id = l.quote_id
 where l.category = 'safety' and l.decision is not null
 group by 1, 2;

drop index quote_lines_decided_safety_idx;

-- The home page's "N unpaid" tile: the customer's unpaid invoices, not all of them.
create index invoices_unpaid_idx on invoices (garage_id, customer_id) where status = 'unpaid';

-- The sign-in's sweep of the customer's expired sessions: with expires_at in the index, the
-- generic plan doesn't prefer sessions_expires_idx (every expired session of every garage).
create index sessions_customer_expires_idx on sessions (garage_id, customer_id, expires_at);
drop index sessions_customer_idx;
