{# Money columns that can never be negative (dbt-utils is not installed: no network). #}
{% test non_negative(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0
{% endtest %}

{# Rates and shares: between 0 and 1 (nulls allowed). #}
{% test share(model, column_name) %}
select * from {{ model }} where {{ column_name }} < 0 or {{ column_name }} > 1
{% endtest %}
