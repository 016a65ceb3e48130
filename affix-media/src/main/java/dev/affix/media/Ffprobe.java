package dev.affix.media;

import dev.affix.tool.ExternalTool;
import dev.affix.tool.ToolException;
import dev.affix.tool.ToolLimits;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs ffprobe, confined to one local file, for the facts the video and audio analyzers report. */
final class Ffprobe {

    /** ffprobe's JSON for the entries asked is a few kilobytes; more means a hostile file. */
    static final long MAX_OUTPUT_BYTES = 1024 * 1024;
    /** Only what the analyzers read: no disposition, no codec private data, no frames or packets. */
    static final String ENTRIES = "stream=codec_type,width,height,duration,bit_rate,sample_rate,display_aspect_ratio"
            + ":stream_tags:stream_side_data=side_data_type,rotation:format=duration";

    private final ExternalTool tool;
    private final ToolLimits limits;

    Ffprobe(ExternalTool tool, Duration timeout) {
        this.tool = tool;
        this.limits = new ToolLimits(timeout, MAX_OUTPUT_BYTES);
    }

    /**
     * @throws ToolException if ffprobe fails, times out, or prints something other than JSON
     */
    MediaProbe probe(Path file) {
        byte[] output = tool.capture(arguments(file), limits);
        try {
            return MediaProbe.parse(output);
        } catch (IllegalArgumentException e) {
            throw new ToolException(tool.name(), "printed something other than a JSON object", 0, "", e);
        }
    }

    static List<String> arguments(Path file) {
        List<String> arguments = new ArrayList<>(ConfinedInput.globalOptions());
        arguments.addAll(List.of("-print_format", "json", "-show_entries", ENTRIES));
        arguments.addAll(ConfinedInput.of(file));
        return arguments;
    }
}
