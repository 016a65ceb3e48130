package dev.affix.variant;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The formats a variant or preview image can be written in: the web's image formats. */
public enum OutputFormat {
    JPEG("image/jpeg", "jpg"),
    PNG("image/png", "png"),
    WEBP("image/webp", "webp"),
    AVIF("image/avif", "avif"),
    GIF("image/gif", "gif");

    private final String contentType;
    private final String extension;

    OutputFormat(String contentType, String extension) {
        this.contentType = contentType;
        this.extension = extension;
    }

    public String contentType() {
        return contentType;
    }

    /** The filename extension a variant of this format gets, without the dot. */
    public String extension() {
        return extension;
    }

    /** The name used in transformations: {@code jpeg}, {@code png}, … */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The format of {@code format: NAME}; {@code jpg} is taken for {@code jpeg}, as ImageProcessing does. */
    public static Optional<OutputFormat> named(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        if (wanted.equals("jpg")) {
            return Optional.of(JPEG);
        }
        return Arrays.stream(values()).filter(f -> f.configName().equals(wanted)).findFirst();
    }

    /**
     * The format of a variant whose transformations name none: the original's own when browsers show
     * it (png, jpeg, gif, webp), else PNG, as Rails does for TIFF, BMP, HEIC and the like.
     */
    public static OutputFormat forOriginal(String contentType) {
        return Arrays.stream(new OutputFormat[] {PNG, JPEG, GIF, WEBP})
                .filter(f -> f.contentType.equals(contentType))
                .findFirst()
                .orElse(PNG);
    }
}
