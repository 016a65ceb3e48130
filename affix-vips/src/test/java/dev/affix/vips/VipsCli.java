package dev.affix.vips;

import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolLimits;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * libvips' own command-line tools (Debian's libvips-tools), which make the big fixtures and read the
 * size of results that ImageIO cannot (WebP, AVIF, TIFF): not through the bindings under test.
 */
final class VipsCli {

    private static final ToolLimits LIMITS = new ToolLimits(Duration.ofMinutes(1), 1 << 20);
    private static final Pattern SIZE = Pattern.compile(": ([0-9]+)x([0-9]+) ");

    private VipsCli() {
    }

    /** A black image of {@code bands} bands, written in the format its name's suffix says (options in brackets allowed). */
    static Path black(Path file, int width, int height, int bands) {
        vips("black", file.toString(), String.valueOf(width), String.valueOf(height), "--bands", String.valueOf(bands));
        return file;
    }

    /** The file converted to the format of {@code to}'s suffix. */
    static Path copy(Path from, Path to) {
        vips("copy", from.toString(), to.toString());
        return to;
    }

    /** The size vipsheader reports: its line reads {@code file: 64x48 uchar, 3 bands, srgb, heifload}. */
    static Size size(Path image) {
        Matcher header = SIZE.matcher(run("vipsheader", image.toString()));
        if (!header.find()) {
            throw new AssertionError("vipsheader gave no size for " + image);
        }
        return new Size(Integer.parseInt(header.group(1)), Integer.parseInt(header.group(2)));
    }

    private static String vips(String... arguments) {
        return run("vips", arguments);
    }

    private static String run(String tool, String... arguments) {
        ExternalTool executable = ExternalTool.find(tool).orElseThrow(() -> new AssertionError(tool
                + " is not on the PATH: install libvips-tools"));
        return new String(executable.capture(List.of(arguments), LIMITS), StandardCharsets.UTF_8);
    }

    record Size(int width, int height) {
        @Override
        public String toString() {
            return width + "x" + height;
        }
    }
}
