{# Money columns that can never be negative (dbt-utils is not installed: no network). #}
{% test non_negative(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0
{% endtest %}
