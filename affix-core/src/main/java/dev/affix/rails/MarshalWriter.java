package dev.affix.rails;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes plain data as Ruby Marshal (format 4.8), the way Ruby writes what Active Storage signs:
 * integers, UTF-8 strings, nil, true and false, arrays, and hashes whose keys become symbols (Active
 * Storage's hashes are keyed by symbols). Repeated symbols are written as links, as Ruby does.
 */
final class MarshalWriter {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final Map<String, Integer> symbols = new HashMap<>();

    private MarshalWriter() {
    }

    static byte[] write(Object value) {
        MarshalWriter writer = new MarshalWriter();
        writer.out.write(4);
        writer.out.write(8);
        writer.value(value);
        return writer.out.toByteArray();
    }

    private void value(Object value) {
        if (value == null) {
            out.write('0');
        } else if (value instanceof Boolean b) {
            out.write(b ? 'T' : 'F');
        } else if (value instanceof Integer || value instanceof Long) {
            integer(((Number) value).longValue());
        } else if (value instanceof String text) {
            // a UTF-8 string: its bytes, then one instance variable, E = true
            out.write('I');
            out.write('"');
            bytes(text.getBytes(StandardCharsets.UTF_8));
            number(1);
            symbol("E");
            out.write('T');
        } else if (value instanceof List<?> list) {
            out.write('[');
            number(list.size());
            list.forEach(this::value);
        } else if (value instanceof Map<?, ?> map) {
            out.write('{');
            number(map.size());
            map.forEach((key, element) -> {
                symbol(String.valueOf(key));
                value(element);
            });
        } else {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as Marshal data");
        }
    }

    /** Ruby writes an integer that fits in 32 bits as a Fixnum, a larger one as a Bignum of 16-bit digits. */
    private void integer(long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write('i');
            number(value);
            return;
        }
        out.write('l');
        out.write(value < 0 ? '-' : '+');
        byte[] big = BigInteger.valueOf(value).abs().toByteArray();
        int length = big.length;
        while (length > 1 && big[big.length - length] == 0) {
            length--;
        }
        int shorts = (length + 1) / 2;
        number(shorts);
        for (int i = 0; i < shorts * 2; i++) {
            out.write(i < length ? big[big.length - 1 - i] : 0);
        }
    }

    private void symbol(String name) {
        Integer index = symbols.get(name);
        if (index != null) {
            out.write(';');
            number(index);
            return;
        }
        symbols.put(name, symbols.size());
        byte[] bytes = name.getBytes(StandardCharsets.UTF_8);
        out.write(':');
        bytes(bytes);
    }

    private void bytes(byte[] bytes) {
        number(bytes.length);
        out.write(bytes, 0, bytes.length);
    }

    /** Marshal's packed integer: small values in one byte, others as a length and up to four little-endian bytes. */
    private void number(long x) {
        if (x == 0) {
            out.write(0);
        } else if (x > 0 && x < 123) {
            out.write((int) x + 5);
        } else if (x < 0 && x > -124) {
            out.write((int) (x - 5) & 0xff);
        } else {
            byte[] buffer = new byte[4];
            long rest = x;
            for (int i = 1; i <= 4; i++) {
                buffer[i - 1] = (byte) rest;
                rest >>= 8;
                if (rest == 0 || rest == -1) {
                    out.write(rest == 0 ? i : -i & 0xff);
                    out.write(buffer, 0, i);
                    return;
                }
            }
            throw new IllegalArgumentException(x + " does not fit in a Marshal packed integer");
        }
    }
}
