{# Layer schemas by their plain names (staging, finance, ...) instead of dbt's
   "<target>_<custom>" so analysts find marts where the docs say they are. #}
{% macro generate_schema_name(custom_schema_name, node) -%}
    {{ custom_schema_name | trim if custom_schema_name is not none else target.schema }}
{%- endmacro %}
