-- wallet.reconciliation_completed: the wallet's daily proof of its ledger.
select
    event_id,
    landing_id,
    {{ p_uuid('run_id') }} as run_id,
    {{ p_date('run_date') }} as run_date,
    {{ p_int('accounts_checked') }} as accounts_checked,
    {{ p_int('transactions_checked') }} as transactions_checked,
    {{ p_bigint('postings_sum') }} as postings_sum,
    {{ p_int('findings') }} as findings,
    {{ p_bool('ok') }} as ok,
    {{ p_ts('completed_at') }} as completed_at
from {{ source('raw', 'events') }}
where event_type = 'wallet.reconciliation_completed'
