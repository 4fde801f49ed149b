-- Test-only migration that fails half-way: the first statement must be rolled back with it.
CREATE TABLE half_done (x INTEGER);
INSERT INTO no_such_table VALUES (1);
