package dev.affix.variant;

import dev.affix.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a variant does to an image, as a typed and validated value: the vocabulary Rails users know
 * from ImageProcessing. Geometry steps run in the order given; the output {@link #format()},
 * {@link #quality()} and {@link #strip()} apply when the result is written. The image is always turned
 * upright first (EXIF orientation). Anything outside the vocabulary, or with an argument of the wrong
 * type or size, is refused with {@link InvalidTransformationException} naming it, before any decoder runs.
 *
 * <pre>{@code
 * resize_to_limit: [400, 400]         # shrink to fit inside, never enlarge
 * resize_to_fit:   [400, 400]         # fit inside, enlarging if smaller
 * resize_to_fill:  [100, 100, {gravity: north}]   # cover, then crop to exactly this size
 * resize_and_pad:  [100, 100, {background: "#ffffff", gravity: centre}]
 * crop:            [left, top, width, height]
 * rotate:          90                 # 90, 180 or 270 (negative turns the other way)
 * format: webp                        # jpeg, png, webp, avif, gif
 * quality: 80                         # 1-100, for jpeg, webp and avif
 * strip: true                         # drop metadata (EXIF, ICC profiles, comments)
 * }</pre>
 *
 * @param steps   the geometry steps, in order
 * @param format  the output format; null keeps the original's web format, else PNG ({@link OutputFormat#forOriginal})
 * @param quality 1 to 100, or null for the processor's default
 * @param strip   whether metadata is dropped from the output
 */
public record Transformations(List<Step> steps, OutputFormat format, Integer quality, boolean strip) {

    /** The largest width or height a step may ask for. */
    public static final int MAX_SIDE = 8192;
    /** The largest area a step may ask for: bigger targets are pixel floods made to order. */
    public static final long MAX_PIXELS = 25_000_000L;
    /** The names this vocabulary knows, in the order listed in errors. */
    public static final List<String> NAMES = List.of("resize_to_limit", "resize_to_fit", "resize_to_fill", "resize_and_pad", "crop",
            "rotate", "format", "quality", "strip");

    public Transformations {
        steps = List.copyOf(steps);
        Set<String> seen = new HashSet<>();
        for (Step step : steps) {
            // written as a map, in configuration and in variation keys, a step can appear once
            if (!seen.add(step.name())) {
                throw new InvalidTransformationException(step.name(), "is given twice");
            }
        }
        if (quality != null && (quality < 1 || quality > 100)) {
            throw new InvalidTransformationException("quality", "must be 1 to 100, not " + quality);
        }
    }

    /** One geometry step. */
    public sealed interface Step permits ResizeToLimit, ResizeToFit, ResizeToFill, ResizeAndPad, Crop, Rotate {
        /** The vocabulary's name of this step. */
        String name();

        /** The step's arguments as they are written and signed. */
        Object arguments();
    }

    /** Shrinks to fit inside width x height, keeping the aspect ratio; never enlarges. */
    public record ResizeToLimit(int width, int height) implements Step {
        public ResizeToLimit {
            requireTarget("resize_to_limit", width, height);
        }

        @Override
        public String name() {
            return "resize_to_limit";
        }

        @Override
        public Object arguments() {
            return List.of(width, height);
        }
    }

    /** Fits inside width x height, keeping the aspect ratio, enlarging a smaller image. */
    public record ResizeToFit(int width, int height) implements Step {
        public ResizeToFit {
            requireTarget("resize_to_fit", width, height);
        }

        @Override
        public String name() {
            return "resize_to_fit";
        }

        @Override
        public Object arguments() {
            return List.of(width, height);
        }
    }

    /** Covers width x height, keeping the aspect ratio, then crops the overflow at {@code gravity}: exactly this size. */
    public record ResizeToFill(int width, int height, Gravity gravity) implements Step {
        public ResizeToFill {
            requireTarget("resize_to_fill", width, height);
            Objects.requireNonNull(gravity, "gravity");
        }

        @Override
        public String name() {
            return "resize_to_fill";
        }

        @Override
        public Object arguments() {
            return List.of(width, height, Map.of("gravity", gravity.configName()));
        }
    }

    /** Fits inside width x height, then pads to exactly this size with {@code background}, the image placed at {@code gravity}. */
    public record ResizeAndPad(int width, int height, Rgba background, Gravity gravity) implements Step {
        public ResizeAndPad {
            requireTarget("resize_and_pad", width, height);
            Objects.requireNonNull(background, "background");
            Objects.requireNonNull(gravity, "gravity");
        }

        @Override
        public String name() {
            return "resize_and_pad";
        }

        @Override
        public Object arguments() {
            Map<String, Object> options = new LinkedHashMap<>();
            options.put("background", background.hex());
            options.put("gravity", gravity.configName());
            return List.of(width, height, options);
        }
    }

    /** Keeps the rectangle at (left, top) of width x height; the part outside the image is cut off. */
    public record Crop(int left, int top, int width, int height) implements Step {
        public Crop {
            if (left < 0 || top < 0 || left > 1_000_000 || top > 1_000_000) {
                throw new InvalidTransformationException("crop", "left and top must be 0 to 1000000, not " + left + ", " + top);
            }
            requireTarget("crop", width, height);
        }

        @Override
        public String name() {
            return "crop";
        }

        @Override
        public Object arguments() {
            return List.of(left, top, width, height);
        }
    }

    /** Turns the image clockwise by 90, 180 or 270 degrees. */
    public record Rotate(int degrees) implements Step {
        public Rotate {
            int normalised = Math.floorMod(degrees, 360);
            if (degrees % 90 != 0 || Math.abs(degrees) > 360) {
                throw new InvalidTransformationException("rotate", "must be a multiple of 90 between -360 and 360, not " + degrees);
            }
            degrees = normalised;
        }

        @Override
        public String name() {
            return "rotate";
        }

        @Override
        public Object arguments() {
            return degrees;
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads transformations as configuration and Rails write them: a map whose keys are the
     * vocabulary's names, in the order the steps are to run.
     *
     * @throws InvalidTransformationException for an unknown name or a bad argument, naming it
     */
    public static Transformations parse(Map<String, ?> map) {
        Builder builder = builder();
        for (Map.Entry<String, ?> entry : map.entrySet()) {
            String name = String.valueOf(entry.getKey());
            Object value = entry.getValue();
            try {
                switch (name) {
                    case "resize_to_limit" -> {
                        List<?> args = arguments(value, 2, 2);
                        builder.step(new ResizeToLimit(integer(args.get(0)), integer(args.get(1))));
                    }
                    case "resize_to_fit" -> {
                        List<?> args = arguments(value, 2, 2);
                        builder.step(new ResizeToFit(integer(args.get(0)), integer(args.get(1))));
                    }
                    case "resize_to_fill" -> {
                        List<?> args = arguments(value, 2, 3);
                        Map<String, ?> options = options(args, Map.of("gravity", "", "crop", ""));
                        builder.step(new ResizeToFill(integer(args.get(0)), integer(args.get(1)), gravity(options)));
                    }
                    case "resize_and_pad" -> {
                        List<?> args = arguments(value, 2, 3);
                        Map<String, ?> options = options(args, Map.of("gravity", "", "background", "", "alpha", ""));
                        Rgba background = options.containsKey("background") ? Rgba.parse(options.get("background")) : Rgba.TRANSPARENT;
                        builder.step(new ResizeAndPad(integer(args.get(0)), integer(args.get(1)), background, gravity(options)));
                    }
                    case "crop" -> {
                        List<?> args = arguments(value, 4, 4);
                        builder.step(new Crop(integer(args.get(0)), integer(args.get(1)), integer(args.get(2)), integer(args.get(3))));
                    }
                    case "rotate" -> builder.step(new Rotate(integer(value)));
                    case "format" -> builder.format(OutputFormat.named(String.valueOf(value)).orElseThrow(
                            () -> new IllegalArgumentException("must be one of jpeg, png, webp, avif, gif, not '" + value + "'")));
                    case "quality" -> builder.quality(integer(value));
                    case "strip" -> builder.strip(bool(value));
                    default -> throw new InvalidTransformationException(name, "is not a known transformation (known: "
                            + String.join(", ", NAMES) + ")");
                }
            } catch (IllegalArgumentException | ClassCastException | IndexOutOfBoundsException e) {
                throw new InvalidTransformationException(name, e.getMessage());
            }
        }
        return builder.build();
    }

    /** As written in configuration and signed in variation keys: the steps in order, then format, quality and strip. */
    public Map<String, Object> toMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        for (Step step : steps) {
            map.put(step.name(), step.arguments());
        }
        if (format != null) {
            map.put("format", format.configName());
        }
        if (quality != null) {
            map.put("quality", quality);
        }
        if (strip) {
            map.put("strip", true);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The format the result is written in for an original of {@code contentType}. */
    public OutputFormat outputFormat(String contentType) {
        return format != null ? format : OutputFormat.forOriginal(contentType);
    }

    public Optional<OutputFormat> declaredFormat() {
        return Optional.ofNullable(format);
    }

    /** These transformations writing {@code value} instead (a named variant's format, a srcset's 2x made the same). */
    public Transformations withFormat(OutputFormat value) {
        return new Transformations(steps, value, quality, strip);
    }

    /** These transformations with every size multiplied by {@code factor} (a srcset's 2x); refused if that is too big. */
    public Transformations scaled(int factor) {
        List<Step> scaled = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof ResizeToLimit s) {
                scaled.add(new ResizeToLimit(s.width() * factor, s.height() * factor));
            } else if (step instanceof ResizeToFit s) {
                scaled.add(new ResizeToFit(s.width() * factor, s.height() * factor));
            } else if (step instanceof ResizeToFill s) {
                scaled.add(new ResizeToFill(s.width() * factor, s.height() * factor, s.gravity()));
            } else if (step instanceof ResizeAndPad s) {
                scaled.add(new ResizeAndPad(s.width() * factor, s.height() * factor, s.background(), s.gravity()));
            } else {
                scaled.add(step);
            }
        }
        return new Transformations(scaled, format, quality, strip);
    }

    /**
     * A digest of the canonical form: equal transformations, however written, have the same one. It
     * names the variant in the variant records table ({@code variation_digest}).
     */
    public String digest() {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(Json.write(toMap()).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    @Override
    public String toString() {
        return Json.write(toMap());
    }

    /** Builds transformations in code; each step is validated as it is added. */
    public static final class Builder {
        private final List<Step> steps = new ArrayList<>();
        private OutputFormat format;
        private Integer quality;
        private boolean strip;

        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Builder resizeToLimit(int width, int height) {
            return step(new ResizeToLimit(width, height));
        }

        public Builder resizeToFit(int width, int height) {
            return step(new ResizeToFit(width, height));
        }

        public Builder resizeToFill(int width, int height) {
            return step(new ResizeToFill(width, height, Gravity.CENTRE));
        }

        public Builder resizeToFill(int width, int height, Gravity gravity) {
            return step(new ResizeToFill(width, height, gravity));
        }

        public Builder resizeAndPad(int width, int height, Rgba background) {
            return step(new ResizeAndPad(width, height, background, Gravity.CENTRE));
        }

        public Builder crop(int left, int top, int width, int height) {
            return step(new Crop(left, top, width, height));
        }

        public Builder rotate(int degrees) {
            return step(new Rotate(degrees));
        }

        public Builder format(OutputFormat value) {
            this.format = value;
            return this;
        }

        public Builder quality(int value) {
            this.quality = value;
            return this;
        }

        public Builder strip(boolean value) {
            this.strip = value;
            return this;
        }

        public Transformations build() {
            return new Transformations(steps, format, quality, strip);
        }
    }

    private static void requireTarget(String name, int width, int height) {
        if (width < 1 || height < 1 || width > MAX_SIDE || height > MAX_SIDE) {
            throw new InvalidTransformationException(name, "width and height must be 1 to " + MAX_SIDE + ", not " + width + "x" + height);
        }
        if ((long) width * height > MAX_PIXELS) {
            throw new InvalidTransformationException(name, width + "x" + height + " is more than " + MAX_PIXELS + " pixels");
        }
    }

    private static List<?> arguments(Object value, int min, int max) {
        if (!(value instanceof List<?> list) || list.size() < min || list.size() > max) {
            throw new IllegalArgumentException("takes a list of " + (min == max ? min : min + " or " + max) + " arguments, not " + value);
        }
        return list;
    }

    /** The options map that may follow a step's sizes, with only the known keys. */
    private static Map<String, ?> options(List<?> args, Map<String, String> known) {
        if (args.size() < 3) {
            return Map.of();
        }
        if (!(args.get(2) instanceof Map<?, ?> options)) {
            throw new IllegalArgumentException("the third argument must be options such as {gravity: centre}, not " + args.get(2));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        options.forEach((k, v) -> {
            if (!known.containsKey(String.valueOf(k))) {
                throw new IllegalArgumentException("unknown option '" + k + "' (known: " + String.join(", ", known.keySet().stream().sorted()
                        .toList()) + ")");
            }
            result.put(String.valueOf(k), v);
        });
        return result;
    }

    private static Gravity gravity(Map<String, ?> options) {
        Object value = options.containsKey("gravity") ? options.get("gravity") : options.get("crop");
        if (value == null) {
            return Gravity.CENTRE;
        }
        return Gravity.named(String.valueOf(value)).orElseThrow(() -> new IllegalArgumentException("gravity '" + value
                + "' is not one of centre, north, south, east, west, north-east, north-west, south-east, south-west"));
    }

    static int integer(Object value) {
        if (value instanceof Integer || value instanceof Long || value instanceof Short) {
            long number = ((Number) value).longValue();
            if (number == (int) number) {
                return (int) number;
            }
        }
        // configuration bound by a framework may carry numbers as text
        if (value instanceof String text && text.matches("-?[0-9]{1,9}")) {
            return Integer.parseInt(text);
        }
        throw new IllegalArgumentException("expects a whole number, not " + (value instanceof String ? "'" + value + "'" : value));
    }

    private static boolean bool(Object value) {
        if (value instanceof Boolean b) {
            return b;
        }
        if ("true".equals(value) || "false".equals(value)) {
            return Boolean.parseBoolean((String) value);
        }
        throw new IllegalArgumentException("expects true or false, not " + value);
    }
}
