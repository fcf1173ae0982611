-- 006: what the Messages pages (issue 12) need beyond 001's conversations, messages and
-- message_attachments: the channel a conversation started on (the list's badge), its latest
-- message (the list's preview without a sub-select per card), one conversation per job, when
-- the customer was last told of a garage message (several in a few minutes make one
-- notification), and indexes that start with the garage.

alter table conversations
    add column channel text not null default 'portal'
        check (channel in ('portal', 'whatsapp', 'sms', 'voice')),
    add column last_message_id bigint,
    add column customer_notified_at timestamptz;

-- One conversation per job: the job page's "Message the garage" opens it.
create unique index conversations_job_idx on conversations (garage_id, customer_id, work_order_id)
    where work_order_id is not null;

-- The thread page: the newest messages first, and older ones before a given one.
create index messages_thread_idx on messages (garage_id, conversation_id, sent_at desc, id desc);

-- The garage's inbox: every conversation of the garage, the latest first.
create index conversations_garage_idx on conversations (garage_id, updated_at desc);

-- A new message moves its conversation to the top of the list and becomes its preview.
create or replace function messages_touch_conversation() returns trigger
language plpgsql as $$
begin
    update conversations
       set updated_at = new.sent_at,
           last_message_id = new.id
     where garage_id = new.garage_id
       and id = new.conversation_id
       and (updated_at <= new.sent_at or last_message_id is null);
    return null;
end;
$$;

update conversations cv
   set last_message_id = m.id, updated_at = m.sent_at
  from (select distinct on (conversation_id) conversation_id, id, sent_at
          from messages order by conversation_id, sent_at desc, id desc) m
 where m.conversation_id = cv.id;

-- A message time as the conversation list words it: "just now", "5m ago", "2h ago", "3d ago",
-- then "15 Mar" (with the year when it isn't this one), in the garage's time zone.
create function portal_ago(ts timestamptz, tz text) returns text
language sql stable as $$
    select case
               when now() - ts < interval '1 minute' then 'just now'
               when now() - ts < interval '1 hour'
                   then extract(minute from now() - ts)::int || 'm ago'
               when now() - ts < interval '1 day'
                   then extract(hour from now() - ts)::int || 'h ago'
               when now() - ts < interval '7 days'
                   then extract(day from now() - ts)::int || 'd ago'
               else to_char(ts at time zone tz,
                            case when date_trunc('year', ts at time zone tz)
                                      = date_trunc('year', now() at time zone tz)
                                 then 'FMDD Mon' else 'FMDD Mon YYYY' end)
           end
$$;
