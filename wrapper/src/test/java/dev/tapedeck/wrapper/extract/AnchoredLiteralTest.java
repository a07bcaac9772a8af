package dev.tapedeck.wrapper.extract;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnchoredLiteralTest {
    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "^exec\\s*$ | exec",
        "^file update:?\\s*$ | file update",
        "^tokens used:?\\s*$ | tokens used",
        "^abc+x | abc",
        "^abc*x | ab",
        "^ab{0,2} | NONE",
        "^Über uns | Über uns",
        "exec\\s*$ | NONE",
        "'^exec|^run' | NONE",
        "^(?:exec) | NONE",
        "^x(y) | NONE",
        "^[ab]cd | NONE",
    })
    void theLiteralStartOfAnAnchoredRegex(String regex, String literal) {
        assertThat(AnchoredLiteral.of(Pattern.compile(regex))).isEqualTo(literal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "^Tokens Used | Tokens Used",
        "^tokens Über | 'tokens '",
        "^Über | NONE",
    })
    void ignoringCaseOnlyAsciiCounts(String regex, String literal) {
        assertThat(AnchoredLiteral.of(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE)))
                .isEqualTo(literal);
    }

    @ParameterizedTest
    @CsvSource({"^exec", "^file update"})
    void otherFlagsGiveNone(String regex) {
        assertThat(AnchoredLiteral.of(Pattern.compile(regex, Pattern.COMMENTS))).isNull();
        assertThat(AnchoredLiteral.of(Pattern.compile(regex, Pattern.MULTILINE))).isNull();
    }
}
