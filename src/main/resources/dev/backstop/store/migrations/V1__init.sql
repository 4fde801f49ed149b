-- Backstop schema version 1. Times are epoch milliseconds (UTC); *_key columns are lower-cased lookup keys.

CREATE TABLE ledger (
    id              INTEGER PRIMARY KEY,
    time_ms         INTEGER NOT NULL,
    queue_id        TEXT,
    message_id      TEXT,
    message_id_key  TEXT,
    envelope_sender TEXT NOT NULL,
    unsigned_sender TEXT NOT NULL,
    source          TEXT NOT NULL,
    dkim_b          TEXT
);
CREATE INDEX ledger_message_id ON ledger(message_id_key);
CREATE INDEX ledger_queue_id ON ledger(queue_id);
CREATE INDEX ledger_time ON ledger(time_ms);

CREATE TABLE ledger_recipient (
    ledger_id     INTEGER NOT NULL REFERENCES ledger(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    recipient     TEXT NOT NULL,
    recipient_key TEXT NOT NULL,
    PRIMARY KEY (ledger_id, position)
) WITHOUT ROWID;
CREATE INDEX ledger_recipient_key ON ledger_recipient(recipient_key);

CREATE TABLE quarantine (
    id              INTEGER PRIMARY KEY,
    time_ms         INTEGER NOT NULL,
    envelope_sender TEXT NOT NULL,
    sender_key      TEXT NOT NULL,
    message_id      TEXT,
    message_id_key  TEXT,
    subject         TEXT,
    verdict         TEXT NOT NULL,
    evidence        TEXT NOT NULL,
    size            INTEGER NOT NULL,
    status          TEXT NOT NULL CHECK (status IN ('HELD', 'RELEASED', 'DELETED')),
    released_by     TEXT,
    released_at_ms  INTEGER
);
CREATE INDEX quarantine_time ON quarantine(time_ms);
CREATE INDEX quarantine_sender ON quarantine(sender_key);
CREATE INDEX quarantine_message_id ON quarantine(message_id_key);
CREATE INDEX quarantine_status ON quarantine(status, time_ms);

CREATE TABLE quarantine_recipient (
    quarantine_id INTEGER NOT NULL REFERENCES quarantine(id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    recipient     TEXT NOT NULL,
    recipient_key TEXT NOT NULL,
    PRIMARY KEY (quarantine_id, position)
) WITHOUT ROWID;
CREATE INDEX quarantine_recipient_key ON quarantine_recipient(recipient_key);

-- Raw bytes apart from the index, so listing never reads message bodies.
CREATE TABLE quarantine_raw (
    quarantine_id INTEGER PRIMARY KEY REFERENCES quarantine(id) ON DELETE CASCADE,
    raw           BLOB NOT NULL
);

CREATE TABLE event (
    id      INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    type    TEXT NOT NULL,
    summary TEXT NOT NULL,
    detail  TEXT NOT NULL
);
CREATE INDEX event_time ON event(time_ms);
CREATE INDEX event_type_time ON event(type, time_ms);

CREATE TABLE audit (
    id      INTEGER PRIMARY KEY,
    time_ms INTEGER NOT NULL,
    actor   TEXT NOT NULL,
    action  TEXT NOT NULL,
    target  TEXT NOT NULL
);
CREATE INDEX audit_time ON audit(time_ms);
