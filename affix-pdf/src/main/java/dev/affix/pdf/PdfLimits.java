package dev.affix.pdf;

import dev.affix.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * How much one PDF may cost to analyse.
 *
 * @param maxBytes     larger files are not opened
 * @param maxPageNodes page-tree entries a walk visits at most, to the first page or counting pages one by one
 * @param timeout      the parse is abandoned after this long
 * @param maxAllocated bytes the parse may allocate, garbage included, before it is abandoned: this is
 *                     what stops a decompression bomb, whose expansion PDFBox buffers in memory
 */
public record PdfLimits(long maxBytes, int maxPageNodes, Duration timeout, long maxAllocated) {

    private static final long MAX_BYTES = 512L << 20;
    private static final int MAX_PAGE_NODES = 100_000;
    private static final Duration TIMEOUT = Duration.ofSeconds(15);
    // damaged files of tens of thousands of pages allocate some hundreds of MiB (mostly garbage) while
    // PDFBox rebuilds their cross-reference table: a gigabyte leaves room for them
    private static final long MAX_ALLOCATED = 1L << 30;

    /** The keys of {@code analysis:} these limits come from. */
    static final Set<String> KEYS = Set.of("pdf_max_bytes", "pdf_max_pages", "pdf_timeout", "pdf_max_memory");

    public PdfLimits {
        if (maxBytes < 1) {
            throw new ConfigurationException("analysis.pdf_max_bytes must be positive, not " + maxBytes);
        }
        if (maxPageNodes < 1) {
            throw new ConfigurationException("analysis.pdf_max_pages must be positive, not " + maxPageNodes);
        }
        if (maxAllocated < 1) {
            throw new ConfigurationException("analysis.pdf_max_memory must be positive, not " + maxAllocated);
        }
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new ConfigurationException("analysis.pdf_timeout must be positive, not " + timeout);
        }
    }

    /**
     * 512 MiB files, 100,000 page-tree entries, 15 seconds, and a quarter of the heap allocated (a
     * gigabyte at most), so that the expansion of a bomb, which stays in memory until it is abandoned,
     * cannot take the heap that the application's other threads need.
     */
    public static PdfLimits defaults() {
        return new PdfLimits(MAX_BYTES, MAX_PAGE_NODES, TIMEOUT, defaultMaxAllocated());
    }

    private static long defaultMaxAllocated() {
        return Math.min(MAX_ALLOCATED, Runtime.getRuntime().maxMemory() / 4);
    }

    /**
     * Reads the {@code pdf_} keys of the configuration's {@code analysis:} section ({@code pdf_max_bytes},
     * {@code pdf_max_pages}, {@code pdf_max_memory}: whole numbers; {@code pdf_timeout}: seconds, fractions
     * allowed); a key missing keeps its default, a {@code pdf_} key not known is refused.
     */
    public static PdfLimits fromSettings(Map<String, ?> analysis) {
        for (String key : analysis.keySet()) {
            if (key.startsWith("pdf_") && !KEYS.contains(key)) {
                throw new ConfigurationException("unknown key 'analysis." + key + "' (known: " + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
        }
        return new PdfLimits(
                wholeNumber(analysis, "pdf_max_bytes", MAX_BYTES),
                (int) Math.min(Integer.MAX_VALUE, wholeNumber(analysis, "pdf_max_pages", MAX_PAGE_NODES)),
                seconds(analysis, "pdf_timeout", TIMEOUT),
                wholeNumber(analysis, "pdf_max_memory", defaultMaxAllocated()));
    }

    private static long wholeNumber(Map<String, ?> analysis, String key, long fallback) {
        Object value = analysis.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            // YAML gives numbers, ${ENV} substitution gives strings
            long number = Long.parseLong(value.toString().trim());
            if (number >= 1) {
                return number;
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new ConfigurationException("analysis." + key + " must be a whole number of 1 or more, not '" + value + "'");
    }

    private static Duration seconds(Map<String, ?> analysis, String key, Duration fallback) {
        Object value = analysis.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            double seconds = Double.parseDouble(value.toString().trim());
            if (seconds > 0 && seconds <= Duration.ofDays(1).toSeconds()) {
                return Duration.ofNanos(Math.round(seconds * 1_000_000_000d));
            }
        } catch (NumberFormatException e) {
            // reported below, with the key
        }
        throw new ConfigurationException("analysis." + key + " must be a positive number of seconds (a day at most), not '" + value + "'");
    }
}
