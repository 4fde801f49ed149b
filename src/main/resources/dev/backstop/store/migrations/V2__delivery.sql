-- Schema version 2: delivery outcomes per queue id and recipient, read from the mail log (issue 4).
-- Not a foreign key to ledger: the log also reports mail that never passed the milter.

CREATE TABLE delivery (
    queue_id      TEXT NOT NULL,
    recipient_key TEXT NOT NULL,
    recipient     TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('SENT', 'DEFERRED', 'BOUNCED')),
    dsn           TEXT,
    detail        TEXT,
    time_ms       INTEGER NOT NULL,
    PRIMARY KEY (queue_id, recipient_key)
) WITHOUT ROWID;
CREATE INDEX delivery_time ON delivery(time_ms);
CREATE INDEX delivery_recipient ON delivery(recipient_key);
