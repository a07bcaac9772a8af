package dev.tapedeck.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

/** Reads nullable columns of a result row. */
final class Rows {
    private Rows() {
    }

    static Long getLong(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    static Integer getInt(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }

    static Instant getInstant(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : Micros.toInstant(value);
    }

    static Boolean getBoolean(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value != 0;
    }
}
