-- The strategy's own machinery (issue #14): the delivery plan, the commissioning fund, Offensive
-- Weapons Homicide Reviews and the training programme, loaded from the coordinators' workbooks
-- (warehouse/formats.py, one sheet per table). Each load of a sheet replaces its table: `snapshot`
-- holds the format's name and is the replace key. Counts about people (deaths reviewed, people
-- referred or reached) are shown only through the people disclosure rule (docs/DISCLOSURE.md).

create table if not exists delivery_actions (
    snapshot           varchar not null,   -- 'delivery-actions'
    action_id          varchar not null,
    action             varchar not null,   -- what will be done
    pillar             varchar not null,   -- prevent | respond | long_term_support
    strategic_priority varchar not null,
    level              varchar not null,   -- universal | selected | indicated
    lead_agency        varchar not null,
    owner              varchar not null,
    start_date         date not null,
    due_date           date not null,
    status             varchar not null,   -- not_started | on_track | at_risk | off_track | complete
    latest_update      varchar,
    status_date        date not null,      -- when the status and update were last reviewed
    line_number        integer not null,   -- row of the sheet (the plan's own order)
    ingest_id          integer not null
);

-- The outcome indicators (reference/indicators.csv) each action is meant to move.
create table if not exists delivery_action_indicators (
    snapshot     varchar not null,   -- 'delivery-actions': cleared with the actions
    action_id    varchar not null,
    indicator_id varchar not null
);

create table if not exists delivery_milestones (
    snapshot       varchar not null,   -- 'delivery-milestones'
    action_id      varchar not null,
    milestone      varchar not null,
    due_date       date not null,
    completed_date date,
    ingest_id      integer not null
);

-- Status updates written on the Delivery page (warehouse/delivery.py), append-only: a new update is
-- a new row, the latest statement about an action (here or in the workbook) is the one shown.
-- warehouse/build.py copies the table over on a rebuild (PRESERVED_TABLES). UUID keys so that
-- copied rows never collide with new ones.
create table if not exists delivery_action_updates (
    update_id   varchar primary key default (uuid()::varchar),
    action_id   varchar not null,
    status      varchar not null,
    update_text varchar not null,
    author      varchar not null,
    written_at  timestamp not null default (current_timestamp::timestamp)
);

-- Every statement about an action's status: the workbook's (as at its status date) and each update
-- written on the page. The newest is current; on the same day an update written on the page wins
-- (it was written after the coordinator's review), and among page updates the latest time wins.
create or replace view delivery_action_statements as
select action_id, status, latest_update as update_text, status_date::timestamp as stated_at,
    'Delivery plan workbook (' || owner || ')' as author, 'workbook' as stated_in, 0 as same_day_rank
from delivery_actions
union all
select action_id, status, update_text, written_at, author, 'page', 1
from delivery_action_updates;

create or replace view delivery_action_current as
select * exclude (statement_rank) from (
    select *, row_number() over (partition by action_id
                                 order by stated_at::date desc, same_day_rank desc, stated_at desc) as statement_rank
    from delivery_action_statements
    where action_id in (select action_id from delivery_actions)
) where statement_rank = 1;

create table if not exists fund_budget (
    snapshot       varchar not null,   -- 'fund-budget'
    financial_year varchar not null,   -- '2025/26'
    source         varchar not null,   -- home_office | pcc_match | partner
    funder         varchar not null,
    amount_gbp     double not null,
    note           varchar,
    ingest_id      integer not null
);

create table if not exists fund_projects (
    snapshot      varchar not null,   -- 'fund-projects'
    project_id    varchar not null,
    project_name  varchar not null,
    provider      varchar not null,
    pillar        varchar not null,
    level         varchar not null,
    district_code varchar not null,   -- a Warwickshire district, or E10000031 county-wide
    start_date    date not null,
    end_date      date not null,
    ingest_id     integer not null
);

create table if not exists fund_quarters (
    snapshot       varchar not null,   -- 'fund-quarters'
    project_id     varchar not null,
    financial_year varchar not null,
    quarter        varchar not null,   -- Q1 (Apr-Jun) .. Q4 (Jan-Mar)
    committed_gbp  double not null,
    spent_gbp      double,             -- null until claimed
    people_reached integer,            -- people rule when shown
    ingest_id      integer not null
);

-- One row per death considered for an Offensive Weapons Homicide Review: pseudonymised.
create table if not exists owhr_reviews (
    snapshot                  varchar not null,   -- 'owhr-reviews'
    review_id                 varchar not null,
    crime_reference           varchar,            -- force_extract_rows.crime_reference where known
    aware_date                date not null,
    review_required           varchar not null,   -- pending | yes | no
    decision_date             date,
    not_required_reason       varchar,
    home_office_notified_date date,
    stage                     varchar not null,   -- awaiting_decision | not_required | in_progress | draft_report | completed
    review_partners           varchar,
    completed_date            date,
    ingest_id                 integer not null
);

create table if not exists owhr_recommendations (
    snapshot          varchar not null,   -- 'owhr-recommendations'
    review_id         varchar not null,
    recommendation_id varchar not null,
    recommendation    varchar not null,
    owner             varchar not null,
    due_date          date not null,
    status            varchar not null,
    completed_date    date,
    ingest_id         integer not null
);

create table if not exists training_sessions (
    snapshot              varchar not null,   -- 'training-sessions'
    session_id            varchar not null,
    session_date          date not null,
    agency                varchar not null,
    district_code         varchar not null,
    topic                 varchar not null,
    delivery_mode         varchar not null,
    practitioners_trained integer not null,
    ingest_id             integer not null
);

create table if not exists training_referrals (
    snapshot      varchar not null,   -- 'training-referrals'
    month         date not null,
    agency        varchar not null,
    district_code varchar not null,
    referrals     integer not null,   -- people referred: people rule when shown
    ingest_id     integer not null
);

-- Project reference (reference/delivery_*.csv), loaded on every build by warehouse/catalogue.py
-- through warehouse/delivery.py like the other project tables.

-- The review deadlines as a settings table: each stage is due `amount` `unit`s after `starts_from`.
create table if not exists delivery_review_deadlines (
    deadline      varchar primary key,   -- decision | home_office_notification | completion
    label         varchar not null,
    starts_from   varchar not null,      -- aware_date | decision_date
    amount        integer not null,
    unit          varchar not null,      -- day | month
    display_order integer not null,
    source        varchar not null,
    source_url    varchar not null,
    basis         varchar not null,
    checked       varchar not null       -- yes only when read in the guidance text itself
);

-- Labels and order of every code the Delivery page shows (pillar, level, status, ...).
create table if not exists delivery_labels (
    kind          varchar not null,
    code          varchar not null,
    label         varchar not null,
    display_order integer not null,
    description   varchar not null,
    primary key (kind, code)
);

-- Definitions of the Delivery page's numbers, shown one click from each (same shape as measures).
create table if not exists delivery_definitions (
    measure     varchar primary key,
    label       varchar not null,
    definition  varchar not null,
    numerator   varchar not null,
    denominator varchar not null,
    source      varchar not null,
    suppression varchar not null
);
