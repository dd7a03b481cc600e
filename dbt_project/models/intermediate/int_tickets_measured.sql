-- One row per ticket: when it opened (WIB day, opening priority), its first-response and
-- latest resolution times in business seconds (as the service's SLA clock counted them),
-- whether any target was breached, and its CSAT.
with opened as (
    select distinct on (ticket_id) *
    from {{ ref('stg_ticket__tickets_opened') }}
    order by ticket_id, landing_id
),
responded as (
    select distinct on (ticket_id) *
    from {{ ref('stg_ticket__first_responses') }}
    order by ticket_id, landing_id
),
resolved as (
    select distinct on (ticket_id) *
    from {{ ref('stg_ticket__resolutions') }}
    order by ticket_id, resolved_at desc, landing_id desc
),
breaches as (
    select
        ticket_id,
        bool_or(target = 'first_response') as first_response,
        bool_or(target = 'resolution') as resolution,
        bool_or(escalated) as escalated
    from {{ ref('stg_ticket__sla_breaches') }}
    group by ticket_id
),
rated as (
    select distinct on (ticket_id) ticket_id, score
    from {{ ref('stg_ticket__ratings') }}
    order by ticket_id, landing_id
)
select
    o.ticket_id,
    o.ticket_number,
    o.category,
    o.priority as opening_priority,
    o.source,
    o.created_at,
    {{ wib_date('o.created_at') }} as opened_date,
    r.responded_at,
    r.first_response_business_seconds,
    s.resolved_at,
    s.resolution_business_seconds,
    coalesce(b.first_response, false)
        or coalesce(r.first_response_breached, false)
        or coalesce(s.first_response_breached, false) as first_response_breached,
    coalesce(b.resolution, false) or coalesce(s.resolution_breached, false) as resolution_breached,
    coalesce(b.escalated, false) as escalated,
    t.score as csat_score
from opened as o
left join responded as r on r.ticket_id = o.ticket_id
left join resolved as s on s.ticket_id = o.ticket_id
left join breaches as b on b.ticket_id = o.ticket_id
left join rated as t on t.ticket_id = o.ticket_id
