-- The latest load of each delivery format (file or workbook sheet, when, rows), from the ingest log.
-- params: none
-- grain: one row per delivery format loaded
-- disclosure: none reason=the ingest log, no counts about people
with loads as (
    select format, file, loaded_at, rows_loaded,
        row_number() over (partition by format order by loaded_at desc, ingest_id desc) as load_rank
    from ingest_log
    where format in ('delivery-actions', 'delivery-milestones', 'fund-budget', 'fund-projects', 'fund-quarters',
                     'owhr-reviews', 'owhr-recommendations', 'training-sessions', 'training-referrals')
),
final as (
    select format, file, loaded_at, rows_loaded from loads where load_rank = 1
)
select * from final order by format
