package dev.affix.storage;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * The rules every key and prefix obeys in every service, so that a key valid in one service can be
 * mirrored or copied to any other: slash-separated segments, none empty, none {@code .} or
 * {@code ..}, no leading slash, no control characters, valid Unicode (no lone surrogate, which no
 * file name, object name or UTF-8 text can hold), at most 1024 bytes of UTF-8.
 */
public final class StorageKeys {

    public static final int MAX_KEY_BYTES = 1024;
    private static final int RANDOM_KEY_LENGTH = 28;
    private static final char[] BASE36 = "0123456789abcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private StorageKeys() {
    }

    /** A fresh unguessable key: 28 lower-case base-36 characters, as Active Storage makes them. */
    public static String random() {
        char[] key = new char[RANDOM_KEY_LENGTH];
        for (int i = 0; i < key.length; i++) {
            key[i] = BASE36[RANDOM.nextInt(BASE36.length)];
        }
        return new String(key);
    }

    /** Returns the key unchanged, or throws {@link InvalidKeyException} saying what is wrong with it. */
    public static String requireValidKey(String key) {
        check("key", key, false);
        return key;
    }

    /** Like a key, but may end with a slash; an empty prefix is refused because it would match everything. */
    public static String requireValidPrefix(String prefix) {
        check("prefix", prefix, true);
        return prefix;
    }

    /** A prefix to list by: like {@link #requireValidPrefix}, but empty lists every object. */
    public static String requireValidListPrefix(String prefix) {
        return "".equals(prefix) ? prefix : requireValidPrefix(prefix);
    }

    private static void check(String what, String value, boolean trailingSlashAllowed) {
        if (value == null || value.isEmpty()) {
            throw new InvalidKeyException(what + " must not be empty");
        }
        if (value.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
            throw new InvalidKeyException(what + " '" + abbreviate(value) + "' is longer than " + MAX_KEY_BYTES + " bytes");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isISOControl(c)) {
                throw new InvalidKeyException(what + " '" + printable(value) + "' contains control character U+"
                        + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidKeyException(what + " '" + printable(value) + "' contains a lone surrogate U+"
                        + String.format("%04X", (int) c) + " at index " + i + ", which is not valid Unicode");
            }
        }
        if (value.startsWith("/")) {
            throw new InvalidKeyException(what + " '" + value + "' is absolute: it must not start with '/'");
        }
        String body = trailingSlashAllowed && value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
        for (String segment : body.split("/", -1)) {
            if (segment.isEmpty()) {
                throw new InvalidKeyException(what + " '" + value + "' has an empty path segment");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new InvalidKeyException(what + " '" + value + "' has a '" + segment + "' segment");
            }
        }
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : abbreviate(value).toCharArray()) {
            out.append(Character.isISOControl(c) || Character.isSurrogate(c) ? String.format("\\u%04x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
