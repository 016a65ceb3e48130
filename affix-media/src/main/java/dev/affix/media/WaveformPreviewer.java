package dev.affix.media;

import dev.affix.blob.Blob;
import dev.affix.variant.OutputFormat;
import dev.affix.variant.PreviewRequest;
import dev.affix.variant.Previewer;
import dev.affix.variant.TransformationFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * The {@code waveform} previewer: an audio file's waveform as a 1200 x 300 PNG, drawn from the
 * {@code waveform} the {@link WaveformAnalyzer} wrote into the blob's metadata; the audio itself is never
 * decoded again, so it needs no tool and takes milliseconds. A previewer built on analysis facts.
 *
 * <p>It accepts audio whose waveform is known, or not yet known: a blob not analysed yet fails with
 * "not analysed yet", so the preview is tried again later, once analysis has written the waveform. An
 * analysed blob without one (a file ffmpeg could not decode, the analyzer disabled) is not accepted.
 */
public final class WaveformPreviewer implements Previewer {

    static final int WIDTH = 1200;
    static final int HEIGHT = 300;

    @Override
    public String name() {
        return "waveform";
    }

    @Override
    public boolean accepts(Blob blob) {
        return blob.contentType() != null && blob.contentType().startsWith("audio/")
                && (!blob.analyzed() || blob.metadata().containsKey(WaveformAnalyzer.METADATA_KEY));
    }

    @Override
    public OutputFormat preview(PreviewRequest request) {
        List<Double> amplitudes = amplitudes(request);
        long pixels = (long) WIDTH * HEIGHT;
        // the same shape, shrunk evenly, when the limit allows fewer pixels
        double shrink = Math.min(1, Math.sqrt((double) request.limits().maxPixels() / pixels));
        int width = Math.max(1, (int) Math.floor(WIDTH * shrink));
        int height = Math.max(1, (int) Math.floor(HEIGHT * shrink));
        try {
            ImageIO.write(WaveformPicture.draw(amplitudes, width, height), "png", request.target().toFile());
        } catch (IOException e) {
            PreviewTarget.discard(request.target());
            throw failure(request, "the picture could not be written: " + e.getMessage(), e);
        }
        return OutputFormat.PNG;
    }

    /** The metadata's amplitudes, each held to 0..1 (they come from the database, which anyone may have written). */
    private static List<Double> amplitudes(PreviewRequest request) {
        Object waveform = request.blob().metadata().get(WaveformAnalyzer.METADATA_KEY);
        if (waveform == null) {
            throw failure(request, "its waveform is not analysed yet", null);
        }
        if (!(waveform instanceof List<?> points) || points.isEmpty()) {
            throw failure(request, "its metadata's waveform is not a list of amplitudes", null);
        }
        List<Double> amplitudes = new ArrayList<>(points.size());
        for (Object point : points) {
            if (!(point instanceof Number number)) {
                throw failure(request, "its metadata's waveform is not a list of amplitudes", null);
            }
            double amplitude = number.doubleValue();
            amplitudes.add(amplitude > 0 ? Math.min(1, amplitude) : 0); // NaN and negatives are silence
        }
        return amplitudes;
    }

    private static TransformationFailedException failure(PreviewRequest request, String problem, Throwable cause) {
        return new TransformationFailedException("cannot preview the waveform of blob " + request.blob().id() + ": " + problem, cause);
    }
}
