package dev.tapedeck.wrapper;

/** A terminal's size in character cells, as the kernel keeps it for a terminal (TIOCGWINSZ). */
record TerminalSize(int columns, int rows) {
    TerminalSize {
        if (columns < 0 || rows < 0) {
            throw new IllegalArgumentException("a terminal size must not be negative, got " + columns + "x" + rows);
        }
    }

    @Override
    public String toString() {
        return columns + "x" + rows;
    }
}
