package dev.tapedeck.api;

/** What to keep: sessions of the last retainDays, at most maxBytes; either may be null. */
public record RetentionPolicy(Integer retainDays, Long maxBytes) {
    /** Keep everything. */
    public static final RetentionPolicy KEEP_ALL = new RetentionPolicy(null, null);

    public RetentionPolicy {
        if (retainDays != null && (retainDays < 1 || retainDays > 36_500)) {
            throw new IllegalArgumentException("--retain-days must be in [1, 36500], got " + retainDays);
        }
        if (maxBytes != null && maxBytes < 1_048_576) {
            throw new IllegalArgumentException("--max-db-bytes must be at least 1048576 (1 MiB), got " + maxBytes);
        }
    }

    public boolean keepsEverything() {
        return retainDays == null && maxBytes == null;
    }
}
