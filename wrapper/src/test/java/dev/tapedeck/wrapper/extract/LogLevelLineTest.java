package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Log lines of real services, each run through line cutting and the default extractor. */
class LogLevelLineTest {

    /** "line type pattern: value" per event, a compact form to compare. */
    static List<String> rows(String output) {
        return ExtractorTest.events(output).stream()
                .map(x -> x.lineNumber() + " " + x.eventType() + " " + x.pattern() + ": " + x.matchedValue()).toList();
    }

    static String metadata(String output, int index) {
        return ExtractorTest.events(output).get(index).metadataJson();
    }

    @Test
    void pythonLoggingsDefaultFormatGivesOneEventPerErrorOrWarningWithItsLogger() {
        String output = """
                WARNING:app.db:pool size 12 exceeds limit
                ERROR:app.db:could not write row
                CRITICAL:root:disk full
                INFO:app.db:error count reset
                """;
        assertThat(rows(output)).containsExactly(
                "1 warning log_level: pool size 12 exceeds limit",
                "2 error log_level: could not write row",
                "3 error log_level: disk full");
        assertThat(metadata(output, 0)).isEqualTo("{\"level\":\"WARNING\",\"logger\":\"app.db\"}");
    }

    @Test
    void pythonLoggingsFormattedLinesAreReadByTheLevelBeforeTheMessageNeverByWordsInIt() {
        String output = """
                2026-12-03 15:09:40,292 DEBUG worker: tick
                2026-12-03 15:09:40,292 INFO worker: job 12 failed to start, retrying (error count 1)
                2026-12-03 15:09:40,293 WARNING worker: queue depth 900 above threshold
                2026-12-03 15:09:40,293 ERROR worker: job 12 crashed
                2026-12-03 15:09:40,293 [ERROR] worker - bracketed error form
                WARNING [worker] levelname first then bracketed name
                ERROR [worker] upload failed
                2026-12-03 15:09:40,293 - worker - ERROR - dash separated
                2026-12-03 15:09:40,293 - worker - INFO - dash info with ERROR word
                [2026-12-03 15:09:40,293] WARNING  worker padded level
                """;
        assertThat(rows(output)).containsExactly(
                "3 warning log_level: worker: queue depth 900 above threshold",
                "4 error log_level: worker: job 12 crashed",
                "5 error generic_error: worker - bracketed error form",
                "6 warning log_level: levelname first then bracketed name",
                "7 error log_level: upload failed",
                "8 error log_level: dash separated",
                "10 warning log_level: worker padded level");
    }

    @Test
    void postgresErrorsTakeTheirDetailStatementAndCaretLinesAsOneProblem() {
        String server = """
                2026-12-03 15:10:49.704 UTC [789] LOG:  database system is ready to accept connections
                2026-12-03 15:10:55.592 UTC [1040] ERROR:  relation "nosuch" does not exist at character 15
                2026-12-03 15:10:55.592 UTC [1040] STATEMENT:  select * from nosuch;
                2026-12-03 15:10:55.624 UTC [1042] ERROR:  duplicate key value violates unique constraint "t_pkey"
                2026-12-03 15:10:55.624 UTC [1042] DETAIL:  Key (id)=(1) already exists.
                2026-12-03 15:10:55.624 UTC [1042] STATEMENT:  insert into t values (1);
                2026-12-03 15:10:55.653 UTC [1044] FATAL:  database "nodb" does not exist
                2026-12-03 15:10:55.707 UTC [1048] WARNING:  low disk 5
                2026-12-03 15:10:55.707 UTC [1048] CONTEXT:  PL/pgSQL function inline_code_block line 1 at RAISE
                2026-12-03 15:10:56.000 UTC [789] LOG:  checkpoint starting: time
                """;
        assertThat(rows(server)).containsExactly(
                "2 error log_level: relation \"nosuch\" does not exist at character 15",
                "4 error log_level: duplicate key value violates unique constraint \"t_pkey\"",
                "7 error log_level: database \"nodb\" does not exist",
                "8 warning log_level: low disk 5");
        assertThat(metadata(server, 1)).contains("\"pid\":1042", "\"detail\":\"DETAIL:  Key (id)=(1) already exists.\\nSTATEMENT:  insert into t values (1);\"",
                "\"statement\":\"insert into t values (1);\"");
        String psql = """
                ERROR:  relation "nosuch" does not exist
                LINE 1: select * from nosuch;
                                      ^
                CREATE TABLE
                ERROR:  syntax error at or near "selec"
                LINE 1: selec 1
                        ^
                NOTICE:  just a notice
                """;
        assertThat(rows(psql)).containsExactly(
                "1 error log_level: relation \"nosuch\" does not exist",
                "5 error log_level: syntax error at or near \"selec\"");
    }

    @Test
    void nginxAndGunicornBracketedLevelsAreReadBehindTheirTimestampsAndPids() {
        String output = """
                2026/12/03 15:11:12 [emerg] 1806#1806: unknown directive "locatoin" in /tmp/x14/ngx/bad.conf:2
                nginx: configuration file /tmp/x14/ngx/ok.conf test is successful
                nginx: [emerg] bind() to 127.0.0.1:8089 failed (98: Address already in use)
                2026/12/03 15:11:13 [error] 1820#1820: *1 open() "/nonexistent/x" failed (2: No such file or directory), client: 127.0.0.1
                127.0.0.1 - - [03/Dec/2026:15:11:13 +0000] "GET /x HTTP/1.1" 404 153 "-" "curl/7.88.1"
                2026/12/03 15:11:14 [warn] 1820#1820: conflicting server name "a" on 0.0.0.0:80, ignored
                2026/12/03 15:11:14 [notice] 1820#1820: signal process started
                [2026-12-03 15:11:15 +0000] [4242] [INFO] Booting worker with pid: 4242
                [2026-12-03 15:11:15 +0000] [4242] [ERROR] Exception in worker process
                [2026-12-03 15:11:16 +0000] [4240] [CRITICAL] WORKER TIMEOUT (pid:4242)
                """;
        assertThat(rows(output)).containsExactly(
                "1 error log_level: unknown directive \"locatoin\" in /tmp/x14/ngx/bad.conf:2",
                "3 error log_level: bind() to 127.0.0.1:8089 failed (98: Address already in use)",
                "4 error log_level: open() \"/nonexistent/x\" failed (2: No such file or directory), client: 127.0.0.1",
                "6 warning log_level: conflicting server name \"a\" on 0.0.0.0:80, ignored",
                "9 error log_level: Exception in worker process",
                "10 error log_level: WORKER TIMEOUT (pid:4242)");
        assertThat(metadata(output, 0)).isEqualTo("{\"level\":\"emerg\",\"pid\":1806}");
    }

    @Test
    void logbackLoguruSlogAndTracingLinesGiveTheirMessage() {
        String output = """
                12:00:00.123 [main] ERROR com.acme.Billing - charge failed for order 7
                12:00:00.124 [main] INFO  com.acme.Billing - retry scheduled after ERROR
                2026-12-03 12:00:00.123 | ERROR    | __main__:run:12 - upload failed
                2026/12/03 12:00:00 ERROR failed to connect err="dial tcp: refused"
                2026/12/03 12:00:01 INFO retrying
                2026/12/03 12:00:02 ERROR gave up
                2026-12-03T12:00:00.000000Z  WARN my_crate::db: slow query
                """;
        assertThat(rows(output)).containsExactly(
                "1 error log_level: charge failed for order 7",
                "3 error log_level: upload failed",
                "4 error log_level: failed to connect err=\"dial tcp: refused\"",
                "6 error log_level: gave up",
                "7 warning rust_log_warning: slow query");
    }

    @Test
    void pinoPrettyAndWinstonConsoleLinesGiveTheirLevel() {
        String output = """
                [15:26:07.380] INFO (30948): retrying after error: connection reset
                [15:26:07.384] WARN (30948): slow query took 2300ms
                    attempt: 3
                [15:26:07.384] ERROR (api/30948): failed to connect to database
                warn: disk usage at 91%
                info: listening on 3000
                error: unhandled rejection
                """;
        assertThat(rows(output)).containsExactly(
                "2 warning log_level: slow query took 2300ms",
                "4 error log_level: failed to connect to database",
                "5 warning log_level: disk usage at 91%",
                "7 error generic_error: unhandled rejection");
        assertThat(metadata(output, 1)).isEqualTo("{\"level\":\"ERROR\",\"logger\":\"api\",\"pid\":30948}");
    }

    @Test
    void composeReportsAContainerThatExitedWithAnErrorCode() {
        String output = """
                Attaching to api-1, db-1
                db-1   | 2026-12-03 15:10:55.653 UTC [1] FATAL:  password authentication failed for user "app"
                db-1   | 2026-12-03 15:10:55.653 UTC [1] DETAIL:  Connection matched pg_hba.conf line 99: "host all all all scram-sha-256"
                api-1  | {"level":50,"time":1796310575089,"pid":1,"hostname":"c1","msg":"cannot reach database"}
                api-1 exited with code 1
                db-1 exited with code 0
                """;
        assertThat(rows(output)).containsExactly(
                "2 error log_level: password authentication failed for user \"app\"",
                "4 error json_log: cannot reach database",
                "5 error compose_exited: api-1 exited with code 1");
        assertThat(metadata(output, 0)).startsWith("{\"level\":\"FATAL\",\"service\":\"db\",\"pid\":1,");
    }

    @Test
    void apacheMysqlLog4jAndPsqlScriptLinesGiveTheirLevel() {
        String output = """
                [Thu Dec 03 12:00:00.123456 2026] [core:error] [pid 123] [client 10.0.0.1:5678] AH00126: Invalid URI in request
                [Thu Dec 03 12:00:00.123456 2026] [mpm_event:notice] [pid 1:tid 2] AH00489: Apache configured -- resuming normal operations
                2026-12-03T12:00:00.123456Z 0 [ERROR] [MY-010119] [Server] Aborting
                2026-12-03T12:00:00.123456Z 0 [Note] InnoDB: ERROR recovery finished
                2026-12-03T12:00:00.123456Z 0 [Warning] [MY-011070] [Server] 'Disabling symbolic links' is deprecated
                [2026-12-03T12:00:00,000][WARN ][o.e.c.r.a.DiskThresholdMonitor] [node-1] high disk watermark exceeded
                psql:setup.sql:3: ERROR:  relation "users" already exists
                SEVERE: Servlet.service() threw exception
                """;
        assertThat(rows(output)).containsExactly(
                "1 error log_level: [client 10.0.0.1:5678] AH00126: Invalid URI in request",
                "3 error log_level: [Server] Aborting",
                "5 warning log_level: [Server] 'Disabling symbolic links' is deprecated",
                "6 warning log_level: [node-1] high disk watermark exceeded",
                "7 error log_level: relation \"users\" already exists",
                "8 error log_level: Servlet.service() threw exception");
    }

    @Test
    void rubyLoggerAndCeleryLinesGiveTheirLevelAndMessage() {
        String output = """
                I, [2026-12-03T12:00:00.123456 #4242]  INFO -- : Started GET "/orders" for 127.0.0.1
                E, [2026-12-03T12:00:01.123456 #4242] ERROR -- app: PG::ConnectionBad: could not connect to server
                W, [2026-12-03T12:00:02.123456 #4242]  WARN -- : Slow query (1200ms)
                [2026-12-03 12:00:03,123: INFO/MainProcess] Task orders.sync succeeded in 0.2s
                [2026-12-03 12:00:04,123: ERROR/ForkPoolWorker-1] Task orders.sync raised unexpected: KeyError('sku')
                Error response from daemon: driver failed programming external connectivity on endpoint web-1: Bind for 0.0.0.0:8080 failed: port is already allocated
                """;
        assertThat(rows(output)).containsExactly(
                "2 error log_level: PG::ConnectionBad: could not connect to server",
                "3 warning log_level: Slow query (1200ms)",
                "5 error log_level: Task orders.sync raised unexpected: KeyError('sku')",
                "6 error command_error: Error response from daemon: driver failed programming external connectivity on endpoint web-1: Bind for 0.0.0.0:8080 failed: port is already allocated");
    }

    @Test
    void levelWordsInProseCodeAndTablesAreNotLogs() {
        String output = """
                The ERROR was caused by a missing file.
                ERROR = 1
                ERROR, WARNING and INFO are the levels we use.
                | ERROR | 50 | something went wrong |
                Levels: DEBUG, INFO, WARN, ERROR.
                ======================== ERRORS ========================
                We log at WARN level and above.
                \"""Retry loop with exponential backoff.
                Errors raised by the job are logged at WARNING on each failed attempt and at
                ERROR once the budget is exhausted (see docs/error-handling.md).
                \"""
                """;
        assertThat(rows(output)).isEmpty();
    }

    @Test
    void logfmtLinesOfPrometheusGiveErrorsAndWarningsWithCallerAndComponent() {
        String output = """
                ts=2026-12-03T15:11:23.062Z caller=main.go:551 level=info msg="Starting Prometheus Server" mode=server
                ts=2026-12-03T15:11:23.035Z caller=main.go:469 level=error msg="Error loading config (--config.file=prom/bad.yml)" file=/tmp/x14/prom/bad.yml err="parsing YAML file prom/bad.yml: yaml: unmarshal errors:\\n  line 2: field scrape_intervall not found in type config.plain"
                ts=2026-12-03T15:11:35.040Z caller=main.go:823 level=warn msg="Received SIGTERM, exiting gracefully..."
                time=2026-12-03T12:00:00.000Z level=ERROR msg="request failed" path=/api status=500
                time="2026-12-03T12:00:00Z" level=warning msg="deprecated flag used" component=cli
                ts=2026-12-03T15:11:23.070Z caller=manager.go:978 level=info component="rule manager" msg="error budget fine"
                Set level=error in the config to see fewer lines.
                """;
        assertThat(rows(output)).containsExactly(
                "2 error logfmt_level: Error loading config (--config.file=prom/bad.yml)",
                "3 warning logfmt_level: Received SIGTERM, exiting gracefully...",
                "4 error logfmt_level: request failed",
                "5 warning logfmt_level: deprecated flag used");
        assertThat(metadata(output, 0)).startsWith("{\"level\":\"error\",\"caller\":\"main.go:469\",\"err\":\"parsing YAML");
        assertThat(metadata(output, 3)).isEqualTo("{\"level\":\"warning\",\"logger\":\"cli\"}");
    }

    @Test
    void redisHashLinesAreWarningsOnlyWhenTheySaySoAndErrorsWhenTheyFail() {
        String output = """
                1170:C 03 Dec 2026 15:10:58.005 # oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo
                1170:C 03 Dec 2026 15:10:58.005 # Configuration loaded
                1170:M 03 Dec 2026 15:10:58.006 * Running mode=standalone, port=0.
                1170:M 03 Dec 2026 15:10:58.006 # Server initialized
                1170:M 03 Dec 2026 15:10:58.006 # WARNING Memory overcommit must be enabled! Without it, a background save may fail.
                1170:M 03 Dec 2026 15:10:58.007 * Ready to accept connections
                1:C 03 Dec 2026 15:10:58.008 # Warning: no config file specified, using the default config.
                *** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***
                Reading the configuration file, at line 6
                >>> 'appendfsync sometimes'
                1340:C 03 Dec 2026 15:11:03.055 # Fatal error, can't open config file '/nonexistent.conf': No such file or directory
                redis-1  | 1:M 03 Dec 2026 15:11:04.000 # WARNING: The TCP backlog setting of 511 cannot be enforced.
                """;
        assertThat(rows(output)).containsExactly(
                "5 warning redis_log: WARNING Memory overcommit must be enabled! Without it, a background save may fail.",
                "7 warning redis_log: Warning: no config file specified, using the default config.",
                "8 error log_level: CONFIG FILE ERROR (Redis 7.0.15) ***",
                "11 error redis_log: Fatal error, can't open config file '/nonexistent.conf': No such file or directory",
                "12 warning redis_log: WARNING: The TCP backlog setting of 511 cannot be enforced.");
        assertThat(metadata(output, 4)).isEqualTo("{\"pid\":1,\"role\":\"M\",\"service\":\"redis\"}");
    }

    @Test
    void pinoAndBunyanNumericLevelsAreErrorsAndWarningsAlsoBehindAComposePrefix() {
        String output = """
                {"level":30,"time":1796310575087,"pid":27430,"hostname":"vm","msg":"retrying after error: connection reset"}
                {"level":40,"time":1796310575088,"pid":27430,"hostname":"vm","attempt":3,"msg":"slow query took 2300ms"}
                {"level":50,"time":1796310575088,"pid":27430,"hostname":"vm","err":{"type":"Error","message":"connection refused"},"msg":"failed to connect to database"}
                {"level":60,"time":1796310575089,"pid":27430,"hostname":"vm","msg":"out of memory, shutting down"}
                {"name":"api","hostname":"vm","pid":27442,"level":50,"err":{},"msg":"request failed","time":"2026-12-03T15:09:35.264Z","v":0}
                api-1  | {"level":50,"time":1796310575089,"pid":1,"hostname":"c1","module":"db","msg":"pool exhausted"}
                {"asctime": "2026-12-03 12:00:00", "levelname": "ERROR", "name": "app", "message": "job failed"}
                {"level":3,"name":"heading"}
                """;
        assertThat(rows(output)).containsExactly(
                "2 warning json_log: slow query took 2300ms",
                "3 error json_log: failed to connect to database",
                "4 error json_log: out of memory, shutting down",
                "5 error json_log: request failed",
                "6 error json_log: pool exhausted",
                "7 error json_log: job failed");
        assertThat(metadata(output, 2)).isEqualTo("{\"level\":\"fatal\"}");
        assertThat(metadata(output, 3)).isEqualTo("{\"level\":\"error\",\"logger\":\"api\"}");
        assertThat(metadata(output, 4)).isEqualTo("{\"level\":\"error\",\"logger\":\"db\",\"service\":\"api\"}");
    }

}
