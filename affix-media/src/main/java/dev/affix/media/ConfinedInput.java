package dev.affix.media;

import java.nio.file.Path;
import java.util.List;

/**
 * The options that confine ffprobe and ffmpeg to the one local file they are given, placed before
 * its {@code -i}. Without them a "video" that is really a playlist (HLS, ffconcat) makes FFmpeg open
 * the other files and URLs it lists, and copies their facts into the blob's metadata.
 * <ul>
 *   <li>{@code -protocol_whitelist file}: no network protocol, no pipe, no subprocess;</li>
 *   <li>{@code -format_whitelist}: only the demuxers of audio and video containers, so no playlist,
 *       concat script, image sequence or device is ever parsed (the mov demuxer's external references
 *       stay off, as they are by default);</li>
 *   <li>{@code -codec_whitelist}: only the decoders of common audio, video, cover-art and subtitle
 *       codecs, so a rare decoder's bugs are out of reach;</li>
 *   <li>{@code -max_streams}, {@code -probesize}, {@code -analyzeduration}: a bounded amount of
 *       probing, whatever the file claims;</li>
 *   <li>the input named {@code file:} and an absolute path, so a name such as {@code http:x} or
 *       {@code -y} can never be read as a protocol or an option.</li>
 * </ul>
 */
final class ConfinedInput {

    /** Demuxers of audio and video containers; playlists, scripts, images and devices are absent on purpose. */
    static final String DEMUXERS = String.join(",", "mov", "matroska", "avi", "mpegts", "mpeg", "flv", "ogg", "asf", "mp3", "wav",
            "flac", "aac", "aiff", "caf", "w64", "amr", "ac3", "eac3", "au", "wv", "m4v");

    /** Decoders of common video, audio, cover-art and subtitle codecs. */
    static final String DECODERS = String.join(",",
            "h264", "hevc", "vp8", "libvpx", "vp9", "libvpx-vp9", "av1", "libdav1d", "libaom-av1", "mpeg4", "mpeg1video", "mpeg2video",
            "mjpeg", "png", "theora", "prores", "h263", "flv", "wmv1", "wmv2", "wmv3", "vc1", "msmpeg4", "msmpeg4v2", "dnxhd",
            "aac", "aac_fixed", "aac_latm", "mp1", "mp1float", "mp2", "mp2float", "mp3", "mp3float", "ac3", "ac3_fixed", "eac3",
            "opus", "libopus", "vorbis", "libvorbis", "flac", "alac", "wavpack", "wmav1", "wmav2", "wmapro", "amrnb", "amrwb",
            "gsm_ms", "speex", "libspeex", "pcm_s16le", "pcm_s16be", "pcm_s24le", "pcm_s24be", "pcm_s32le", "pcm_s32be", "pcm_u8",
            "pcm_s8", "pcm_f32le", "pcm_f32be", "pcm_f64le", "pcm_f64be", "pcm_alaw", "pcm_mulaw", "adpcm_ima_wav", "adpcm_ms",
            "mov_text", "subrip", "webvtt", "ass", "ssa", "dvdsub", "dvbsub", "pgssub", "cc_dec");

    /** The most bytes one allocation may take: a header claiming a giant frame fails instead of exhausting memory. */
    static final String MAX_ALLOCATION = String.valueOf(256 * 1024 * 1024);

    private ConfinedInput() {
    }

    /** Options for ffprobe and ffmpeg that come before anything else: quiet, bounded allocations. */
    static List<String> globalOptions() {
        return List.of("-hide_banner", "-v", "error", "-max_alloc", MAX_ALLOCATION);
    }

    /** The input options and {@code -i} for {@code file}; nothing that follows can widen them. */
    static List<String> of(Path file) {
        return List.of(
                "-protocol_whitelist", "file",
                "-format_whitelist", DEMUXERS,
                "-codec_whitelist", DECODERS,
                "-max_streams", "64",
                "-probesize", "5000000",
                "-analyzeduration", "5000000",
                "-i", "file:" + file.toAbsolutePath());
    }
}
