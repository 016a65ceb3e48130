package dev.affix.s3;

/** Checks for text that goes into an HTTP header, where anything outside printable US-ASCII is either mangled or an injection. */
final class HeaderValues {

    private HeaderValues() {
    }

    static boolean isPrintableAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** Returns the value, or throws naming what it is when it cannot be sent as a header. */
    static String requirePrintableAscii(String what, String value) {
        if (!isPrintableAscii(value)) {
            throw new IllegalArgumentException(what + " '" + value + "' must be printable US-ASCII to be sent as an HTTP header");
        }
        return value;
    }
}
