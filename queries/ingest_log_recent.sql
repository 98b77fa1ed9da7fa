-- The most recent files loaded into the warehouse.
-- params: $limit
-- grain: one row per file loaded
with final as (
    select loaded_at, format, file, rows_loaded, rows_replaced, sha256, batch_id
    from ingest_log
    order by loaded_at desc, ingest_id desc
    limit $limit
)
select * from final
