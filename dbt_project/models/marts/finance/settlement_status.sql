-- The weeks the finance models were run for (one row): the last week ended by settle_through.
-- The settlement views take their ended weeks from here, so what they show as ended is what the
-- lines were computed for; the closing checks it, so it never closes a week from lines computed
-- before that week ended.
select
    -- a week is settled once it has ended (Sunday 24:00 WIB)
    (date_trunc('week', {{ settle_through() }}) - interval '7 days')::date as last_ended_week,
    '{{ run_started_at }}'::timestamptz as computed_at
