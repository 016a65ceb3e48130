package dev.affix.media;

import java.util.ArrayList;
import java.util.List;

/**
 * Folds a stream of 16-bit samples into at most {@code points} RMS amplitudes in constant memory,
 * however many samples come. The expected count (from the audio's duration) sets how many samples
 * each point covers; when more arrive than expected (a header that lies, a missing duration), pairs
 * of points merge and each covers twice as many, so the limit holds whatever the input.
 */
final class WaveformFolder {

    private static final double FULL_SCALE = 32768.0;

    private final int points;
    private final double[] squares;
    private final long[] counts;
    private long width;
    private int current;
    private int pendingByte = -1;

    /**
     * @param points          the most amplitudes the waveform has
     * @param expectedSamples how many samples are expected, 0 if unknown
     */
    WaveformFolder(int points, long expectedSamples) {
        if (points < 1) {
            throw new IllegalArgumentException("a waveform needs at least one point, not " + points);
        }
        this.points = points;
        this.squares = new double[points];
        this.counts = new long[points];
        this.width = Math.max(1, ceilDiv(Math.max(0, expectedSamples), points));
    }

    /** Adds signed 16-bit little-endian samples; a sample may be split between two calls. */
    void addPcm(byte[] buffer, int offset, int length) {
        int i = offset;
        int end = offset + length;
        if (pendingByte >= 0 && i < end) {
            add((short) (pendingByte | (buffer[i++] << 8)));
            pendingByte = -1;
        }
        for (; i + 1 < end; i += 2) {
            add((short) ((buffer[i] & 0xff) | (buffer[i + 1] << 8)));
        }
        if (i < end) {
            pendingByte = buffer[i] & 0xff;
        }
    }

    void add(short sample) {
        if (counts[current] == width) {
            current++;
            if (current == points) {
                mergePairs();
            }
        }
        squares[current] += (double) sample * sample;
        counts[current]++;
    }

    /** The amplitudes so far: the root mean square of each point's samples, in 0..1, rounded to 4 decimals. */
    List<Double> amplitudes() {
        List<Double> amplitudes = new ArrayList<>(points);
        for (int i = 0; i <= current && counts[i] > 0; i++) {
            double rms = Math.sqrt(squares[i] / counts[i]) / FULL_SCALE;
            amplitudes.add(Math.round(Math.min(1.0, rms) * 10_000) / 10_000.0);
        }
        return amplitudes;
    }

    /** Every point full: each pair becomes one point twice as wide, freeing the upper half. */
    private void mergePairs() {
        int half = points / 2;
        for (int i = 0; i < half; i++) {
            squares[i] = squares[2 * i] + squares[2 * i + 1];
            counts[i] = counts[2 * i] + counts[2 * i + 1];
        }
        // with an odd count the last point has no partner: it becomes the half-filled current point
        squares[half] = points % 2 == 1 ? squares[points - 1] : 0;
        counts[half] = points % 2 == 1 ? counts[points - 1] : 0;
        for (int i = half + 1; i < points; i++) {
            squares[i] = 0;
            counts[i] = 0;
        }
        current = half;
        width *= 2;
    }

    private static long ceilDiv(long dividend, long divisor) {
        return (dividend + divisor - 1) / divisor;
    }
}
