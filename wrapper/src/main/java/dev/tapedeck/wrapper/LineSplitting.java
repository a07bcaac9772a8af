package dev.tapedeck.wrapper;

/**
 * Cuts a whole byte array into clean lines the way the recorder cuts live output; for tools and
 * tests that read recorded output from a file.
 */
public final class LineSplitting {
    /** Receives each line's clean text, raw bytes (null when plain) and split mark. */
    public interface LineSink {
        void line(String text, byte[] raw, boolean split);
    }

    private LineSplitting() {
    }

    public static void split(byte[] output, int maxLineBytes, LineSink sink) {
        LineAssembler assembler = new LineAssembler(maxLineBytes);
        LineCleaner.Carry carry = new LineCleaner.Carry();
        LineAssembler.Sink decode = (raw, length, terminated, split, printableAscii) -> {
            LineText.Decoded decoded = LineText.decode(raw, length, terminated, split, printableAscii, carry);
            sink.line(decoded.text(), decoded.raw(), split);
        };
        assembler.feed(output, decode);
        assembler.finish(decode);
    }
}
