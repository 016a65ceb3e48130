package dev.affix.blob;

import dev.affix.AffixException;
import java.util.List;

/**
 * A file whose type, identified from its bytes, is not one the upload was allowed to bring: an SVG
 * declared as {@code image/png}, HTML as {@code text/plain}. Nothing is attached, and the blob that a
 * refused direct upload made is purged.
 */
public class ContentTypeNotAllowedException extends AffixException {

    private final String contentType;

    public ContentTypeNotAllowedException(String filename, String declared, String identified, List<String> allowed) {
        super("'" + filename + "' is " + identified + (declared != null && !declared.equals(identified) ? " (declared as " + declared + ")" : "")
                + ", which is not allowed (allowed: " + String.join(", ", allowed) + "); nothing was attached");
        this.contentType = identified;
    }

    /** The type identified from the bytes. */
    public String contentType() {
        return contentType;
    }
}
