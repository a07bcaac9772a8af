-- Schema v5: the risk index holds only the events that have a risk (shell commands: a few percent
-- of all events), which spares the writer one index insert for every other event. Queries filter
-- with risk_level = ?, which implies risk_level IS NOT NULL, so SQLite still uses the index.
DROP INDEX idx_extractions_risk_time;
CREATE INDEX idx_extractions_risk_time ON extraction_events (risk_level, timestamp, id)
    WHERE risk_level IS NOT NULL;
