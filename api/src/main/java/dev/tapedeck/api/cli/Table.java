package dev.tapedeck.api.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Aligned columns for people. Every cell is cleaned ({@link CleanText}) and cut to its column's
 * width; a column is as wide as its widest cell. Colour (SGR codes per cell, bold headers) only when
 * asked, which the caller decides from the {@link Screen}. Columns are two spaces apart and no line
 * ends in spaces.
 */
public final class Table {
    public enum Align { LEFT, RIGHT }

    /**
     * A cell's text, its SGR colour ({@code "31"} red, ...) or null for none, and the ranges of its
     * text ({@code [start, end)} char offsets, in order) to mark in bold red when colour is on, as
     * grep marks a match.
     */
    public record Cell(String text, String colour, List<int[]> marks) {
        public Cell(String text, String colour) {
            this(text, colour, List.of());
        }

        public static Cell of(Object value) {
            return new Cell(value == null ? "-" : value.toString(), null);
        }
    }

    private static final String MARK = "1;31";

    private record Column(String header, Align align, int minWidth, int maxWidth) {
    }

    private final List<Column> columns = new ArrayList<>();
    private final List<Cell[]> rows = new ArrayList<>();

    public Table column(String header, Align align, int maxWidth) {
        return column(header, align, 0, maxWidth);
    }

    /**
     * A column at least minWidth wide: rows rendered in several goes (a follower's) line up as long
     * as their cells fit it.
     */
    public Table column(String header, Align align, int minWidth, int maxWidth) {
        columns.add(new Column(header, align, minWidth, maxWidth));
        return this;
    }

    /** Forgets the rows, keeping the columns: for the next batch of a follower. */
    public Table clearRows() {
        rows.clear();
        return this;
    }

    public Table row(Cell... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException("a row of " + cells.length + " cells for " + columns.size() + " columns");
        }
        Cell[] clean = new Cell[cells.length];
        for (int i = 0; i < cells.length; i++) {
            CleanText.Marked marked = CleanText.of(cells[i].text(), cells[i].marks());
            String text = CleanText.cut(marked.text(), columns.get(i).maxWidth());
            // Marks past the cut are dropped, one the cut goes through ends at it.
            int kept = text.length() < marked.text().length() ? text.length() - 1 : text.length();
            List<int[]> marks = new ArrayList<>();
            for (int[] mark : marked.ranges()) {
                if (mark[0] < kept) {
                    marks.add(new int[] {mark[0], Math.min(mark[1], kept)});
                }
            }
            clean[i] = new Cell(text, cells[i].colour(), marks);
        }
        rows.add(clean);
        return this;
    }

    /** The table as one string (for small tables and tests). */
    public String render(boolean colour) {
        StringBuilder out = new StringBuilder();
        render(colour, out::append);
        return out.toString();
    }

    /** Writes the table a line at a time to out. */
    public void render(boolean colour, java.util.function.Consumer<CharSequence> out) {
        render(colour, true, out);
    }

    /** Writes the rows a line at a time to out, with the header line first when header is set. */
    public void render(boolean colour, boolean header, java.util.function.Consumer<CharSequence> out) {
        int[] widths = new int[columns.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = Math.max(columns.get(i).minWidth(), width(columns.get(i).header()));
        }
        for (Cell[] row : rows) {
            for (int i = 0; i < widths.length; i++) {
                widths[i] = Math.max(widths[i], width(row[i].text()));
            }
        }
        if (header) {
            out.accept(line(columns.stream().map(c -> new Cell(c.header(), "1")).toArray(Cell[]::new), widths, colour));
        }
        for (Cell[] row : rows) {
            out.accept(line(row, widths, colour));
        }
    }

    private String line(Cell[] row, int[] widths, boolean colour) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < row.length; i++) {
            String text = row[i].text();
            int pad = widths[i] - width(text);
            boolean last = i == row.length - 1;
            if (i > 0) {
                line.append("  ");
            }
            if (columns.get(i).align() == Align.RIGHT) {
                line.append(" ".repeat(pad));
            }
            if (colour && !row[i].marks().isEmpty()) {
                appendMarked(line, row[i]);
            } else if (colour && row[i].colour() != null) {
                line.append("\u001b[").append(row[i].colour()).append('m').append(text).append("\u001b[0m");
            } else {
                line.append(text);
            }
            if (columns.get(i).align() == Align.LEFT && !last) {
                line.append(" ".repeat(pad));
            }
        }
        int end = line.length();
        while (end > 0 && line.charAt(end - 1) == ' ') {
            end--;
        }
        line.setLength(end);
        return line.append('\n').toString();
    }

    private static void appendMarked(StringBuilder line, Cell cell) {
        String text = cell.text();
        String base = cell.colour() == null ? "" : "\u001b[" + cell.colour() + "m";
        line.append(base);
        int at = 0;
        for (int[] mark : cell.marks()) {
            if (mark[0] < at) {
                continue;
            }
            line.append(text, at, mark[0]).append("\u001b[").append(MARK).append('m')
                    .append(text, mark[0], mark[1]).append("\u001b[0m").append(base);
            at = mark[1];
        }
        line.append(text, at, text.length());
        if (!base.isEmpty()) {
            line.append("\u001b[0m");
        }
    }

    private static int width(String text) {
        return text.codePointCount(0, text.length());
    }
}
