package dev.affix.demo;

import dev.affix.http.EndpointOptions;
import dev.affix.validation.AttachmentRules;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What browsers may upload directly, as the new-post form states it: the limits of the direct-upload
 * endpoint ({@code affix.http.direct_uploads} in application.yml) and of resumable uploads
 * ({@code affix.http.resumable_uploads}), which take the files above 20 MiB, narrowed by a declaration's
 * {@code validate:} rules for uploads through its attachment handle. The endpoints enforce them before a
 * byte is stored; the form only tells the user, and offers only these types in its file picker.
 *
 * @param allowedTypes exact ({@code application/pdf}) or by family ({@code video/*}); empty for any
 */
public record UploadLimits(long maxByteSize, List<String> allowedTypes) {

    private static final List<String> FAMILIES = List.of("image", "application", "text", "audio", "video");

    /** @param resumableMaxByteSize the largest resumable upload, which may be larger than a direct one */
    public static UploadLimits of(EndpointOptions options, long resumableMaxByteSize) {
        Comparator<String> byFamily = Comparator.comparingInt(type -> {
            int index = FAMILIES.indexOf(type.substring(0, type.indexOf('/')));
            return index < 0 ? FAMILIES.size() : index;
        });
        return new UploadLimits(Math.max(options.maxDirectUploadBytes(), resumableMaxByteSize),
                options.allowedDirectUploadTypes().stream().sorted(byFamily.thenComparing(Comparator.naturalOrder())).toList());
    }

    /** The endpoint's limits as a declaration's rules narrow them: its smaller size, its own types when it lists them. */
    public static UploadLimits of(EndpointOptions options, long resumableMaxByteSize, AttachmentRules rules) {
        UploadLimits endpoint = of(options, resumableMaxByteSize);
        long maxByteSize = rules.maxByteSize() == null ? endpoint.maxByteSize() : Math.min(endpoint.maxByteSize(), rules.maxByteSize());
        List<String> types = rules.contentTypes() == null ? endpoint.allowedTypes() : rules.contentTypes().sorted();
        return new UploadLimits(maxByteSize, types);
    }

    /** The limit in words, e.g. {@code 50 MB}. */
    public String maxSize() {
        return FileView.humanSize(maxByteSize);
    }

    /** The allowed types in words, e.g. {@code PNG, JPEG, PDF, audio, video}. */
    public String summary() {
        if (allowedTypes.isEmpty()) {
            return "any type";
        }
        return allowedTypes.stream().map(UploadLimits::label).distinct().collect(Collectors.joining(", "));
    }

    /** The {@code accept} attribute of the file inputs: the file picker offers only these types. */
    public String accept() {
        return String.join(",", allowedTypes);
    }

    private static String label(String type) {
        String family = type.substring(0, type.indexOf('/'));
        String subtype = type.substring(type.indexOf('/') + 1);
        if (subtype.equals("*")) {
            return family.equals("image") ? "images" : family;
        }
        return switch (type) {
            case "text/plain" -> "text";
            case "text/markdown" -> "Markdown";
            default -> subtype.replaceFirst("^(x-|vnd\\.)", "").toUpperCase(Locale.ROOT);
        };
    }
}
