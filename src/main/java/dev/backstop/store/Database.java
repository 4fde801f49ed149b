package dev.backstop.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.sqlite.SQLiteConfig;

/**
 * The SQLite connections: one writer guarded by a lock (SQLite allows one writer at a time anyway, and a Java
 * lock queues fairly where SQLite's busy handler would spin) plus a few read-only connections that WAL lets
 * run beside the writer. Statements are prepared once per connection and reused.
 */
final class Database implements AutoCloseable {
    /** How long a caller waits for another process (the CLI) holding the write lock. */
    static final int BUSY_TIMEOUT_MS = 5_000;

    private final Path file;
    private final Conn writer;
    private final ReentrantLock writeLock = new ReentrantLock(true);
    private final ConcurrentLinkedQueue<Pending<?>> pending = new ConcurrentLinkedQueue<>();
    private static final int MAX_GROUP = 256;
    private final BlockingQueue<Conn> readers;
    private final List<Conn> allReaders = new ArrayList<>();
    private volatile boolean closed;

    Database(Path file, Durability durability, int readerCount) {
        this.file = file;
        try {
            SQLiteConfig config = baseConfig();
            config.setSynchronous(durability == Durability.FULL
                    ? SQLiteConfig.SynchronousMode.FULL : SQLiteConfig.SynchronousMode.NORMAL);
            // Transactions are begun and ended by hand (see write/read): a driver-managed transaction would be
            // re-opened right after each commit and keep the write lock (or an old WAL snapshot) while idle.
            this.writer = new Conn(config.createConnection(url()));
            this.readers = new ArrayBlockingQueue<>(readerCount);
        } catch (SQLException e) {
            throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
        try {
            for (int i = 0; i < readerCount; i++) {
                Connection r = baseConfig().createConnection(url());
                try (Statement s = r.createStatement()) {
                    s.execute("PRAGMA query_only = ON");
                }
                Conn c = new Conn(r);
                allReaders.add(c);
                readers.add(c);
            }
        } catch (SQLException e) {
            close();
            throw new StoreException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
        }
    }

    private static SQLiteConfig baseConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        // Ids come from last_insert_rowid() where needed; the driver's generated keys would run one more query
        // after every INSERT (one per recorded message in the milter's hot path).
        config.setGetGeneratedKeys(false);
        return config;
    }

    private String url() {
        return "jdbc:sqlite:" + file.toAbsolutePath();
    }

    Path file() {
        return file;
    }

    /** Runs {@code work} in one write transaction: committed when it returns, rolled back when it throws. */
    <T> T write(String what, Work<T> work) {
        writeLock.lock();
        try {
            checkOpen();
            try {
                // IMMEDIATE takes the write lock at BEGIN, so a transaction never fails half-way on a lock upgrade.
                writer.exec("BEGIN IMMEDIATE");
            } catch (SQLException e) {
                throw new StoreException(what + " failed: " + e.getMessage(), e);
            }
            try {
                T result = work.run(writer);
                writer.exec("COMMIT");
                return result;
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(writer, e);
                if (e instanceof StoreException se) {
                    throw se;
                }
                throw new StoreException(what + " failed: " + e.getMessage(), e);
            }
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Like {@link #write} but commits together with other callers waiting at the same moment (group commit):
     * with {@code synchronous=FULL} one fsync then serves a whole batch, so 200 milter sessions recording
     * their messages do not queue for 200 fsyncs. Each work runs in its own savepoint, so one failure does
     * not undo the others; every caller returns only after the commit that holds its row.
     */
    <T> T writeGrouped(String what, Work<T> work) {
        Pending<T> mine = new Pending<>(what, work);
        pending.add(mine);
        writeLock.lock();
        try {
            while (!mine.done) {
                checkOpen();
                commitBatch();
            }
        } finally {
            writeLock.unlock();
        }
        return mine.result();
    }

    private void commitBatch() {
        List<Pending<?>> batch = new ArrayList<>();
        for (Pending<?> p; batch.size() < MAX_GROUP && (p = pending.poll()) != null; ) {
            batch.add(p);
        }
        try {
            writer.exec("BEGIN IMMEDIATE");
        } catch (SQLException e) {
            batch.forEach(p -> p.fail(new StoreException(p.what + " failed: " + e.getMessage(), e)));
            return;
        }
        if (batch.size() == 1) {
            // Alone in its batch (the usual case below a few hundred messages a second): the transaction is
            // its savepoint, so two statements fewer per message.
            Pending<?> p = batch.get(0);
            try {
                p.run(writer);
                writer.exec("COMMIT");
                p.succeed();
            } catch (SQLException | RuntimeException e) {
                rollbackQuietly(writer, e);
                p.fail(e instanceof StoreException se ? se : new StoreException(p.what + " failed: " + e.getMessage(), e));
            }
            return;
        }
        for (Pending<?> p : batch) {
            try {
                writer.exec("SAVEPOINT grouped");
                p.run(writer);
                writer.exec("RELEASE grouped");
            } catch (SQLException | RuntimeException e) {
                try {
                    writer.exec("ROLLBACK TO grouped");
                    writer.exec("RELEASE grouped");
                } catch (SQLException inner) {
                    e.addSuppressed(inner);
                }
                p.fail(e instanceof StoreException se ? se : new StoreException(p.what + " failed: " + e.getMessage(), e));
            }
        }
        try {
            writer.exec("COMMIT");
            batch.forEach(Pending::succeed);
        } catch (SQLException e) {
            rollbackQuietly(writer, e);
            batch.forEach(p -> p.fail(new StoreException(p.what + " failed at commit: " + e.getMessage(), e)));
        }
    }

    /** One caller's work waiting for a group commit; fields are only touched under the write lock. */
    private static final class Pending<T> {
        final String what;
        private final Work<T> work;
        private T value;
        private StoreException failure;
        boolean done;

        Pending(String what, Work<T> work) {
            this.what = what;
            this.work = work;
        }

        void run(Conn c) throws SQLException {
            value = work.run(c);
        }

        void fail(StoreException e) {
            failure = e;
            done = true;
        }

        void succeed() {
            if (!done) {
                done = true;
            }
        }

        T result() {
            if (failure != null) {
                throw failure;
            }
            return value;
        }
    }

    /** Runs {@code work} on a reader connection; each statement sees a committed snapshot. */
    <T> T read(String what, Work<T> work) {
        checkOpen();
        Conn c;
        try {
            c = readers.poll(BUSY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " interrupted", e);
        }
        if (c == null) {
            throw new StoreException(what + " failed: no reader connection free within " + BUSY_TIMEOUT_MS + " ms");
        }
        try {
            // One read transaction, so a row and its recipients come from the same snapshot.
            c.exec("BEGIN");
            T result = work.run(c);
            c.exec("COMMIT");
            return result;
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(c, e);
            if (e instanceof StoreException se) {
                throw se;
            }
            throw new StoreException(what + " failed: " + e.getMessage(), e);
        } finally {
            readers.add(c);
        }
    }

    private static void rollbackQuietly(Conn c, Exception cause) {
        try {
            c.exec("ROLLBACK");
        } catch (SQLException e) {
            // "no transaction is active" when BEGIN itself failed or COMMIT already ended it
            cause.addSuppressed(e);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new StoreException("store is closed");
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Conn c : allReaders) {
                c.closeQuietly();
            }
            if (writer != null) {
                writer.closeQuietly();
            }
        } finally {
            writeLock.unlock();
        }
    }

    /** Binds a string that may be null as SQL NULL. */
    static void setNullable(PreparedStatement ps, int index, String value) throws SQLException {
        if (value == null) {
            ps.setNull(index, java.sql.Types.VARCHAR);
        } else {
            ps.setString(index, value);
        }
    }

    /** The single number a {@code SELECT count(*)} answers. */
    static long single(PreparedStatement ps) throws SQLException {
        try (java.sql.ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @FunctionalInterface
    interface Work<T> {
        T run(Conn c) throws SQLException;
    }

    /** One JDBC connection and its prepared statements, used by one thread at a time. */
    static final class Conn {
        final Connection connection;
        private final Map<String, PreparedStatement> statements = new HashMap<>();

        Conn(Connection connection) {
            this.connection = connection;
        }

        PreparedStatement prepare(String sql) throws SQLException {
            PreparedStatement ps = statements.get(sql);
            if (ps == null) {
                ps = connection.prepareStatement(sql);
                statements.put(sql, ps);
            } else {
                ps.clearParameters();
            }
            return ps;
        }

        void exec(String sql) throws SQLException {
            prepare(sql).execute();
        }

        long lastInsertId() throws SQLException {
            try (var rs = prepare("SELECT last_insert_rowid()").executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }

        void closeQuietly() {
            for (PreparedStatement ps : statements.values()) {
                try {
                    ps.close();
                } catch (SQLException ignored) {
                    // closing anyway
                }
            }
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing anyway
            }
        }
    }
}
