-- Schema version 3: outbound containment (issue 4). Sources are stored as printed ("script 33:/var/www/x.php").

-- Admin and policy marks on a source: frozen (all new mail held) and allow-listed (never contained).
CREATE TABLE source_mark (
    source   TEXT PRIMARY KEY,
    frozen   INTEGER NOT NULL DEFAULT 0,
    allowed  INTEGER NOT NULL DEFAULT 0,
    actor    TEXT NOT NULL,
    time_ms  INTEGER NOT NULL,
    reason   TEXT NOT NULL DEFAULT ''
) WITHOUT ROWID;

-- One row per incident; counts are updated while it is open. Sample holds headers only, never a body.
CREATE TABLE incident (
    id            INTEGER PRIMARY KEY,
    source        TEXT NOT NULL,
    reason        TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('OPEN', 'RESOLVED')),
    opened_ms     INTEGER NOT NULL,
    last_ms       INTEGER NOT NULL,
    messages      INTEGER NOT NULL,
    held          INTEGER NOT NULL,
    recipients    INTEGER NOT NULL,
    initial_count INTEGER NOT NULL,
    top_domains   TEXT NOT NULL,
    subject       TEXT NOT NULL,
    sample        TEXT NOT NULL,
    resolved_ms   INTEGER,
    resolved_by   TEXT
);
CREATE INDEX incident_status ON incident(status, id);
CREATE INDEX incident_source ON incident(source, status);

-- Queue ids of the mail an incident put on hold, and what became of them.
CREATE TABLE incident_held (
    incident_id INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    queue_id    TEXT NOT NULL,
    state       TEXT NOT NULL CHECK (state IN ('HELD', 'RELEASED', 'PURGED')),
    time_ms     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, queue_id)
) WITHOUT ROWID;

-- Alerts already sent, so an incident never alerts twice for one kind, even across a restart.
CREATE TABLE incident_alert (
    incident_id INTEGER NOT NULL REFERENCES incident(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    time_ms     INTEGER NOT NULL,
    PRIMARY KEY (incident_id, kind)
) WITHOUT ROWID;
