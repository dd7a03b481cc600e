{# Views are rebuilt only when their SQL changed.

   dbt's own view materialization replaces every view on every run (create under a temporary
   name, swap, drop: five statements and catalog locks per view) though a view holds no data.
   Here a view records the md5 of the SQL it was built from in its comment; when the compiled
   SQL is unchanged (and no --full-refresh is asked) the run leaves it alone, otherwise dbt's
   standard materialization rebuilds it and the new fingerprint is recorded. #}
{% materialization view, adapter='postgres' %}
    {%- set fingerprint = 'lakoo:sql-md5=' ~ local_md5(sql) -%}
    {%- set existing = load_cached_relation(this) -%}
    {%- if existing is not none and existing.is_view and not should_full_refresh()
           and view_fingerprint(existing) == fingerprint -%}
        {%- call statement('main') -%}
            select 'view {{ this }} unchanged'
        {%- endcall -%}
        {{ return({'relations': [this.incorporate(type='view')]}) }}
    {%- endif -%}
    {%- set result = materialization_view_default() -%}
    {%- call statement('fingerprint') -%}
        comment on view {{ this }} is '{{ fingerprint }}'
    {%- endcall -%}
    {{ adapter.commit() }}
    {{ return(result) }}
{% endmaterialization %}

{% macro view_fingerprint(relation) -%}
    {%- set found = run_query(
        "select coalesce(obj_description('" ~ relation ~ "'::regclass, 'pg_class'), '')") -%}
    {{- return(found.columns[0].values()[0]) -}}
{%- endmacro %}
