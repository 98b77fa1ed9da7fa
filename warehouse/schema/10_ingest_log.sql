-- One row per file loaded. A command that loads several files shares one batch_id; a refused
-- command writes nothing here (the whole command is one transaction).
create sequence if not exists ingest_id_seq start 1;

create table if not exists ingest_log (
    ingest_id     integer primary key default nextval('ingest_id_seq'),
    batch_id      varchar not null,      -- uuid of the command
    file          varchar not null,      -- path as given (zip members as archive.zip!member)
    sha256        varchar not null,
    format        varchar not null,      -- a name from warehouse/formats.py
    rows_loaded   bigint not null,
    rows_replaced bigint not null,       -- rows of earlier loads this file replaced
    loaded_at     timestamp not null
);
