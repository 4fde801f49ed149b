package dev.backstop.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forward-only schema migrations, applied at open. Each migration runs in its own transaction together with
 * its {@code schema_version} row, so a crash mid-migration leaves the previous version intact. A database
 * newer than the code is refused rather than guessed at.
 */
final class Migrations {
    private static final Logger log = LoggerFactory.getLogger(Migrations.class);

    /** Every migration this code knows, in order. Add new files here; never edit a released one. */
    static final List<String> FILES = List.of("V1__init.sql", "V2__delivery.sql", "V3__containment.sql");

    private final List<Migration> migrations;

    Migrations(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1..n without gaps");
            }
        }
        this.migrations = List.copyOf(migrations);
    }

    static Migrations builtIn() {
        return fromResources(FILES);
    }

    static Migrations fromResources(List<String> files) {
        List<Migration> list = new ArrayList<>();
        for (String file : files) {
            list.add(load(file));
        }
        return new Migrations(list);
    }

    private static Migration load(String file) {
        int sep = file.indexOf("__");
        if (!file.startsWith("V") || sep < 2 || !file.endsWith(".sql")) {
            throw new IllegalArgumentException("bad migration file name " + file);
        }
        int version = Integer.parseInt(file.substring(1, sep));
        String name = file.substring(sep + 2, file.length() - 4);
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + file)) {
            if (in == null) {
                throw new IllegalStateException("migration resource missing: " + file);
            }
            return new Migration(version, name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read migration " + file, e);
        }
    }

    int latest() {
        return migrations.size();
    }

    /** Brings the database to {@link #latest()}, returning the version it is at afterwards. */
    int apply(Database db) {
        int current = db.write("read schema version", c -> {
            try (Statement s = c.connection.createStatement()) {
                s.execute("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at_ms INTEGER NOT NULL)");
                try (var rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
                    rs.next();
                    return rs.getInt(1);
                }
            }
        });
        if (current > latest()) {
            throw new StoreException("database " + db.file() + " has schema version " + current
                    + " but this Backstop only knows versions up to " + latest()
                    + "; it was written by a newer Backstop: upgrade Backstop (or restore a backup made for this"
                    + " version); the database was not changed");
        }
        for (Migration m : migrations.subList(current, migrations.size())) {
            db.write("migration V" + m.version() + " " + m.name(), c -> {
                try (Statement s = c.connection.createStatement()) {
                    for (String statement : statements(m.sql())) {
                        s.execute(statement);
                    }
                }
                var ps = c.prepare("INSERT INTO schema_version(version, name, applied_at_ms) VALUES (?, ?, ?)");
                ps.setInt(1, m.version());
                ps.setString(2, m.name());
                ps.setLong(3, System.currentTimeMillis());
                ps.executeUpdate();
                return null;
            });
            log.info("store {}: applied schema migration V{} {}", db.file(), m.version(), m.name());
        }
        return latest();
    }

    /** Splits a migration on lines ending in ';' (our files hold no triggers or semicolons in literals). */
    static List<String> statements(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("--") || trimmed.isEmpty()) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                out.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            throw new SQLException("migration ends without ';': " + current.toString().strip());
        }
        return out;
    }
}
