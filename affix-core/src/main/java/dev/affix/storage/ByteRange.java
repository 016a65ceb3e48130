package dev.affix.storage;

/**
 * A range of bytes, {@code first} to {@code last} inclusive. A range that runs past the end of an
 * object is cut at the end; one that starts at or past the end is not satisfiable.
 */
public record ByteRange(long first, long last) {

    public ByteRange {
        if (first < 0) {
            throw new IllegalArgumentException("range start " + first + " is negative");
        }
        if (last < first) {
            throw new IllegalArgumentException("range end " + last + " is before its start " + first);
        }
    }

    /** Bytes {@code first} to {@code last}, both included (HTTP's {@code bytes=first-last}). */
    public static ByteRange inclusive(long first, long last) {
        return new ByteRange(first, last);
    }

    /** Bytes from {@code first} up to, not including, {@code end}. */
    public static ByteRange exclusive(long first, long end) {
        if (end <= first) {
            throw new IllegalArgumentException("range [" + first + ", " + end + ") is empty");
        }
        return new ByteRange(first, end - 1);
    }

    /** Bytes from {@code first} to the end of the object. */
    public static ByteRange from(long first) {
        return new ByteRange(first, Long.MAX_VALUE);
    }

    /** Parses {@code FIRST-LAST} or {@code FIRST-} as the command line and HTTP write them. */
    public static ByteRange parse(String text) {
        int dash = text.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("range '" + text + "' is not of the form FIRST-LAST or FIRST-");
        }
        try {
            long first = Long.parseLong(text.substring(0, dash).trim());
            String end = text.substring(dash + 1).trim();
            return end.isEmpty() ? from(first) : inclusive(first, Long.parseLong(end));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("range '" + text + "' is not of the form FIRST-LAST or FIRST-", e);
        }
    }

    /** Whether any of the range lies inside an object of {@code size} bytes. */
    public boolean isSatisfiableFor(long size) {
        return first < size;
    }

    /** The last byte actually served from an object of {@code size} bytes. */
    public long lastWithin(long size) {
        return Math.min(last, size - 1);
    }

    /** How many bytes the range covers in an object of {@code size} bytes. */
    public long lengthWithin(long size) {
        return lastWithin(size) - first + 1;
    }

    @Override
    public String toString() {
        return last == Long.MAX_VALUE ? first + "-" : first + "-" + last;
    }
}
