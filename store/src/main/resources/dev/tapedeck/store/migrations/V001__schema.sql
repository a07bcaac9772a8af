-- Schema v1. Column names of the original design are kept so that existing SQL keeps working.
-- Every timestamp is an INTEGER: microseconds since 1970-01-01T00:00:00Z (see docs/schema.md).

CREATE TABLE process_sessions (
    id                          INTEGER PRIMARY KEY,
    session_id                  TEXT    NOT NULL UNIQUE,
    agent_name                  TEXT    NOT NULL,
    status                      TEXT    NOT NULL DEFAULT 'running'
        CHECK (status IN ('running', 'completed', 'failed', 'killed', 'failed_to_start', 'interrupted')),
    command_line                TEXT    NOT NULL DEFAULT '',
    working_directory           TEXT,
    host                        TEXT,
    pid                         INTEGER,
    recorder_pid                INTEGER,
    recorder_started_at         INTEGER,
    environment                 TEXT,
    started_at                  INTEGER NOT NULL,
    ended_at                    INTEGER,
    exit_code                   INTEGER,
    total_lines_processed       INTEGER NOT NULL DEFAULT 0,
    stdout_lines                INTEGER NOT NULL DEFAULT 0,
    stderr_lines                INTEGER NOT NULL DEFAULT 0,
    output_bytes                INTEGER NOT NULL DEFAULT 0,
    total_extraction_events     INTEGER NOT NULL DEFAULT 0,
    total_code_blocks           INTEGER NOT NULL DEFAULT 0,
    total_feedback_outcomes     INTEGER NOT NULL DEFAULT 0,
    dropped_lines               INTEGER NOT NULL DEFAULT 0,
    stdout_log_path             TEXT,
    stderr_log_path             TEXT,
    extraction_config_version   TEXT,
    environment_config_version  TEXT
);
CREATE INDEX idx_sessions_started ON process_sessions (started_at, id);
CREATE INDEX idx_sessions_agent_started ON process_sessions (agent_name, started_at, id);
CREATE INDEX idx_sessions_status_started ON process_sessions (status, started_at, id);

CREATE TABLE process_state_changes (
    id             INTEGER PRIMARY KEY,
    session_id     TEXT    NOT NULL REFERENCES process_sessions (session_id) ON DELETE CASCADE,
    timestamp      INTEGER NOT NULL,
    state          TEXT    NOT NULL,
    exit_code      INTEGER,
    metadata_json  TEXT
);
CREATE INDEX idx_state_changes_session ON process_state_changes (session_id, id);

CREATE TABLE extraction_events (
    id                   INTEGER PRIMARY KEY,
    agent_name           TEXT    NOT NULL,
    session_id           TEXT    NOT NULL REFERENCES process_sessions (session_id) ON DELETE CASCADE,
    timestamp            INTEGER NOT NULL,
    event_type           TEXT    NOT NULL,
    pattern              TEXT    NOT NULL,
    matched_value        TEXT,
    original_line        TEXT,
    line_number          INTEGER,
    metadata_json        TEXT,
    code_block_language  TEXT,
    risk_level           TEXT    CHECK (risk_level IN ('low', 'medium', 'high')),
    auto_confirmable     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX idx_extractions_time ON extraction_events (timestamp, id);
CREATE INDEX idx_extractions_agent_time ON extraction_events (agent_name, timestamp, id);
CREATE INDEX idx_extractions_session_time ON extraction_events (session_id, timestamp, id);
CREATE INDEX idx_extractions_type_time ON extraction_events (event_type, timestamp, id);
CREATE INDEX idx_extractions_pattern_time ON extraction_events (pattern, timestamp, id);
CREATE INDEX idx_extractions_risk_time ON extraction_events (risk_level, timestamp, id);

-- One row per distinct content (digest = SHA-256); agent_name, session_id, timestamp and lines are
-- those of the first sighting. Every sighting, including the first, is a code_block_occurrences row.
CREATE TABLE code_blocks (
    id            INTEGER PRIMARY KEY,
    agent_name    TEXT    NOT NULL,
    session_id    TEXT    NOT NULL,
    timestamp     INTEGER NOT NULL,
    language      TEXT,
    content       TEXT    NOT NULL,
    line_start    INTEGER NOT NULL,
    line_end      INTEGER NOT NULL,
    context_json  TEXT,
    parseable     INTEGER,
    digest        TEXT    NOT NULL UNIQUE
);
CREATE INDEX idx_code_blocks_language ON code_blocks (language, id);

CREATE TABLE code_block_occurrences (
    id             INTEGER PRIMARY KEY,
    code_block_id  INTEGER NOT NULL REFERENCES code_blocks (id) ON DELETE CASCADE,
    agent_name     TEXT    NOT NULL,
    session_id     TEXT    NOT NULL REFERENCES process_sessions (session_id) ON DELETE CASCADE,
    timestamp      INTEGER NOT NULL,
    line_start     INTEGER NOT NULL,
    line_end       INTEGER NOT NULL,
    terminated     INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX idx_occurrences_block ON code_block_occurrences (code_block_id, id);
CREATE INDEX idx_occurrences_session ON code_block_occurrences (session_id, code_block_id);
CREATE INDEX idx_occurrences_agent ON code_block_occurrences (agent_name, code_block_id);

-- Recorded output: one row per run of consecutive lines of a session (at most a writer batch).
-- line_meta holds, per line, its stream and flags, its timestamp as a delta and its text and raw
-- lengths; text holds the clean lines joined by '\n'; raw holds the raw bytes of the lines whose
-- raw form is not simply their UTF-8 text plus '\n'. See docs/schema.md for the encoding.
CREATE TABLE output_chunks (
    id          INTEGER PRIMARY KEY,
    session_id  TEXT    NOT NULL REFERENCES process_sessions (session_id) ON DELETE CASCADE,
    first_line  INTEGER NOT NULL,
    last_line   INTEGER NOT NULL,
    first_at    INTEGER NOT NULL,
    last_at     INTEGER NOT NULL,
    line_count  INTEGER NOT NULL,
    line_meta   BLOB    NOT NULL,
    text        TEXT    NOT NULL,
    raw         BLOB
);
CREATE UNIQUE INDEX idx_chunks_session_line ON output_chunks (session_id, first_line);
CREATE INDEX idx_chunks_session_time ON output_chunks (session_id, last_at);
