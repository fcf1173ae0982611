-- 002: dates and times as a customer reads them, in the garage's time zone: "Thu 26 Nov, 4:00 pm",
-- "today, 4:00 pm", "tomorrow, 9:00 am" (issue 5). In SQL, so a page gets them in its one query.
-- Not STRICT, so the planner can inline them into the page's query (they return null for null).

-- The day: "today", "tomorrow", "yesterday", else "Thu 26 Nov" (with the year when it isn't this one).
create function portal_day(ts timestamptz, tz text) returns text
language sql stable as $$
    select case (ts at time zone tz)::date - (now() at time zone tz)::date
               when 0 then 'today'
               when 1 then 'tomorrow'
               when -1 then 'yesterday'
               else to_char(ts at time zone tz,
                            case when date_trunc('year', ts at time zone tz)
                                      = date_trunc('year', now() at time zone tz)
                                 then 'Dy FMDD Mon' else 'Dy FMDD Mon YYYY' end)
           end
$$;

-- The day and the time: "today, 4:00 pm", "Thu 26 Nov, 9:30 am".
create function portal_time(ts timestamptz, tz text) returns text
language sql stable as $$
    select portal_day(ts, tz) || ', ' || to_char(ts at time zone tz, 'FMHH12:MI am')
$$;
