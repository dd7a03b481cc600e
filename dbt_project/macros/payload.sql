{# Typed reads from an event payload (jsonb); staging models are the only callers. #}
{% macro p_uuid(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::uuid {%- endmacro %}
{% macro p_text(field, doc='payload') -%} ({{ doc }}->>'{{ field }}') {%- endmacro %}
{% macro p_bigint(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::bigint {%- endmacro %}
{% macro p_int(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::integer {%- endmacro %}
{% macro p_ts(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::timestamptz {%- endmacro %}
{% macro p_date(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::date {%- endmacro %}
{% macro p_bool(field, doc='payload') -%} ({{ doc }}->>'{{ field }}')::boolean {%- endmacro %}
