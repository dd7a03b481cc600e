{# Business calendar helpers: LAKOO's days and weeks are Asia/Jakarta (WIB). #}
{% macro wib_date(ts) -%}
    (({{ ts }}) at time zone 'Asia/Jakarta')::date
{%- endmacro %}

{% macro wib_week(ts) -%}
    date_trunc('week', ({{ ts }}) at time zone 'Asia/Jakarta')::date
{%- endmacro %}

{% macro settle_through() -%}
    {%- if var('settle_through') -%} '{{ var("settle_through") }}'::date
    {%- else -%} (now() at time zone 'Asia/Jakarta')::date {%- endif -%}
{%- endmacro %}

{% macro as_of() -%}
    {%- if var('as_of') -%} '{{ var("as_of") }}'::timestamptz
    {%- else -%} now() {%- endif -%}
{%- endmacro %}
