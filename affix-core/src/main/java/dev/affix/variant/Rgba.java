package dev.affix.variant;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** A background colour for padding, 0–255 per channel; alpha 255 is opaque. */
public record Rgba(int red, int green, int blue, int alpha) {

    private static final Pattern HEX = Pattern.compile("#?([0-9a-fA-F]{6}|[0-9a-fA-F]{8})");

    public static final Rgba WHITE = new Rgba(255, 255, 255, 255);
    public static final Rgba BLACK = new Rgba(0, 0, 0, 255);
    public static final Rgba TRANSPARENT = new Rgba(0, 0, 0, 0);

    public Rgba {
        for (int channel : new int[] {red, green, blue, alpha}) {
            if (channel < 0 || channel > 255) {
                throw new IllegalArgumentException("a colour channel must be 0 to 255, not " + channel);
            }
        }
    }

    /** {@code #rrggbb}, {@code #rrggbbaa}, {@code white}, {@code black}, {@code transparent}, or a list of 3 or 4 numbers. */
    static Rgba parse(Object value) {
        if (value instanceof List<?> list && (list.size() == 3 || list.size() == 4)) {
            int[] channels = list.stream().mapToInt(Transformations::integer).toArray();
            return new Rgba(channels[0], channels[1], channels[2], channels.length == 4 ? channels[3] : 255);
        }
        if (value instanceof String text) {
            switch (text.toLowerCase(Locale.ROOT)) {
                case "white":
                    return WHITE;
                case "black":
                    return BLACK;
                case "transparent":
                    return TRANSPARENT;
                default:
                    if (HEX.matcher(text).matches()) {
                        String hex = text.startsWith("#") ? text.substring(1) : text;
                        long rgba = Long.parseLong(hex.length() == 6 ? hex + "ff" : hex, 16);
                        return new Rgba((int) (rgba >> 24) & 255, (int) (rgba >> 16) & 255, (int) (rgba >> 8) & 255, (int) rgba & 255);
                    }
            }
        }
        throw new IllegalArgumentException("a colour is #rrggbb, #rrggbbaa, white, black, transparent or [r, g, b(, a)], not " + value);
    }

    /** The form transformations are written and signed in. */
    public String hex() {
        return String.format("#%02x%02x%02x%02x", red, green, blue, alpha);
    }
}
