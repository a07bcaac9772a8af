-- Schema v3: counters for Prometheus that only ever grow. Triggers keep them up to date in the same
-- transaction as the rows they count, whichever process writes; nothing decrements them, so they
-- survive daemon restarts and retention deleting old rows.

-- metric: lines (label = stream), output_bytes (label = stream), extractions (label = event type,
-- risk_level = risk or ''), code_blocks, duplicate_code_blocks, sessions_ended (label = status),
-- dropped_lines.
CREATE TABLE metric_counters (
    metric      TEXT    NOT NULL,
    agent_name  TEXT    NOT NULL,
    label       TEXT    NOT NULL,
    risk_level  TEXT    NOT NULL,
    value       INTEGER NOT NULL,
    PRIMARY KEY (metric, agent_name, label, risk_level)
) WITHOUT ROWID;

-- Every agent ever seen, numbered in the order first seen: the metrics give the first N agents a
-- label of their own and count the rest as 'other', and this order never changes.
CREATE TABLE metric_agents (
    rank        INTEGER PRIMARY KEY,
    agent_name  TEXT    NOT NULL UNIQUE
);

INSERT INTO metric_agents (agent_name)
SELECT agent_name FROM process_sessions GROUP BY agent_name ORDER BY min(id);

INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
SELECT 'lines', agent_name, 'stdout', '', sum(stdout_lines) FROM process_sessions GROUP BY agent_name
UNION ALL
SELECT 'lines', agent_name, 'stderr', '', sum(stderr_lines) FROM process_sessions GROUP BY agent_name
UNION ALL
SELECT 'output_bytes', agent_name, '', '', sum(output_bytes) FROM process_sessions GROUP BY agent_name
UNION ALL
SELECT 'dropped_lines', agent_name, '', '', sum(dropped_lines) FROM process_sessions GROUP BY agent_name
UNION ALL
SELECT 'sessions_ended', agent_name, status, '', count(*) FROM process_sessions
WHERE status <> 'running' GROUP BY agent_name, status
UNION ALL
SELECT 'extractions', agent_name, event_type, risk_level, sum(count) FROM extraction_minutes
GROUP BY agent_name, event_type, risk_level
UNION ALL
SELECT 'code_blocks', agent_name, '', '', count(*) FROM code_block_occurrences GROUP BY agent_name
UNION ALL
SELECT 'duplicate_code_blocks', o.agent_name, '', '', count(*) FROM code_block_occurrences o
WHERE EXISTS (SELECT 1 FROM code_block_occurrences e WHERE e.code_block_id = o.code_block_id AND e.id < o.id)
GROUP BY o.agent_name;

CREATE TRIGGER metric_agent_seen AFTER INSERT ON process_sessions
BEGIN
    INSERT OR IGNORE INTO metric_agents (agent_name) VALUES (new.agent_name);
END;

CREATE TRIGGER metric_session_totals
AFTER UPDATE OF stdout_lines, stderr_lines, output_bytes, dropped_lines ON process_sessions
BEGIN
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    SELECT 'lines', new.agent_name, 'stdout', '', new.stdout_lines - old.stdout_lines
    WHERE new.stdout_lines > old.stdout_lines
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    SELECT 'lines', new.agent_name, 'stderr', '', new.stderr_lines - old.stderr_lines
    WHERE new.stderr_lines > old.stderr_lines
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    SELECT 'output_bytes', new.agent_name, '', '', new.output_bytes - old.output_bytes
    WHERE new.output_bytes > old.output_bytes
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    SELECT 'dropped_lines', new.agent_name, '', '', new.dropped_lines - old.dropped_lines
    WHERE new.dropped_lines > old.dropped_lines
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER metric_session_ended AFTER UPDATE OF status ON process_sessions
WHEN old.status = 'running' AND new.status <> 'running'
BEGIN
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    VALUES ('sessions_ended', new.agent_name, new.status, '', 1)
    ON CONFLICT DO UPDATE SET value = value + 1;
END;

-- Extraction events are counted through their per-minute rollup: one upsert per key and batch,
-- not one per event. Decrements of the rollup (retention) leave the counter alone.
CREATE TRIGGER metric_extractions_new AFTER INSERT ON extraction_minutes
BEGIN
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    VALUES ('extractions', new.agent_name, new.event_type, new.risk_level, new.count)
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER metric_extractions_more AFTER UPDATE OF count ON extraction_minutes
WHEN new.count > old.count
BEGIN
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    VALUES ('extractions', new.agent_name, new.event_type, new.risk_level, new.count - old.count)
    ON CONFLICT DO UPDATE SET value = value + excluded.value;
END;

CREATE TRIGGER metric_code_blocks AFTER INSERT ON code_block_occurrences
BEGIN
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    VALUES ('code_blocks', new.agent_name, '', '', 1)
    ON CONFLICT DO UPDATE SET value = value + 1;
    INSERT INTO metric_counters (metric, agent_name, label, risk_level, value)
    SELECT 'duplicate_code_blocks', new.agent_name, '', '', 1
    WHERE EXISTS (SELECT 1 FROM code_block_occurrences
                  WHERE code_block_id = new.code_block_id AND id < new.id)
    ON CONFLICT DO UPDATE SET value = value + 1;
END;
