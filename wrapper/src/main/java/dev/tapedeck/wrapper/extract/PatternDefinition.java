package dev.tapedeck.wrapper.extract;

import dev.tapedeck.store.RiskLevel;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One pattern of a {@link PatternSet}, validated.
 *
 * @param keywords     literal strings, one of which must occur in a line before the regex is tried
 *                     (empty: always try)
 * @param risk         fixed risk, or {@code null} for none; ignored when {@code classifyShell}
 * @param classifyShell the value is a shell command whose risk the set's shell rules decide
 * @param after        the previous line of the same stream must match this (its named groups join
 *                     the event), or {@code null}
 * @param continuation when the next line of the same stream matches this, its named groups join
 *                     the event, or {@code null}
 * @param isFinal      when this pattern matches, patterns of lower priority are not tried on the line
 * @param groups       the regex's named groups, in order
 */
record PatternDefinition(String name, String eventType, Pattern regex, List<String> keywords, RiskLevel risk,
                         boolean classifyShell, boolean autoConfirmable, int priority, Pattern after,
                         Pattern continuation, boolean isFinal, List<String> groups) {
}
