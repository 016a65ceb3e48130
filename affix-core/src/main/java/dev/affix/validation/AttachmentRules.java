package dev.affix.validation;

import dev.affix.blob.Blob;
import dev.affix.config.ByteSizes;
import dev.affix.config.ConfigurationException;
import dev.affix.storage.AllowedContentTypes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declaration's {@code validate:} rules. Types are the ones identified from the bytes, matched on the
 * parsed essence (exact, or a {@code type/*} family, which never admits active types such as SVG);
 * dimensions are the analysed {@code width} and {@code height} (upright), so a declaration with
 * dimension rules is analysed immediately. Null means the rule is not set.
 *
 * <pre>{@code
 * validate: { content_types: [image/png, "image/*"], max_byte_size: 5MiB, min_byte_size: 1, max_count: 10, min_count: 1,
 *             min_width: 100, max_width: 8000, min_height: 100, max_height: 8000, aspect_ratio: square | portrait | landscape | "16:9" }
 * }</pre>
 */
public record AttachmentRules(AllowedContentTypes contentTypes, Long minByteSize, Long maxByteSize, Integer minCount, Integer maxCount,
        Integer minWidth, Integer maxWidth, Integer minHeight, Integer maxHeight, String aspectRatio) {

    public static final AttachmentRules NONE = new AttachmentRules(null, null, null, null, null, null, null, null, null, null);
    /** The names of the rules, as configured. */
    public static final Set<String> NAMES = Set.of("content_types", "min_byte_size", "max_byte_size", "min_count", "max_count", "min_width",
            "max_width", "min_height", "max_height", "aspect_ratio");
    private static final Pattern RATIO = Pattern.compile("([1-9][0-9]{0,4}):([1-9][0-9]{0,4})");
    /** How far a "W:H" ratio may be off, relatively: 1366x768 passes as 16:9. */
    private static final double RATIO_TOLERANCE = 0.005;

    public AttachmentRules {
        if (aspectRatio != null && !Set.of("square", "portrait", "landscape").contains(aspectRatio) && !RATIO.matcher(aspectRatio).matches()) {
            throw new IllegalArgumentException("aspect_ratio '" + aspectRatio + "' is not square, portrait, landscape or \"W:H\"");
        }
    }

    /** Reads a declaration's {@code validate:} map; {@code where} names the declaration in errors. */
    public static AttachmentRules fromConfig(String where, Object settings) {
        if (settings == null) {
            return NONE;
        }
        if (!(settings instanceof Map<?, ?> map)) {
            throw new ConfigurationException(where + ": validate must be a map of rules, not " + settings);
        }
        for (Object key : map.keySet()) {
            if (!NAMES.contains(String.valueOf(key))) {
                throw new ConfigurationException(where + ": validate: unknown rule '" + key + "' (" + String.join(", ",
                        NAMES.stream().sorted().toList()) + ")");
            }
        }
        try {
            Object types = map.get("content_types");
            return new AttachmentRules(types == null ? null : AllowedContentTypes.parse(types), size(map, "min_byte_size"),
                    size(map, "max_byte_size"), whole(map, "min_count"), whole(map, "max_count"), whole(map, "min_width"),
                    whole(map, "max_width"), whole(map, "min_height"), whole(map, "max_height"),
                    map.get("aspect_ratio") == null ? null : String.valueOf(map.get("aspect_ratio")));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException(where + ": validate: " + e.getMessage());
        }
    }

    public boolean isEmpty() {
        return equals(NONE);
    }

    /** Whether a rule reads the file's width and height, which analysis must find before the attach. */
    public boolean needsDimensions() {
        return minWidth != null || maxWidth != null || minHeight != null || maxHeight != null || aspectRatio != null;
    }

    /** The rules one file breaks, given what analysis found in it ({@code width}, {@code height}). */
    public List<Violation> check(Blob blob, Map<String, Object> facts) {
        List<Violation> broken = checkDeclared(blob.filename(), blob.contentType(), blob.byteSize());
        if (needsDimensions()) {
            checkDimensions("'" + blob.filename() + "'", facts, broken);
        }
        return broken;
    }

    /**
     * The type and size rules that a file breaks by what is said of it before its bytes are read, as a
     * browser declares a direct upload; the bytes are checked again when the file is attached.
     */
    public List<Violation> checkDeclared(String filename, String contentType, long byteSize) {
        List<Violation> broken = new ArrayList<>();
        String name = "'" + filename + "'";
        if (contentTypes != null && !contentTypes.allows(contentType)) {
            broken.add(new Violation("content_types", name + " is " + contentType + ", not one of " + contentTypes.sorted()));
        }
        if (minByteSize != null && byteSize < minByteSize) {
            broken.add(new Violation("min_byte_size", name + " is " + byteSize + " bytes, less than " + minByteSize));
        }
        if (maxByteSize != null && byteSize > maxByteSize) {
            broken.add(new Violation("max_byte_size", name + " is " + byteSize + " bytes, more than " + maxByteSize));
        }
        return broken;
    }

    /** The rules a slot holding {@code count} files breaks. */
    public List<Violation> checkCount(int count) {
        List<Violation> broken = new ArrayList<>();
        if (minCount != null && count < minCount) {
            broken.add(new Violation("min_count", count + " files, fewer than " + minCount));
        }
        if (maxCount != null && count > maxCount) {
            broken.add(new Violation("max_count", count + " files, more than " + maxCount));
        }
        return broken;
    }

    private void checkDimensions(String name, Map<String, Object> facts, List<Violation> broken) {
        if (!(facts.get("width") instanceof Number w) || !(facts.get("height") instanceof Number h)) {
            broken.add(new Violation("dimensions", name + " has no width and height that the analyzers could read"));
            return;
        }
        long width = w.longValue();
        long height = h.longValue();
        if (minWidth != null && width < minWidth) {
            broken.add(new Violation("min_width", name + " is " + width + " pixels wide, less than " + minWidth));
        }
        if (maxWidth != null && width > maxWidth) {
            broken.add(new Violation("max_width", name + " is " + width + " pixels wide, more than " + maxWidth));
        }
        if (minHeight != null && height < minHeight) {
            broken.add(new Violation("min_height", name + " is " + height + " pixels high, less than " + minHeight));
        }
        if (maxHeight != null && height > maxHeight) {
            broken.add(new Violation("max_height", name + " is " + height + " pixels high, more than " + maxHeight));
        }
        if (aspectRatio != null && !ratioHolds(width, height)) {
            broken.add(new Violation("aspect_ratio", name + " is " + width + "x" + height + ", not " + aspectRatio));
        }
    }

    private boolean ratioHolds(long width, long height) {
        switch (aspectRatio) {
            case "square":
                return width == height;
            case "portrait":
                return height > width;
            case "landscape":
                return width > height;
            default:
                Matcher ratio = RATIO.matcher(aspectRatio);
                ratio.matches();
                double wanted = Double.parseDouble(ratio.group(1)) / Double.parseDouble(ratio.group(2));
                return height > 0 && Math.abs((double) width / height - wanted) <= wanted * RATIO_TOLERANCE;
        }
    }

    private static Long size(Map<?, ?> map, String key) {
        Object value = map.get(key);
        return value == null ? null : ByteSizes.parse(key, value);
    }

    private static Integer whole(Map<?, ?> map, String key) {
        Object value = map.get(key);
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).trim();
        if (!text.matches("[0-9]{1,9}")) {
            throw new IllegalArgumentException(key + " '" + value + "' is not a whole number");
        }
        return Integer.parseInt(text);
    }
}
