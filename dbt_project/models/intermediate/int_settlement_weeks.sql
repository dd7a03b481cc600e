{{ config(materialized='incremental', unique_key=['party', 'settlement_week', 'business_week'],
    incremental_strategy='delete+insert',
    indexes=[{'columns': ['party', 'settlement_week', 'business_week'], 'unique': True}]) }}
-- Settlement lines summed per party (a seller, or 'house'), settlement week and business week
-- (they differ for late lines, which keep the commission rate of their business week): what
-- the settlement marts read, so a run does not add up every line ever written. Lines are never
-- changed once written (settlement_lines only appends), so an incremental run adds the lines
-- written since its last run (by computed_at) to their sums. Were settlement_lines rebuilt
-- since, every line would look new: then the sums are recomputed from all lines instead.
{%- set since = lines_added_since() %}
with new_lines as (
    select *
    from {{ ref('settlement_lines') }}
    {% if since %}
    where computed_at > '{{ since }}'::timestamptz
    {% endif %}
),
added as (
    select
        party,
        settlement_week,
        business_week,
        coalesce(sum(amount) filter (where line_type = 'sale'), 0)::bigint as gross,
        coalesce(-sum(amount) filter (where line_type = 'refund'), 0)::bigint as refunds,
        coalesce(-sum(amount) filter (where line_type = 'gateway_fee'), 0)::bigint as gateway_fees,
        count(*) as line_count,
        max(computed_at) as computed_at
    from new_lines
    group by party, settlement_week, business_week
)
select
    a.party,
    a.party = 'house' as is_house,
    case when a.party = 'house' then null else a.party::uuid end as seller_id,
    a.settlement_week,
    a.business_week,
    {% if since -%}
    a.gross + coalesce(t.gross, 0) as gross,
    a.refunds + coalesce(t.refunds, 0) as refunds,
    a.gateway_fees + coalesce(t.gateway_fees, 0) as gateway_fees,
    a.line_count + coalesce(t.line_count, 0) as line_count,
    {%- else -%}
    a.gross,
    a.refunds,
    a.gateway_fees,
    a.line_count,
    {%- endif %}
    a.computed_at
from added as a
{% if since -%}
left join {{ this }} as t
    on t.party = a.party and t.settlement_week = a.settlement_week
    and t.business_week = a.business_week
{%- endif %}
