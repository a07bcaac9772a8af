package dev.tapedeck.store;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * A WHERE clause put together from fixed SQL fragments with {@code ?} placeholders and their
 * values. Only the values come from callers; the fragments are constants of this module.
 */
final class Where {
    private final StringBuilder sql = new StringBuilder(" WHERE 1 = 1");
    private final List<Object> values = new ArrayList<>();

    /** Adds "AND fragment" when value is not null. */
    Where andIf(Object value, String fragment) {
        return value == null ? this : and(fragment, value);
    }

    Where and(String fragment, Object... fragmentValues) {
        sql.append(" AND ").append(fragment);
        values.addAll(List.of(fragmentValues));
        return this;
    }

    /** Adds the keyset condition "(key, id) before the cursor" for a descending listing. */
    Where before(String keyColumn, String cursor) {
        if (cursor == null) {
            return this;
        }
        long[] position = Cursors.decode(cursor);
        return and("(" + keyColumn + " < ? OR (" + keyColumn + " = ? AND id < ?))",
                position[0], position[0], position[1]);
    }

    /** Adds the keyset condition "(key, id) after the cursor" for an ascending listing. */
    Where after(String keyColumn, String cursor) {
        if (cursor == null) {
            return this;
        }
        long[] position = Cursors.decode(cursor);
        return and("(" + keyColumn + " > ? OR (" + keyColumn + " = ? AND id > ?))",
                position[0], position[0], position[1]);
    }

    String sql() {
        return sql.toString();
    }

    /** The conditions alone, each starting with " AND ", to follow a WHERE of the caller's. */
    String andSql() {
        return sql.substring(" WHERE 1 = 1".length());
    }

    /** Binds the values from parameter 1; returns the next free parameter index. */
    int bind(PreparedStatement statement) throws SQLException {
        return bindFrom(statement, 1);
    }

    /** Binds the values from parameter first; returns the next free parameter index. */
    int bindFrom(PreparedStatement statement, int first) throws SQLException {
        int index = first;
        for (Object value : values) {
            statement.setObject(index++, value);
        }
        return index;
    }
}
