-- The support desk's SLA per WIB day of opening and opening priority: tickets opened, first
-- response and resolution times in business hours (08:00–22:00 WIB, national holidays and
-- waits for the customer excluded), how many breached a target, and CSAT.
select
    opened_date || ':' || opening_priority as sla_key,
    opened_date,
    opening_priority as priority,
    count(*) as tickets_opened,
    count(first_response_business_seconds) as tickets_responded,
    round(avg(first_response_business_seconds) / 3600.0, 2) as avg_first_response_hours,
    round(
        (percentile_cont(0.5) within group (order by first_response_business_seconds)
            / 3600.0)::numeric,
        2
    ) as median_first_response_hours,
    count(resolution_business_seconds) as tickets_resolved,
    round(avg(resolution_business_seconds) / 3600.0, 2) as avg_resolution_hours,
    round(
        (percentile_cont(0.5) within group (order by resolution_business_seconds)
            / 3600.0)::numeric,
        2
    ) as median_resolution_hours,
    count(*) filter (where first_response_breached or resolution_breached) as tickets_breached,
    round(
        (count(*) filter (where first_response_breached or resolution_breached))::numeric
            / count(*),
        4
    ) as breach_rate,
    count(*) filter (where escalated) as tickets_escalated,
    count(csat_score) as csat_responses,
    round(avg(csat_score), 2) as csat_average,
    round(
        (count(*) filter (where csat_score >= 4))::numeric / nullif(count(csat_score), 0), 4
    ) as csat_satisfied_rate
from {{ ref('int_tickets_measured') }}
group by opened_date, opening_priority
