package dev.tapedeck.wrapper.extract;

import static dev.tapedeck.wrapper.extract.GnuDiagnosticTest.events;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.tapedeck.store.Extraction;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Linker, make and driver errors, sanitizer reports and eslint's rows: real output of GNU ld
 * 2.40 through gcc 12 and clang 14, GNU make 4.3, ASan/LSan/UBSan, go 1.19 -race and eslint 9.
 */
class BuildToolErrorTest {

    @Test
    void eachUndefinedSymbolIsOneLinkerErrorAndARecursiveMakesFailureIsOneError() {
        String make = """
                make[1]: Entering directory '/tmp/diag14/c/subdir'
                gcc -c ../link.c -o l2.o && gcc l2.o -o x
                /usr/bin/ld: l2.o: in function `main':
                link.c:(.text+0xa): undefined reference to `foo'
                /usr/bin/ld: /tmp/diag14/c/link.c:3: undefined reference to `bar'
                /usr/bin/ld: handler.o: in function `handle':
                /tmp/diag14/c/handler.c:7: undefined reference to `bar'
                collect2: error: ld returned 1 exit status
                make[1]: *** [Makefile:2: all] Error 1
                make[1]: Leaving directory '/tmp/diag14/c/subdir'
                make: *** [Makefile:7: sub] Error 2
                make: *** No rule to make target 'nothere'.  Stop.
                make: Target 'all' not remade because of errors.
                """;
        assertThat(events(make)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::pattern,
                Extraction::metadataJson).containsExactly(
                        tuple(4L, "error", "linker", "{\"symbol\":\"foo\",\"function\":\"main\"}"),
                        tuple(5L, "error", "linker", "{\"file\":\"/tmp/diag14/c/link.c\",\"line\":3,\"symbol\":\"bar\","
                                + "\"detail\":\"/usr/bin/ld: handler.o: in function `handle':\\n/tmp/diag14/c/handler.c:7: "
                                + "undefined reference to `bar'\\ncollect2: error: ld returned 1 exit status\"}"),
                        tuple(9L, "error", "make_error", "{\"tool\":\"make[1]\",\"depth\":1,\"makefile\":\"Makefile\",\"line\":2,"
                                + "\"target\":\"all\",\"detail\":\"make[1]: Leaving directory '/tmp/diag14/c/subdir'\\n"
                                + "make: *** [Makefile:7: sub] Error 2\"}"),
                        tuple(12L, "error", "make_error", "{\"tool\":\"make\"}"),
                        tuple(13L, "build_result", "make_not_remade", "{\"target\":\"all\"}"));
    }

    @Test
    void aDriverOrLinkerErrorStandingAloneIsAnErrorAndADriversWarningAWarning() {
        String tools = """
                cc1: fatal error: nosuch.c: No such file or directory
                compilation terminated.
                clang: error: no such file or directory: 'nosuch.c'
                /usr/bin/ld: cannot find -lfoo: No such file or directory
                collect2: error: ld returned 1 exit status
                usage: prog.py [-h] name
                prog.py: error: the following arguments are required: name
                clang: warning: argument unused during compilation: '-pthread' [-Wunused-command-line-argument]
                """;
        assertThat(events(tools)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple(1L, "error", "nosuch.c: No such file or directory"),
                        tuple(3L, "error", "no such file or directory: 'nosuch.c'"),
                        tuple(4L, "error", "cannot find -lfoo: No such file or directory"),
                        tuple(7L, "error", "the following arguments are required: name"),
                        tuple(8L, "warning", "argument unused during compilation: '-pthread' [-Wunused-command-line-argument]"));
    }

    @Test
    void lldAndMacOsLinkerReportsAreOneErrorEach() {
        String lld = """
                ld.lld: error: undefined symbol: config_load
                >>> referenced by main.c:8
                >>>               main.o:(main)
                clang: error: linker command failed with exit code 1 (use -v to see invocation)
                Undefined symbols for architecture arm64:
                  "_stddev", referenced from:
                      _main in main-5b2c1a.o
                ld: symbol(s) not found for architecture arm64
                clang: error: linker command failed with exit code 1 (use -v to see invocation)
                """;
        assertThat(events(lld)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::matchedValue)
                .containsExactly(tuple(1L, "error", "undefined symbol: config_load"),
                        tuple(5L, "error", "Undefined symbols for architecture arm64:"));
    }

    @Test
    void anAddressSanitizerReportIsOneExceptionAtItsFirstUserFrame() {
        String asan = """
                =================================================================
                ==2461==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000020 at pc 0x559b412291ce bp 0x7ffff745f3b0 sp 0x7ffff745f3a8
                WRITE of size 4 at 0x602000000020 thread T0
                    #0 0x559b412291cd in main /tmp/diag14/san/heap.c:4
                    #1 0x7f0b21245249 in __libc_start_call_main ../sysdeps/nptl/libc_start_call_main.h:58

                0x602000000020 is located 0 bytes to the right of 16-byte region [0x602000000010,0x602000000020)
                allocated by thread T0 here:
                    #0 0x7f0b214b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69

                SUMMARY: AddressSanitizer: heap-buffer-overflow /tmp/diag14/san/heap.c:4 in main
                Shadow bytes around the buggy address:
                  0x0c047fff7ff0: 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
                =>0x0c047fff8000: fa fa 00 00[fa]fa fa fa fa fa fa fa fa fa fa fa
                Shadow byte legend (one shadow byte represents 8 application bytes):
                  Addressable:           00
                  Partially addressable: 01 02 03 04 05 06 07
                  Heap left redzone:       fa
                ==2461==ABORTING
                $ echo done
                """;
        List<Extraction> events = events(asan);
        assertThat(events).extracting(Extraction::lineNumber, Extraction::eventType).containsExactly(
                tuple(2L, "exception"), tuple(20L, "shell_command"));
        assertThat(events.get(0).metadataJson()).startsWith("{\"sanitizer\":\"AddressSanitizer\",\"type\":\"heap-buffer-overflow\","
                + "\"file\":\"/tmp/diag14/san/heap.c\",\"line\":4,");
    }

    @Test
    void leakAndUndefinedBehaviourAndGoRaceReportsAreExceptionsToo() {
        String reports = """
                ==2490==ERROR: LeakSanitizer: detected memory leaks

                Direct leak of 7 byte(s) in 1 object(s) allocated from:
                    #0 0x7fbc588b89cf in __interceptor_malloc ../../../../src/libsanitizer/asan/asan_malloc_linux.cpp:69
                    #1 0x562be72bf18a in main /tmp/diag14/san/leak.c:3

                SUMMARY: AddressSanitizer: 7 byte(s) leaked in 1 allocation(s).
                ub.c:5:7: runtime error: signed integer overflow: 2147483647 + 1 cannot be represented in type 'int'
                ub.c:7:5: runtime error: load of address 0x7ffc2eeb02ac with insufficient space for an object of type 'int'
                0x7ffc2eeb02ac: note: pointer points here
                  00 00 00 00 00 00 00 80  00 00 00 00 00 00 00 00
                              ^
                ==================
                WARNING: DATA RACE
                Read at 0x00c0000ac008 by goroutine 7:
                  main.main.func1()
                      /tmp/diag14/race/main.go:8 +0x39

                Previous write at 0x00c0000ac008 by main goroutine:
                  main.main()
                      /tmp/diag14/race/main.go:9 +0x124
                ==================
                Found 1 data race(s)
                exit status 66
                """;
        assertThat(events(reports)).extracting(Extraction::lineNumber, Extraction::eventType, Extraction::metadataJson)
                .extracting(t -> t.toList().get(0) + " " + t.toList().get(1) + " " + ((String) t.toList().get(2)).replaceAll(",\"detail\".*", "}"))
                .containsExactly(
                        "1 exception {\"sanitizer\":\"LeakSanitizer\",\"type\":\"memory leak\",\"file\":\"/tmp/diag14/san/leak.c\",\"line\":3}",
                        "8 exception {\"file\":\"ub.c\",\"line\":5,\"column\":7,\"sanitizer\":\"UndefinedBehaviorSanitizer\","
                                + "\"type\":\"signed integer overflow\"}",
                        "9 exception {\"file\":\"ub.c\",\"line\":7,\"column\":5,\"sanitizer\":\"UndefinedBehaviorSanitizer\"}",
                        "14 exception {\"sanitizer\":\"go race detector\",\"type\":\"data race\",\"file\":\"/tmp/diag14/race/main.go\","
                                + "\"line\":8}");
    }

    @Test
    void aReportAnAgentCutShortEndsBeforeTheAgentsNextLines() {
        String claude = """
                ⏺ Bash(./ringbuf)
                  ⎿  Error: =================================================================
                     ==2461==ERROR: AddressSanitizer: heap-buffer-overflow on address 0x602000000020 at pc 0x559b412291ce
                     WRITE of size 4 at 0x602000000020 thread T0
                     … +40 lines (ctrl+r to expand)

                ⏺ The write at ringbuf.c:4 runs past the buffer.

                ⏺ Bash(git status)
                """;
        assertThat(events(claude)).extracting(Extraction::lineNumber, Extraction::eventType)
                .contains(tuple(3L, "exception"))
                .anySatisfy(e -> assertThat(e.toList()).containsExactly(9L, "shell_command"));
    }

    @Test
    void eachEslintRowIsOneDiagnosticWithTheFileNamedAboveIt() {
        String eslint = """

                /tmp/diag14/node/src/a.js
                  1:7   error    'unused' is assigned a value but never used  no-unused-vars
                  1:17  warning  Missing semicolon                            semi

                /tmp/diag14/node/src/bad.js
                  1:10  error  Parsing error: Unexpected token (

                ✖ 3 problems (2 errors, 1 warning)
                  0 errors and 1 warning potentially fixable with the `--fix` option.
                """;
        assertThat(events(eslint)).extracting(Extraction::eventType, Extraction::matchedValue, Extraction::metadataJson)
                .containsExactly(
                        tuple("compiler_error", "'unused' is assigned a value but never used",
                                "{\"file\":\"/tmp/diag14/node/src/a.js\",\"line\":1,\"column\":7,\"code\":\"no-unused-vars\"}"),
                        tuple("compiler_warning", "Missing semicolon",
                                "{\"file\":\"/tmp/diag14/node/src/a.js\",\"line\":1,\"column\":17,\"code\":\"semi\"}"),
                        tuple("compiler_error", "Parsing error: Unexpected token (",
                                "{\"file\":\"/tmp/diag14/node/src/bad.js\",\"line\":1,\"column\":10}"),
                        tuple("build_result", "3 problems (2 errors, 1 warning)", "{\"problems\":3,\"errors\":2,\"warnings\":1}"));
    }

    @Test
    void hostileLinesWithTheKeywordsCostLinearTime() {
        List<Recognizer> recognizers = List.of(new ToolError(), new SanitizerReport(), new EslintRow(), new MakeError());
        for (String filler : List.of(" ", ":", "1", "=", "#", "  error  ", "ld: ", "0x", ": *** ", "[", "a:1")) {
            GnuDiagnosticTest.assertLinear("filler " + filler, chars -> {
                String body = filler.repeat(chars / filler.length());
                List<String[]> lines = List.of(new String[] {"ld: " + body + " undefined reference to `x'", "a" + body},
                        new String[] {"==1==ERROR: " + body, null}, new String[] {"1:2  error  " + body, "/a" + body},
                        new String[] {"make[1]: *** [" + body, null}, new String[] {"make: *** " + body + " ", null});
                return () -> {
                    for (Recognizer r : recognizers) {
                        lines.forEach(line -> r.recognize(line[0], line[1]));
                    }
                    SanitizerLines.userFrame("#1 0x1 in " + body);
                    SanitizerLines.isShadow(body + ": 00");
                };
            });
        }
    }
}
