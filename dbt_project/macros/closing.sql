{# Closed settlement weeks (DOMAIN "Settlement weeks close").

   The `closing` schema is the immutable record of every settled week: the figures pushed to
   payment, and which settlement lines made them. It is not a model — no `--full-refresh` may
   rebuild it — but a source the finance models read: settlement_lines assigns a line to the
   first week still open, and the marts show a closed week from this record, so a closed week's
   figures never change and a full rebuild reproduces every line's week.

   assets/closing.py writes it (the `settlement_close` asset); nothing updates or deletes it: a
   trigger refuses UPDATE, DELETE and TRUNCATE. Created here, at the start of every dbt run, so
   the models can read it on a fresh database. #}

{% macro ensure_closing_tables() -%}
{%- if execute -%}{{ drop_settlement_models_of_an_older_layout() }}{%- endif %}
do $closing$
begin
    -- one creator at a time: two first runs at once would both create the schema
    perform pg_advisory_xact_lock(hashtext('lakoo:closing-ddl'));
    create schema if not exists closing;
    create table if not exists closing.weeks (
        settlement_week date primary key,
        closed_at timestamptz not null,
        closed_by text not null,
        sellers integer not null,
        lines integer not null,
        late_lines integer not null
    );
    create table if not exists closing.seller_settlements (
        settlement_key text primary key,
        settlement_id uuid not null unique,
        seller_id uuid not null,
        settlement_week date not null references closing.weeks,
        settlement_week_end date not null,
        gross bigint not null,
        refunds bigint not null,
        gateway_fees bigint not null,
        commission_rate_bps integer not null,
        commission bigint not null,
        carried_over_in bigint not null,
        net bigint not null,
        payout bigint not null,
        carried_over_out bigint not null,
        carry_due boolean not null,
        carry_since date,
        previous_week date,
        line_count bigint not null,
        late_line_count bigint not null,
        late_amount bigint not null,
        closed_at timestamptz not null,
        unique (seller_id, settlement_week)
    );
    create table if not exists closing.house_settlements (
        settlement_week date primary key references closing.weeks,
        settlement_week_end date not null,
        gross bigint not null,
        refunds bigint not null,
        gateway_fees bigint not null,
        net bigint not null,
        line_count bigint not null,
        late_line_count bigint not null,
        closed_at timestamptz not null
    );
    create table if not exists closing.settled_lines (
        line_id text primary key,
        settlement_week date not null references closing.weeks
    );
    -- what payment accepted (2xx), so a refused or unreachable week is pushed again next run
    create table if not exists closing.settlement_pushes (
        settlement_key text primary key references closing.seller_settlements,
        payment_settlement_id uuid not null,
        payment_number text not null,
        pushed_at timestamptz not null
    );
    create or replace function closing.refuse_change() returns trigger language plpgsql as $f$
    begin
        raise exception 'closing.% is the immutable record of settled weeks (% refused)',
            tg_table_name, tg_op;
    end
    $f$;
    if not exists (
        select from pg_trigger where tgname = 'closing_immutable_rows'
            and tgrelid = 'closing.settlement_pushes'::regclass
    ) then
        execute (
            select string_agg(format(
                'create trigger closing_immutable_rows before update or delete on closing.%I'
                ' for each row execute function closing.refuse_change();'
                ' create trigger closing_immutable_table before truncate on closing.%I'
                ' for each statement execute function closing.refuse_change();', t, t), ' ')
            from unnest(array['weeks', 'seller_settlements', 'house_settlements',
                              'settled_lines', 'settlement_pushes']) as t
        );
    end if;
end
$closing$
{%- endmacro %}

{# Before weeks closed, settlement_lines had no business_week and int_settlement_weeks summed per
   week only. Built by that layout (and with nothing closed yet, so nothing is lost: both are
   derived from raw.events), they are dropped so this run builds them anew. #}
{% macro drop_settlement_models_of_an_older_layout() %}
    {%- set lines = adapter.get_relation(database=target.database, schema='finance',
                                         identifier='settlement_lines') -%}
    {%- if lines is not none -%}
        {%- set names = adapter.get_columns_in_relation(lines) | map(attribute='name') | list -%}
        {%- if 'business_week' not in names -%}
            {%- do log('settlement models of the layout before closed weeks: rebuilding them', info=true) -%}
            {%- do adapter.drop_relation(lines) -%}
            {%- set sums = adapter.get_relation(database=target.database, schema='intermediate',
                                                identifier='int_settlement_weeks') -%}
            {%- if sums is not none -%}{%- do adapter.drop_relation(sums) -%}{%- endif -%}
        {%- endif -%}
    {%- endif -%}
{% endmacro %}

{# Taken by settlement_lines (a pre-hook, inside its transaction) and by the closing: a line is
   never written to a week while that week is being closed. #}
{% macro settlement_close_lock() -%}
    select pg_advisory_xact_lock(hashtext('lakoo:settlement-close'))
{%- endmacro %}
