-- Schema v2: what the daemon's queries need to stay fast on big databases.

-- Extraction events counted per minute, agent, type, pattern and risk ('' for none), kept up to date
-- by the writer in the same transaction as the events. Timelines and statistics read these rows
-- instead of counting events.
CREATE TABLE extraction_minutes (
    minute      INTEGER NOT NULL,
    agent_name  TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    pattern     TEXT    NOT NULL,
    risk_level  TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (minute, agent_name, event_type, pattern, risk_level)
) WITHOUT ROWID;
CREATE INDEX idx_minutes_agent ON extraction_minutes (agent_name, minute);
CREATE INDEX idx_minutes_pattern ON extraction_minutes (pattern, minute);

INSERT INTO extraction_minutes (minute, agent_name, event_type, pattern, risk_level, count)
SELECT timestamp / 60000000, agent_name, event_type, pattern, coalesce(risk_level, ''), count(*)
FROM extraction_events GROUP BY 1, 2, 3, 4, 5;

-- Full-text indexes over recorded output (per chunk) and extraction values. They are external-content
-- tables filled by the daemon's search indexer, not by the recorders, so recording stays fast;
-- search_progress holds the last row id indexed of each source table.
CREATE VIRTUAL TABLE output_search USING fts5(
    text, content = 'output_chunks', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE extraction_search USING fts5(
    matched_value, content = 'extraction_events', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 0');
CREATE TABLE search_progress (
    source           TEXT    PRIMARY KEY,
    indexed_through  INTEGER NOT NULL
);
INSERT INTO search_progress (source, indexed_through) VALUES ('output_chunks', 0), ('extraction_events', 0);
