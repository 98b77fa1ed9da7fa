-- The project's own editable reference tables (reference/*.csv), loaded on every build by
-- warehouse/catalogue.py like the indicator catalogue; pages read them through named queries.

-- One row per data.police.uk crime type: the offence group it counts in (reference/offence_groups.csv).
create table if not exists offence_groups (
    crime_type          varchar primary key,
    offence_group       varchar not null,
    offence_group_label varchar not null,
    is_serious_violence boolean not null,
    definition          varchar not null
);

-- What users choose in the offence filter (reference/offence_selectors.csv): a selector is one
-- offence group or several ('serious_violence' = the three serious-violence groups).
create table if not exists offence_selectors (
    selector      varchar primary key,
    label         varchar not null,
    display_order integer not null
);

-- Which offence groups each selector counts: queries join this instead of repeating a predicate.
create table if not exists offence_selector_members (
    selector      varchar not null,
    offence_group varchar not null,
    primary key (selector, offence_group)
);

-- Definitions of the headline measures (reference/measures.csv), shown one click from each number.
create table if not exists measures (
    measure     varchar primary key,
    label       varchar not null,
    definition  varchar not null,
    numerator   varchar not null,
    denominator varchar not null,
    source      varchar not null,
    suppression varchar not null
);

-- Crime-harm weights in days (SVD_HARM_WEIGHTS, default reference/harm_weights.csv), each with
-- its source; keyed by Home Office offence code (force extract) or police.uk crime type.
create table if not exists harm_weights (
    key_type         varchar not null,   -- ho_offence_code | crime_type
    offence_key      varchar not null,
    description      varchar not null,
    harm_weight_days double not null,
    source           varchar not null,
    basis            varchar not null,
    checked          varchar not null,   -- yes only when traced to the published value
    harm_index       varchar,            -- CCHI (Cambridge Crime Harm Index) or CSS (ONS Crime Severity Score)
    source_url       varchar,
    value_found      varchar,            -- the published value, where it was found
    verification_note varchar,           -- what was and was not verified
    primary key (key_type, offence_key)
);
