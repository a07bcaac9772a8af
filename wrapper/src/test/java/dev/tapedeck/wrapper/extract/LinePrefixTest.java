package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinePrefixTest {

    @ParameterizedTest(name = "[{0}] -> [{1}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "\"  ⎿  FAILED tests/test_a.py::test_b\"   | FAILED tests/test_a.py::test_b  | | ",
        "\"     error: could not compile\"         | error: could not compile        | | ",
        "\"│ Error: boom\"                         | Error: boom                     | | ",
        "\"db-1  | FATAL:  password failed\"       | FATAL:  password failed         | db | ",
        "\"web_1 | [ERROR] boom\"                  | [ERROR] boom                    | web | ",
        "\"2026-12-03T12:00:00.123Z ERROR x: y\"   | ERROR x: y                      | | ",
        "\"2026-12-03 12:00:00,123 WARNING app: z\" | WARNING app: z                 | | ",
        "\"[2026-12-03 12:00:00] ERROR boom\"      | ERROR boom                      | | ",
        "\"2026/12/03 12:00:00 [emerg] 1#1: bad\"  | [emerg] 1#1: bad                | | ",
        "\"12:00:01.5 fatal: not a git repository\" | fatal: not a git repository    | | ",
        "\"Dec  3 12:00:00 box sshd[812]: error: x\" | error: x                      | sshd | 812",
        "\"[4242] ERROR boom\"                      | ERROR boom                      | | 4242",
        "\"app-1  | 2026-12-03T12:00:00Z [1] ERROR: x\" | ERROR: x                   | app | 1",
    })
    void stripsThePrefixesToolsPutBeforeALine(String line, String body, String service, String pid) {
        LinePrefix.Body b = LinePrefix.of(line);
        assertThat(b.text()).isEqualTo(body);
        assertThat(b.service()).isEqualTo(service);
        assertThat(b.pid()).isEqualTo(pid);
    }

    @ParameterizedTest(name = "[{0}]")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "error: could not compile",
        "ls | grep error",
        "a | b",
        "2026 was a good year",
        "12:00 meeting",
        "Decide later: error: no",
        "\"[link] text\"",
    })
    void leavesALineWithoutSuchPrefixesAsItIs(String line) {
        LinePrefix.Body b = LinePrefix.of(line);
        assertThat(b.text()).isSameAs(line);
        assertThat(b.stripped(line)).isFalse();
    }
}
