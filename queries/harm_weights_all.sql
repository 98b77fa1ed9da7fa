-- The crime-harm weights in days with their sources (SVD_HARM_WEIGHTS, loaded at build).
-- params: none
-- grain: one row per key type x offence key
-- disclosure: none reason=reference weights, no counts
with final as (
    select key_type, offence_key, description, harm_weight_days, source, basis, checked, harm_index,
        source_url, value_found, verification_note
    from harm_weights
)
select * from final order by key_type, offence_key
