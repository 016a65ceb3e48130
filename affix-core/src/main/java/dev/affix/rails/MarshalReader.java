package dev.affix.rails;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads the few shapes of Ruby Marshal data (format 4.8) that Active Storage signs: integers,
 * strings, symbols, nil, true and false, and small arrays and hashes of them (a blob id, a Disk
 * token's hash, a variation's transformations). Everything else is refused, before anything is made
 * of it: objects of any class, user-marshalled data, floats, regular expressions, hashes with a
 * default, strings in an encoding other than UTF-8 or US-ASCII, deep or large structures, and links
 * to anything but a string already read. Symbols come back as Strings, as do hash keys.
 *
 * <p>This is deliberately not a Marshal implementation: general Marshal data names classes to
 * instantiate, which is how Marshal payloads become code execution in Ruby.
 */
final class MarshalReader {

    static final int MAX_DEPTH = 4;
    static final int MAX_ELEMENTS = 64;
    static final int MAX_BYTES = 16 * 1024;

    private final ByteBuffer in;
    private final List<String> symbols = new ArrayList<>();
    private final List<Object> objects = new ArrayList<>();

    private MarshalReader(byte[] data) {
        this.in = ByteBuffer.wrap(data);
    }

    /**
     * The value the bytes hold, if they hold one of the accepted shapes and nothing after it; empty
     * for anything else, and for nil, which no signed id or token is.
     */
    static Optional<Object> read(byte[] data) {
        if (data.length > MAX_BYTES || data.length < 3 || data[0] != 4 || data[1] != 8) {
            return Optional.empty();
        }
        MarshalReader reader = new MarshalReader(data);
        reader.in.position(2);
        try {
            Object value = reader.value(0);
            return reader.in.hasRemaining() ? Optional.empty() : Optional.ofNullable(value);
        } catch (Refused e) {
            return Optional.empty();
        }
    }

    private Object value(int depth) {
        if (depth > MAX_DEPTH) {
            throw new Refused();
        }
        byte type = next();
        return switch (type) {
            case '0' -> null;
            case 'T' -> Boolean.TRUE;
            case 'F' -> Boolean.FALSE;
            case 'i' -> integer();
            case 'l' -> register(bignum());
            case ':' -> symbol();
            case ';' -> symbolLink();
            case '"' -> register(text(false, false));
            case 'I' -> withEncoding();
            case '[' -> array(depth);
            case '{' -> hash(depth);
            case '@' -> stringLink();
            default -> throw new Refused();
        };
    }

    /**
     * {@code I} wraps a string or symbol with its encoding, the one instance variable allowed. Like
     * Ruby, the string or symbol takes its place in its table before the instance variable is read.
     */
    private Object withEncoding() {
        byte type = next();
        if (type != '"' && type != ':') {
            throw new Refused();
        }
        byte[] bytes = bytes(length());
        boolean string = type == '"';
        int slot = string ? objects.size() : symbols.size();
        if (string) {
            objects.add(null);
        } else {
            symbols.add(null);
        }
        if (count() != 1) {
            throw new Refused();
        }
        String name = symbolName();
        Object flag = value(MAX_DEPTH);
        // E true is UTF-8, E false US-ASCII; any other encoding is named with :encoding and refused
        if (!name.equals("E") || !(flag instanceof Boolean utf8)) {
            throw new Refused();
        }
        String text = decode(bytes, utf8);
        if (string) {
            objects.set(slot, text);
        } else {
            symbols.set(slot, text);
        }
        return text;
    }

    private String text(boolean ascii, boolean symbol) {
        String text = decode(bytes(length()), !ascii);
        if (symbol) {
            symbols.add(text);
        }
        return text;
    }

    private String symbol() {
        return text(false, true);
    }

    private String symbolName() {
        byte type = next();
        if (type == ':') {
            return symbol();
        }
        if (type == ';') {
            return symbolLink();
        }
        throw new Refused();
    }

    private String symbolLink() {
        int index = integer().intValue();
        if (index < 0 || index >= symbols.size() || symbols.get(index) == null) {
            throw new Refused();
        }
        return symbols.get(index);
    }

    private String stringLink() {
        int index = integer().intValue();
        if (index < 0 || index >= objects.size() || !(objects.get(index) instanceof String text)) {
            throw new Refused();
        }
        return text;
    }

    private List<Object> array(int depth) {
        int count = count();
        List<Object> list = new ArrayList<>(count);
        objects.add(list);
        for (int i = 0; i < count; i++) {
            list.add(value(depth + 1));
        }
        return list;
    }

    private Map<String, Object> hash(int depth) {
        int count = count();
        Map<String, Object> map = new LinkedHashMap<>();
        objects.add(map);
        for (int i = 0; i < count; i++) {
            if (!(value(depth + 1) instanceof String key) || map.containsKey(key)) {
                throw new Refused();
            }
            map.put(key, value(depth + 1));
        }
        return map;
    }

    private <T> T register(T value) {
        objects.add(value);
        return value;
    }

    private Long integer() {
        byte c = next();
        if (c == 0) {
            return 0L;
        }
        if (c > 4) {
            return (long) c - 5;
        }
        if (c < -4) {
            return (long) c + 5;
        }
        long x = c > 0 ? 0 : -1;
        int n = Math.abs(c);
        for (int i = 0; i < n; i++) {
            long b = next() & 0xffL;
            x &= ~(0xffL << (8 * i));
            x |= b << (8 * i);
        }
        return x;
    }

    /** A Bignum, taken only when it fits in a long (a large blob id). */
    private Long bignum() {
        byte sign = next();
        if (sign != '+' && sign != '-') {
            throw new Refused();
        }
        int shorts = count();
        if (shorts > 4) {
            throw new Refused();
        }
        byte[] little = bytes(shorts * 2);
        byte[] big = new byte[little.length + 1];
        for (int i = 0; i < little.length; i++) {
            big[big.length - 1 - i] = little[i];
        }
        BigInteger value = new BigInteger(big);
        if (sign == '-') {
            value = value.negate();
        }
        if (value.bitLength() > 63) {
            throw new Refused();
        }
        return value.longValue();
    }

    private int count() {
        long n = integer();
        if (n < 0 || n > MAX_ELEMENTS) {
            throw new Refused();
        }
        return (int) n;
    }

    private int length() {
        long n = integer();
        if (n < 0 || n > in.remaining()) {
            throw new Refused();
        }
        return (int) n;
    }

    private byte[] bytes(int length) {
        if (length > in.remaining()) {
            throw new Refused();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return bytes;
    }

    private byte next() {
        if (!in.hasRemaining()) {
            throw new Refused();
        }
        return in.get();
    }

    /** Strict decoding: malformed UTF-8, or a non-ASCII byte in a US-ASCII string, is refused. */
    private static String decode(byte[] bytes, boolean utf8) {
        try {
            return (utf8 ? StandardCharsets.UTF_8 : StandardCharsets.US_ASCII).newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new Refused();
        }
    }

    /** Data outside the accepted shapes; caught in {@link #read}, never seen by callers. */
    private static final class Refused extends RuntimeException {
        Refused() {
            super(null, null, false, false);
        }
    }
}
