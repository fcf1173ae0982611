-- 003: "[X]% of our customers approve this fix" counts a garage's past decisions on the same
-- safety item (by title); this index keeps that lookup off a scan of every quote line.
create index quote_lines_decided_safety_idx on quote_lines (lower(title))
    where category = 'safety' and decision is not null;
