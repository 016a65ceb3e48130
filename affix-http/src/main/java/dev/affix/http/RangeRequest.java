package dev.affix.http;

import dev.affix.storage.ByteRange;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a Range header asks of an object of known size (RFC 9110 §14). One range per request:
 * <ul>
 *   <li>no header, or a unit other than {@code bytes}: the whole object (the RFC says to ignore it);</li>
 *   <li>{@code bytes=F-L}, {@code bytes=F-}, {@code bytes=-N}: that part;</li>
 *   <li>several ranges, a malformed or unsatisfiable one, or one longer than the cap: {@link Unsatisfiable}
 *       (a malformed bytes range gets 416, as RFC 9110 advises, rather than the whole object);</li>
 *   <li>an open range ({@code bytes=F-}) whose rest is longer than the cap is cut at the cap, as media
 *       players ask {@code bytes=0-} and go on from where the answer stops.</li>
 * </ul>
 */
sealed interface RangeRequest {

    record Whole() implements RangeRequest {
    }

    record Partial(ByteRange range) implements RangeRequest {
    }

    record Unsatisfiable() implements RangeRequest {
    }

    Pattern SPEC = Pattern.compile("(\\d*)-(\\d*)");

    static RangeRequest parse(String header, long size, long maxBytes) {
        if (header == null) {
            return new Whole();
        }
        int equals = header.indexOf('=');
        if (equals < 0 || !header.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("bytes")) {
            return new Whole();
        }
        String spec = header.substring(equals + 1).trim();
        Matcher matcher = SPEC.matcher(spec);
        if (!matcher.matches() || (matcher.group(1).isEmpty() && matcher.group(2).isEmpty())) {
            return new Unsatisfiable();
        }
        if (matcher.group(1).isEmpty()) {
            return suffix(number(matcher.group(2)), size, maxBytes);
        }
        long first = number(matcher.group(1));
        if (first >= size) {
            return new Unsatisfiable();
        }
        if (matcher.group(2).isEmpty()) {
            return new Partial(ByteRange.inclusive(first, first + Math.min(size - first, maxBytes) - 1));
        }
        long last = number(matcher.group(2));
        if (last < first) {
            return new Unsatisfiable();
        }
        ByteRange range = ByteRange.inclusive(first, Math.min(last, size - 1));
        return range.lengthWithin(size) > maxBytes ? new Unsatisfiable() : new Partial(range);
    }

    private static RangeRequest suffix(long length, long size, long maxBytes) {
        if (length == 0 || size == 0) {
            return new Unsatisfiable();
        }
        long served = Math.min(length, size);
        return served > maxBytes ? new Unsatisfiable() : new Partial(ByteRange.inclusive(size - served, size - 1));
    }

    /** Digits as a number; more digits than a long holds mean "past any end", which the callers handle. */
    private static long number(String digits) {
        String significant = digits.replaceFirst("^0+(?=.)", "");
        return significant.length() > 18 ? Long.MAX_VALUE : Long.parseLong(significant);
    }
}
