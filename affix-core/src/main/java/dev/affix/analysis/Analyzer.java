package dev.affix.analysis;

import dev.affix.blob.Blob;

/**
 * Reads facts from a blob's bytes: an image's dimensions, a video's duration, an audio file's
 * waveform. Analyzers form an ordered list; every one that {@link #accepts} a blob runs, in order, on
 * a verified local copy of its bytes, and sees the facts the earlier ones found (a waveform analyzer
 * can use the audio analyzer's duration). Their results are merged into the blob's metadata under
 * the keys Rails writes ({@code width}, {@code height}, {@code duration}, …), so an application
 * sharing the tables reads them.
 *
 * <p>An analyzer never fails an attach: whatever it throws is logged once with the blob's id, and the
 * blob still gets {@code analyzed: true} with what the others learned. It must treat the file as
 * hostile: limits checked from headers before decoding, no network, no shell, timeouts. One instance
 * serves every blob, from several job threads at once: it keeps no state between calls.
 *
 * <p>An extension whose analyzer cannot work here (its tool is not installed) registers
 * {@link dev.affix.extension.Contributions#disabledAnalyzer} instead, which is logged once at start.
 */
public interface Analyzer {

    /** The name that configuration uses ({@code image}, {@code blurhash}, …). */
    String name();

    /** Whether this analyzer reads the blob, usually by its identified content type; cheap, no I/O. */
    boolean accepts(Blob blob);

    /**
     * The facts this analyzer reads. Values are JSON values: strings, numbers, booleans, lists and
     * maps of them.
     *
     * @throws Exception anything: it is logged, and the facts of the other analyzers are kept
     */
    AnalysisResult analyze(AnalysisInput input) throws Exception;
}
