package dev.tapedeck.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Prepares the one statement of {@code tapedeck db query}, refusing anything that is not a pure
 * read before it runs. A read-only connection is not enough on its own: {@code VACUUM INTO} opens
 * its target for writing whatever the connection's flags, and even with {@code query_only} on it
 * creates the file before it fails. So the statement is judged by what SQLite compiles it to, as
 * {@code sqlite3_stmt_readonly} does (which the driver does not expose): {@code EXPLAIN} gives its
 * program, and any opcode that writes, vacuums, checkpoints, changes the journal mode or the schema
 * refuses it, as do calls of {@code ATTACH}, {@code DETACH} and {@code load_extension}. Before that,
 * the text must be exactly one statement that begins with SELECT, WITH, VALUES, EXPLAIN or PRAGMA
 * NAME (a PRAGMA with a value or argument is refused before SQLite compiles it, because many
 * pragmas act while being compiled); after it, the statement must return columns.
 */
final class ReadOnlyStatement {
    private static final Set<String> FIRST_WORDS = Set.of("SELECT", "WITH", "VALUES", "EXPLAIN", "PRAGMA");
    /** Opcodes of a program that changes a file, the schema or the connection (sqlite3_stmt_readonly's and more). */
    private static final Set<String> WRITING_OPCODES = Set.of("Vacuum", "Checkpoint", "IncrVacuum", "OpenWrite",
            "CreateBtree", "Destroy", "Clear", "SetCookie", "ParseSchema", "DropTable", "DropIndex", "DropTrigger",
            "LoadAnalysis", "VBegin", "VCreate", "VDestroy", "VUpdate", "AutoCommit", "Savepoint");
    private static final Set<String> CALLING_OPCODES = Set.of("Function", "PureFunc", "AggStep", "AggStep1",
            "AggInverse", "AggValue", "AggFinal");
    private static final List<String> REFUSED_FUNCTIONS = List.of("sqlite_attach(", "sqlite_detach(",
            "load_extension(", "fts3_tokenizer(");
    /** The table-valued pragma that writes (see requireNoWritingTable). */
    private static final String WRITING_TABLE = "PRAGMA_OPTIMIZE";
    /** The journal mode P3 of a PRAGMA journal_mode that only reads it (PAGER_JOURNALMODE_QUERY). */
    private static final int JOURNAL_MODE_QUERY = -1;

    private ReadOnlyStatement() {
    }

    /** The statement prepared on connection, or a StoreException that says why it is refused. */
    static PreparedStatement prepare(Connection connection, String sql) throws SQLException {
        List<String> words = singleStatement(sql);
        boolean explain = SqlWords.keyword(words.get(0)).equals("EXPLAIN");
        List<String> explained = explain ? withoutExplain(words) : words;
        if (!explained.isEmpty() && SqlWords.keyword(explained.get(0)).equals("PRAGMA")) {
            requireBarePragma(explained);
        }
        if (!explain) {
            // EXPLAIN of an EXPLAIN is a syntax error, and an EXPLAIN runs nothing but the listing.
            requireReadingProgram(connection, sql);
        }
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            if (columnCount(statement) == 0) {
                throw refused("it returns no columns, so it is not a query");
            }
            return statement;
        } catch (RuntimeException e) {
            try {
                statement.close();
            } catch (SQLException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** The statement's result columns; sqlite-jdbc's getColumnCount throws instead of answering 0. */
    private static int columnCount(PreparedStatement statement) {
        try {
            return statement.getMetaData().getColumnCount();
        } catch (SQLException e) {
            // "column 1 out of bounds [1,0]": it checks that a first column exists before counting.
            return 0;
        }
    }

    private static List<String> singleStatement(String sql) {
        List<List<String>> statements = SqlWords.statements(sql);
        if (statements.isEmpty()) {
            throw refused("there is no statement in it");
        }
        if (statements.size() > 1) {
            throw refused("it holds " + statements.size() + " statements; give exactly one (a trailing ';' is fine)");
        }
        List<String> words = statements.get(0);
        String first = SqlWords.keyword(words.get(0));
        if (!FIRST_WORDS.contains(first)) {
            throw refused("only SELECT, WITH, VALUES, EXPLAIN and PRAGMA NAME are read here, got "
                    + first.substring(0, Math.min(first.length(), 40)));
        }
        return words;
    }

    private static List<String> withoutExplain(List<String> words) {
        int from = 1;
        if (words.size() > 2 && SqlWords.keyword(words.get(1)).equals("QUERY")
                && SqlWords.keyword(words.get(2)).equals("PLAN")) {
            from = 3;
        }
        return words.subList(from, words.size());
    }

    /** PRAGMA NAME or PRAGMA SCHEMA.NAME: anything after the name sets a value or passes an argument. */
    private static void requireBarePragma(List<String> words) {
        boolean bare = words.size() == 2 || (words.size() == 4 && words.get(2).equals("."));
        if (!bare) {
            throw refused("a PRAGMA with a value or an argument may change something; read it with SELECT * FROM"
                    + " pragma_NAME(ARGUMENT) instead");
        }
    }

    /** Refuses sql when its compiled program writes or calls a refused function, whatever its first word. */
    static void requireReadingProgram(Connection connection, String sql) throws SQLException {
        requireNoWritingTable(sql);
        try (Statement statement = connection.createStatement();
             ResultSet program = statement.executeQuery("EXPLAIN " + sql)) {
            while (program.next()) {
                String opcode = program.getString("opcode");
                String p4 = program.getString("p4");
                if (WRITING_OPCODES.contains(opcode)
                        || (opcode.equals("Transaction") && program.getLong("p2") != 0)
                        || (opcode.equals("JournalMode") && program.getLong("p3") != JOURNAL_MODE_QUERY)) {
                    throw refused("it writes (SQLite compiles it to " + opcode + ")");
                }
                if (CALLING_OPCODES.contains(opcode) && p4 != null) {
                    String call = p4.toLowerCase(Locale.ROOT);
                    for (String function : REFUSED_FUNCTIONS) {
                        if (call.startsWith(function)) {
                            throw refused("it calls " + function.substring(0, function.length() - 1) + "()");
                        }
                    }
                }
            }
        }
    }

    /**
     * SQLite offers a table-valued form of every pragma that returns rows, and one of them writes:
     * {@code pragma_optimize} runs ANALYZE from inside its virtual table, so the program shows only
     * the table's opcodes. Its name, however quoted or qualified, is refused wherever it appears
     * (even as a string: {@code SELECT 'pragma_optimize'} is refused too).
     */
    private static void requireNoWritingTable(String sql) {
        for (List<String> statement : SqlWords.statements(sql)) {
            for (String token : statement) {
                // A 'string' counts too: SQLite takes one for a name where a name is expected (FROM 'x').
                String name = token.length() > 1 && "\"`['".indexOf(token.charAt(0)) >= 0
                        ? token.substring(1, token.length() - 1) : token;
                if (SqlWords.keyword(name).equals(WRITING_TABLE)) {
                    throw refused("it reads " + WRITING_TABLE.toLowerCase(Locale.ROOT)
                            + ", which runs ANALYZE");
                }
            }
        }
    }

    private static StoreException refused(String why) {
        return new StoreException("query refused: " + why + "; db query runs one statement that only reads");
    }
}
