package dev.affix.demo;

import dev.affix.attachment.Attachment;
import dev.affix.blob.Blob;
import dev.affix.http.BlobUrls;
import dev.affix.storage.ContentDisposition;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One attached file as the pages show it: its facts and the links that serve it.
 *
 * @param attachmentId the attachment row, which the purge button names
 * @param checksum     the algorithm and hex digest, as md5sum prints it
 * @param proxyUrl     streams the bytes through the application
 * @param downloadUrl  redirects to a short-lived URL of the storage service, asking the browser to save the file
 * @param details      the blob's metadata flattened for display: Affix's own keys and the application's
 */
public record FileView(long attachmentId, String slot, String filename, String contentType, long byteSize, String checksum,
        Map<String, String> details, String proxyUrl, String downloadUrl) {

    /** The types every browser displays in an {@code <img>}, and that the proxy serves inline. */
    private static final Set<String> PREVIEWABLE = Set.of("image/png", "image/jpeg", "image/gif", "image/webp", "image/avif");

    public static FileView of(Attachment attachment, BlobUrls urls) {
        Blob blob = attachment.blob();
        String checksum = blob.checksum().algorithm().name().toLowerCase(Locale.ROOT) + " " + blob.checksum().hex();
        return new FileView(attachment.id(), attachment.name(), blob.filename(), blob.contentType(), blob.byteSize(), checksum,
                details(blob), urls.proxyPath(blob), urls.redirectPath(blob) + "?disposition=attachment");
    }

    public boolean image() {
        return PREVIEWABLE.contains(contentType);
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
            if (!(value instanceof Map<?, ?>)) {
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
