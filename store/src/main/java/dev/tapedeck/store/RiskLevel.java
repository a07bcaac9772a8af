package dev.tapedeck.store;

/** How dangerous an extracted event is (a shell command, most often). */
public enum RiskLevel {
    LOW, MEDIUM, HIGH;

    /** The lower-case name stored in {@code risk_level} and used in the API. */
    public String wireName() {
        return WireNames.of(this);
    }

    public static RiskLevel parse(String text) {
        return WireNames.parse(values(), "risk", text);
    }
}
