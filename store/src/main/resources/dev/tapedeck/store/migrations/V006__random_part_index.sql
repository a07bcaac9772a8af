-- Schema v6: the six hex digits a generated id ends with (yyyyMMdd-HHmmss-xxxxxx), indexed, so that
-- a listing's short ids and a reference to them (`tapedeck show 3a418c`) are seeks instead of a
-- scan of every id. The expression must be written exactly so in the queries that use the index
-- (Sessions, SessionSummaries); other ids get an entry too (their characters from the 17th), which
-- the queries' GLOB on the whole id then leaves out.
CREATE INDEX idx_sessions_random_part ON process_sessions (substr(session_id, 17, 6));
