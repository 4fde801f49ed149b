-- Test-only migration: proves that later migrations apply on top of existing data.
ALTER TABLE ledger ADD COLUMN note TEXT;
UPDATE ledger SET note = 'migrated';
