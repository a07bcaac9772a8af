package dev.tapedeck.store;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A few read connections, opened on demand and lent to one caller at a time. Reads in WAL mode see
 * the last committed state and never block the writer. A caller that finds every connection lent
 * waits for one to come back.
 */
final class ReadPool implements AutoCloseable {
    private static final long BORROW_TIMEOUT_SECONDS = 30;

    @FunctionalInterface
    interface SqlWork<T> {
        T apply(SqlConnection connection) throws SQLException;
    }

    /** Opens one more read connection: {@link Connector#openReader} or {@link Connector#openQueryOnly}. */
    @FunctionalInterface
    interface Opener {
        java.sql.Connection open() throws SQLException;
    }

    private final Connector connector;
    private final Opener opener;
    private final int size;
    private final BlockingQueue<SqlConnection> idle;
    /** Connections opened so far; grows up to size, incremented by borrowing threads. */
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();

    ReadPool(Connector connector, int size, Opener opener) {
        this.connector = connector;
        this.opener = opener;
        this.size = size;
        this.idle = new ArrayBlockingQueue<>(size);
    }

    /** Takes a connection opened by the caller into the pool, as if the pool had opened it. */
    void adopt(SqlConnection connection) {
        opened.incrementAndGet();
        giveBack(connection);
    }

    /** Runs work on a read connection; what describes the work for the error message. */
    <T> T read(String what, SqlWork<T> work) {
        SqlConnection connection = borrow(what);
        try {
            return work.apply(connection);
        } catch (SQLException e) {
            throw new StoreException(what + " failed: " + SqlMessages.of(e), e);
        } finally {
            giveBack(connection);
        }
    }

    private SqlConnection borrow(String what) {
        if (closed.get()) {
            throw new StoreException(what + " failed: the database " + connector.location() + " is closed");
        }
        SqlConnection connection = idle.poll();
        if (connection != null) {
            return connection;
        }
        if (opened.incrementAndGet() <= size) {
            try {
                return new SqlConnection(opener.open());
            } catch (SQLException e) {
                opened.decrementAndGet();
                throw new StoreException(what + " failed: open read connection to " + connector.location()
                        + ": " + SqlMessages.of(e), e);
            }
        }
        opened.decrementAndGet();
        try {
            connection = idle.poll(BORROW_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(what + " interrupted while waiting for a read connection", e);
        }
        if (connection == null) {
            throw new StoreException(what + " failed: no read connection free after " + BORROW_TIMEOUT_SECONDS + " s");
        }
        return connection;
    }

    private void giveBack(SqlConnection connection) {
        if (closed.get() || !idle.offer(connection)) {
            closeQuietly(connection);
        }
    }

    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        List<SqlConnection> connections = new ArrayList<>();
        idle.drainTo(connections);
        connections.forEach(ReadPool::closeQuietly);
    }

    private static void closeQuietly(SqlConnection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Nothing was written through this connection; a failed close loses nothing.
        }
    }
}
