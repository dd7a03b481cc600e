-- Which weeks the settlement marts were computed for (one row): the last closed week, and the
-- last week ended by settle_through. Both marts read their bounds here, and the closing checks
-- them, so it never closes a week from marts computed before that week ended.
select
    (select max(settlement_week) from {{ source('closing', 'weeks') }}) as closed_through,
    -- a week is settled once it has ended (Sunday 24:00 WIB)
    (date_trunc('week', {{ settle_through() }}) - interval '7 days')::date as last_ended_week,
    '{{ run_started_at }}'::timestamptz as computed_at
