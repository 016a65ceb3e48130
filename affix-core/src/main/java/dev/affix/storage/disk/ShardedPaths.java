package dev.affix.storage.disk;

import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.StorageKeys;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Where the sharded layout keeps a key's file, as a path relative to the root with {@code /} between
 * segments.
 *
 * <p><b>The rule (Rails' Disk service's):</b> the path is {@code S1/S2/KEY}, where S1 is the key's
 * first two characters and S2 its third and fourth (Unicode code points, as Ruby counts them; fewer
 * for a shorter key), raw, then normalised as a path: empty and {@code .} segments vanish and a
 * {@code ..} segment removes the one before it. So {@code abcdef} lies at {@code ab/cd/abcdef},
 * {@code a/bc} at {@code a/bc/a/bc}, {@code ab/cd} at {@code ab/c/ab/cd}, {@code x} at {@code x/x},
 * {@code ab.c} at {@code ab/.c/ab.c}, {@code ab./x} at {@code ab/ab./x} and {@code ab..c} at
 * {@code ab..c}, directly below the root. The key itself needs no normalising: its segments are
 * never empty, {@code .} or {@code ..} ({@link StorageKeys}). A key refused:
 * <ul>
 * <li>one starting with {@code ..}: its shard leads out of the root (Rails refuses it too);</li>
 * <li>one whose path is also another key's path, such as {@code .a.ab} and {@code .a/.a.ab} (both at
 * {@code .a/.a/.a.ab}): whichever of the two were stored, reading, replacing or deleting the other
 * would reach its file. Rails mixes such keys up; Affix stores neither.</li>
 * </ul>
 * A shard segment is never {@code .} or {@code ..} once normalised, never holds a {@code /}, and at
 * most two characters long it can never be {@code .tmp}; a path with no shard at all (a key
 * {@code XY..…}) starts with four characters, so it is never {@code .tmp} either.
 *
 * <p><b>The legacy rule:</b> Affix before it followed Rails put a key at {@code S1/S2/KEY} with the
 * first four characters padded with {@code _} and every one that is not an ASCII letter or digit
 * replaced by {@code _}. Both rules agree for keys whose first four characters are ASCII letters,
 * digits or {@code _} (every random key); for the others a file written under the old rule is still
 * found there ({@link #legacy}), and the check above counts legacy paths too.
 */
final class ShardedPaths {

    private static final int SHARD_CODE_POINTS = 4;

    private ShardedPaths() {
    }

    /**
     * The key's path under Rails' rule.
     *
     * @throws InvalidKeyException for a key the rule refuses, saying why
     */
    static String of(String key) {
        StorageKeys.requireValidKey(key);
        String path = rails(key).orElseThrow(() -> new InvalidKeyException("key '" + key
                + "' starts with '..', which would put its file outside the Disk service's root (Rails refuses it too)"));
        Optional<String> other = sharingKey(key);
        if (other.isPresent()) {
            throw new InvalidKeyException("key '" + key + "' would share its file with key '" + other.get()
                    + "' in the sharded Disk layout (Rails' rule puts both at '" + path + "'), so neither is stored");
        }
        return path;
    }

    /** The key's path under the legacy rule, when it differs from Rails' (a file may still lie there). */
    static Optional<String> legacy(String key) {
        String legacy = legacyPath(key);
        return legacy.equals(rails(key).orElse(null)) ? Optional.empty() : Optional.of(legacy);
    }

    /**
     * The key whose file lies at {@code path} under Rails' rule, if any key the rule accepts does:
     * what a folder walk needs to tell keys from their shards.
     */
    static Optional<String> keyAt(String path) {
        return candidates(path).stream().filter(key -> rails(key).map(path::equals).orElse(false) && sharingKey(key).isEmpty())
                .findFirst();
    }

    /** The key whose file lies at {@code path} under the legacy rule, when that is not also its place under Rails' rule. */
    static Optional<String> legacyKeyAt(String path) {
        String[] segments = path.split("/", 3);
        if (segments.length < 3) {
            return Optional.empty();
        }
        String key = segments[2];
        return isValid(key) && legacy(key).map(path::equals).orElse(false) && rails(key).isPresent() && sharingKey(key).isEmpty()
                ? Optional.of(key) : Optional.empty();
    }

    /** The shard folder (relative to the root, "" for the root itself) of every key starting with these four code points. */
    static Optional<String> folderOf(String firstFourCodePoints) {
        return normalise(firstFourCodePoints.codePoints().limit(SHARD_CODE_POINTS).toArray());
    }

    /** Whether the prefix fixes the shard folder of every key starting with it. */
    static boolean fixesFolder(String prefix) {
        return prefix.codePointCount(0, prefix.length()) >= SHARD_CODE_POINTS;
    }

    /**
     * Whether every key starting with the prefix lies at the same place under both rules: its first four
     * characters are ASCII letters, digits or {@code _}, so no legacy file can hold such a key.
     */
    static boolean sameUnderBothRules(String prefix) {
        if (prefix.length() < SHARD_CODE_POINTS) {
            return false;
        }
        for (int i = 0; i < SHARD_CODE_POINTS; i++) {
            char c = prefix.charAt(i);
            if (!(c < 128 && Character.isLetterOrDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    /**
     * Another key whose file, under either rule, would lie where this key's does under either rule.
     * Such a key can only be the path with its first zero, one or two segments (the shards) removed,
     * since a shard is at most two segments deep.
     */
    private static Optional<String> sharingKey(String key) {
        List<String> paths = new ArrayList<>();
        rails(key).ifPresent(paths::add);
        legacy(key).ifPresent(paths::add);
        for (String path : paths) {
            for (String other : candidates(path)) {
                if (!other.equals(key) && (rails(other).map(path::equals).orElse(false) || legacy(other).map(path::equals).orElse(false))) {
                    return Optional.of(other);
                }
            }
        }
        return Optional.empty();
    }

    /** The valid keys that {@code path} minus its first zero, one or two segments spells. */
    private static List<String> candidates(String path) {
        List<String> keys = new ArrayList<>();
        String rest = path;
        for (int dropped = 0; dropped <= 2; dropped++) {
            if (isValid(rest)) {
                keys.add(rest);
            }
            int slash = rest.indexOf('/');
            if (slash < 0) {
                break;
            }
            rest = rest.substring(slash + 1);
        }
        return keys;
    }

    private static boolean isValid(String key) {
        try {
            StorageKeys.requireValidKey(key);
            return true;
        } catch (InvalidKeyException e) {
            return false;
        }
    }

    /** Rails' path for a valid key; empty when its shard leads out of the root. */
    private static Optional<String> rails(String key) {
        return normalise(key.codePoints().limit(SHARD_CODE_POINTS).toArray()).map(folder -> folder.isEmpty() ? key : folder + "/" + key);
    }

    /** {@code key[0..1] + "/" + key[2..3]} normalised as a path; empty if a {@code ..} climbs above the root. */
    private static Optional<String> normalise(int[] firstCodePoints) {
        String first = new String(firstCodePoints, 0, Math.min(2, firstCodePoints.length));
        String second = firstCodePoints.length > 2 ? new String(firstCodePoints, 2, firstCodePoints.length - 2) : "";
        Deque<String> folders = new ArrayDeque<>();
        for (String segment : (first + "/" + second).split("/")) {
            if (segment.equals("..")) {
                if (folders.isEmpty()) {
                    return Optional.empty();
                }
                folders.removeLast();
            } else if (!segment.isEmpty() && !segment.equals(".")) {
                folders.addLast(segment);
            }
        }
        return Optional.of(String.join("/", folders));
    }

    private static String legacyPath(String key) {
        char[] shard = new char[SHARD_CODE_POINTS];
        Arrays.fill(shard, '_');
        for (int i = 0; i < SHARD_CODE_POINTS && i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 128 && Character.isLetterOrDigit(c)) {
                shard[i] = c;
            }
        }
        return new String(shard, 0, 2) + "/" + new String(shard, 2, 2) + "/" + key;
    }
}
