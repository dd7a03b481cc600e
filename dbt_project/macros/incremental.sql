{# Where incremental models pick up: what each has already taken in. #}

{# The newest landing_id this incremental model has seen, as a literal: with a literal the
   planner range-scans the (event_type, landing_id) index; with a subquery it guesses and
   may scan all of raw.events. #}
{% macro watermark(column='landing_id', where='true') -%}
    {%- if execute and is_incremental() -%}
        {%- set result = run_query(
            'select coalesce(max(' ~ column ~ '), 0) from ' ~ this ~ ' where ' ~ where) -%}
        {{ result.columns[0].values()[0] }}
    {%- else -%} 0 {%- endif -%}
{%- endmacro %}

{# rows of a staging view landed after the newest one this incremental model has seen #}
{% macro landed_since_last_run(column='landing_id') -%}
    {%- if is_incremental() -%}
    where {{ column }} > {{ watermark() }}
    {%- endif -%}
{%- endmacro %}

{# For int_settlement_weeks: the computed_at up to which it has added settlement lines, or none
   (add up every line) on a first or full build, or when settlement_lines was rebuilt after. #}
{% macro lines_added_since() -%}
    {%- if execute and is_incremental() -%}
        {%- set found = run_query(
            "select t.since from (select max(computed_at) as since from " ~ this ~ ") as t"
            ~ " where t.since >= (select min(computed_at) from " ~ ref('settlement_lines') ~ ")") -%}
        {%- if found.rows | length > 0 and found.columns[0].values()[0] is not none -%}
            {{- return(found.columns[0].values()[0]) -}}
        {%- endif -%}
    {%- endif -%}
    {{- return(none) -}}
{%- endmacro %}
