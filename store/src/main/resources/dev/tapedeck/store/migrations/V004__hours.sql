-- Schema v4: extraction events counted per hour, agent and type, so that a timeline over weeks in
-- hours or days reads one row per hour instead of one per minute. Triggers keep it equal to the
-- sum of extraction_minutes, decrements and deletions included, in the same transaction.
CREATE TABLE extraction_hours (
    hour        INTEGER NOT NULL,
    agent_name  TEXT    NOT NULL,
    event_type  TEXT    NOT NULL,
    count       INTEGER NOT NULL,
    PRIMARY KEY (hour, agent_name, event_type)
) WITHOUT ROWID;
CREATE INDEX idx_hours_agent ON extraction_hours (agent_name, hour);

INSERT INTO extraction_hours (hour, agent_name, event_type, count)
SELECT minute / 60, agent_name, event_type, sum(count) FROM extraction_minutes GROUP BY 1, 2, 3;

CREATE TRIGGER extraction_hours_insert AFTER INSERT ON extraction_minutes
BEGIN
    INSERT INTO extraction_hours (hour, agent_name, event_type, count)
    VALUES (new.minute / 60, new.agent_name, new.event_type, new.count)
    ON CONFLICT DO UPDATE SET count = count + excluded.count;
END;

CREATE TRIGGER extraction_hours_update AFTER UPDATE OF count ON extraction_minutes
BEGIN
    UPDATE extraction_hours SET count = count + new.count - old.count
    WHERE hour = new.minute / 60 AND agent_name = new.agent_name AND event_type = new.event_type;
END;

CREATE TRIGGER extraction_hours_delete AFTER DELETE ON extraction_minutes
BEGIN
    UPDATE extraction_hours SET count = count - old.count
    WHERE hour = old.minute / 60 AND agent_name = old.agent_name AND event_type = old.event_type;
END;
