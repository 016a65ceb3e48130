package dev.affix.demo;

import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import dev.affix.http.BlobUrls;
import dev.affix.image.Blurhash;
import dev.affix.storage.ContentDisposition;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.imageio.ImageIO;

/**
 * One attached file as the pages show it: its facts and the links that serve it.
 *
 * @param attachmentId the attachment row, which the purge button names
 * @param checksum     the algorithm and hex digest, as md5sum prints it
 * @param proxyUrl     streams the bytes through the application
 * @param downloadUrl  redirects to a short-lived URL of the storage service, asking the browser to save the file
 * @param details      the blob's metadata flattened for display: Affix's own keys and the application's
 * @param metadata     the blob's metadata as stored, for what the analyzers found
 * @param thumbnail    the declared {@code thumb} variant the list draws, for an image, PDF or video; empty for other files
 */
public record FileView(long attachmentId, String slot, String filename, String contentType, long byteSize, String checksum,
        Map<String, String> details, Map<String, Object> metadata, String proxyUrl, String downloadUrl, Optional<Thumbnail> thumbnail) {

    /** Analysed facts that the page draws or prints in words rather than listing them. */
    private static final Set<String> SHOWN_APART = Set.of("width", "height", "duration", "blurhash", "waveform");

    public static FileView of(Attachment attachment, BlobUrls urls, Optional<Thumbnail> thumbnail) {
        Blob blob = attachment.blob();
        String checksum = blob.checksum().algorithm().name().toLowerCase(Locale.ROOT) + " " + blob.checksum().hex();
        return new FileView(attachment.id(), attachment.name(), blob.filename(), blob.contentType(), blob.byteSize(), checksum,
                details(blob), blob.metadata(), urls.proxyPath(blob), urls.redirectPath(blob) + "?disposition=attachment", thumbnail);
    }

    /** The analysed size, as displayed ("4000 × 3000"), when the analyzers found one. */
    public Optional<String> dimensions() {
        return number("width").flatMap(width -> number("height").map(height ->
                String.format(Locale.ROOT, "%d × %d", Math.round(width), Math.round(height))));
    }

    /** The analysed duration of a video or audio file, as players show it ("1:05", "1:02:03"). */
    public Optional<String> duration() {
        return number("duration").map(seconds -> {
            long total = Math.round(seconds);
            return total >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", total / 3600, total / 60 % 60, total % 60)
                    : String.format(Locale.ROOT, "%d:%02d", total / 60, total % 60);
        });
    }

    /**
     * The waveform as one SVG path of vertical bars, one a point, on a {@code viewBox} of
     * {@link #waveformPoints()} by 100; empty when the file has none.
     */
    public Optional<String> waveformPath() {
        List<Double> points = waveform();
        if (points.isEmpty()) {
            return Optional.empty();
        }
        StringBuilder path = new StringBuilder();
        for (int i = 0; i < points.size(); i++) {
            double height = Math.max(1, Math.min(1, points.get(i)) * 96);
            path.append(String.format(Locale.ROOT, "M%d.5 %.1fv%.1f", i, 50 - height / 2, height));
        }
        return Optional.of(path.toString());
    }

    /**
     * The blurhash drawn as a tiny PNG in a {@code data:} URL, for the CSS background that shows
     * while the image loads; empty without a blurhash, or with one that does not decode.
     */
    public Optional<String> placeholder() {
        if (!(metadata.get("blurhash") instanceof String hash)) {
            return Optional.empty();
        }
        double aspect = number("width").flatMap(w -> number("height").map(h -> h / w)).orElse(1.0);
        int width = 32;
        int height = (int) Math.max(1, Math.min(64, Math.round(width * aspect)));
        try {
            BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
            image.setRGB(0, 0, width, height, Blurhash.decode(hash, width, height), 0, width);
            ByteArrayOutputStream png = new ByteArrayOutputStream();
            ImageIO.write(image, "png", png);
            return Optional.of("data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray()));
        } catch (IllegalArgumentException | IOException e) {
            return Optional.empty();
        }
    }

    public int waveformPoints() {
        return waveform().size();
    }

    private List<Double> waveform() {
        if (!(metadata.get("waveform") instanceof List<?> values)) {
            return List.of();
        }
        return values.stream().filter(Number.class::isInstance).map(v -> ((Number) v).doubleValue()).toList();
    }

    private Optional<Double> number(String key) {
        return metadata.get(key) instanceof Number value && value.doubleValue() > 0 ? Optional.of(value.doubleValue()) : Optional.empty();
    }

    /** What the list shows in place of a preview: the filename's extension, or "file". */
    public String extension() {
        int dot = filename.lastIndexOf('.');
        return dot > 0 && dot < filename.length() - 1 ? filename.substring(dot + 1).toLowerCase(Locale.ROOT) : "file";
    }

    /** The size in the units people read: 512 B, 1.4 KB, 50 MB (binary multiples, as file managers show). */
    public String size() {
        return humanSize(byteSize);
    }

    static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, value == Math.rint(value) ? "%.0f %s" : "%.1f %s", value, units[unit]);
    }

    private static Map<String, String> details(Blob blob) {
        Map<String, String> details = new LinkedHashMap<>();
        blob.metadata().forEach((key, value) -> {
            if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>) && !SHOWN_APART.contains(key)) {
                details.put(key, visible(String.valueOf(value)));
            }
        });
        blob.customMetadata().forEach((key, value) -> details.put(visible(key), visible(value)));
        return details;
    }

    /**
     * The text with every invisible or bidirectional character written out as its code point: the
     * original filename is kept as the client sent it, and "evil", U+202E, "fdp.exe" must not show as
     * "evilexe.pdf".
     */
    static String visible(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (ContentDisposition.isHidden(c)) {
                out.append(String.format(Locale.ROOT, "<U+%04X>", c));
            } else {
                out.appendCodePoint(c);
            }
        });
        return out.toString();
    }
}
