package dev.affix.media;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A waveform drawn as bars mirrored about a middle line, dark on white (white, not transparent, so the
 * picture stays the same when a variant turns it into a JPEG). Each bar is the loudest of the points it
 * covers, scaled to the loudest point overall, so quiet recordings fill the height as loud ones do;
 * silence is a one-pixel line. Bars are at least 3 pixels apart, so many points share a bar.
 */
final class WaveformPicture {

    static final Color BACKGROUND = Color.WHITE;
    static final Color BARS = new Color(0x33, 0x41, 0x55);
    private static final int BAR_PITCH = 3;

    private WaveformPicture() {
    }

    /**
     * @param amplitudes the waveform's points, each in 0..1, at least one
     */
    static BufferedImage draw(List<Double> amplitudes, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D graphics = image.createGraphics();
        try {
            graphics.setColor(BACKGROUND);
            graphics.fillRect(0, 0, width, height);
            graphics.setColor(BARS);
            int points = amplitudes.size();
            int bars = Math.min(points, Math.max(1, width / BAR_PITCH));
            double peak = amplitudes.stream().mapToDouble(Double::doubleValue).max().orElse(0);
            double half = height / 2.0;
            double room = height * 0.9; // a margin above and below the loudest bar
            for (int bar = 0; bar < bars; bar++) {
                int left = (int) ((long) bar * width / bars);
                int right = (int) ((long) (bar + 1) * width / bars);
                int barWidth = right - left >= BAR_PITCH ? right - left - 1 : Math.max(1, right - left);
                double loudness = peak > 0 ? loudest(amplitudes, bar, bars) / peak : 0;
                int barHeight = Math.max(1, (int) Math.round(loudness * room));
                graphics.fillRect(left, (int) Math.round(half - barHeight / 2.0), barWidth, barHeight);
            }
        } finally {
            graphics.dispose();
        }
        return image;
    }

    /** The loudest of the points that fall on this bar: every point falls on exactly one. */
    private static double loudest(List<Double> amplitudes, int bar, int bars) {
        int points = amplitudes.size();
        int first = (int) ((long) bar * points / bars);
        int end = Math.max(first + 1, (int) ((long) (bar + 1) * points / bars));
        double loudest = 0;
        for (int i = first; i < end; i++) {
            loudest = Math.max(loudest, amplitudes.get(i));
        }
        return loudest;
    }
}
