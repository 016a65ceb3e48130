package dev.affix.variant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Which part of an image a crop keeps, or where padding puts the image: libvips' names. */
public enum Gravity {
    CENTRE, NORTH, SOUTH, EAST, WEST, NORTH_EAST, NORTH_WEST, SOUTH_EAST, SOUTH_WEST;

    /** {@code centre}, {@code north-east}, … */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Takes libvips' names and ImageMagick's ({@code Center}, {@code NorthEast}), in any case. */
    public static Optional<Gravity> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT).replace("-", "").replace("_", "").replace("center", "centre");
        return Arrays.stream(values()).filter(g -> g.name().toLowerCase(Locale.ROOT).replace("_", "").equals(wanted)).findFirst();
    }

    /** Where a part of {@code inner} length starts inside {@code outer} along x (0 left, 1 centre, 2 right) for this gravity. */
    public int horizontal() {
        return switch (this) {
            case WEST, NORTH_WEST, SOUTH_WEST -> 0;
            case EAST, NORTH_EAST, SOUTH_EAST -> 2;
            default -> 1;
        };
    }

    /** Along y: 0 top, 1 centre, 2 bottom. */
    public int vertical() {
        return switch (this) {
            case NORTH, NORTH_EAST, NORTH_WEST -> 0;
            case SOUTH, SOUTH_EAST, SOUTH_WEST -> 2;
            default -> 1;
        };
    }

    /** The offset of a length {@code inner} inside {@code outer} for a position of 0, 1 or 2 (start, centre, end). */
    public static int offset(int position, int outer, int inner) {
        return switch (position) {
            case 0 -> 0;
            case 2 -> outer - inner;
            default -> (outer - inner) / 2;
        };
    }
}
