package dev.affix.storage;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * An allow-list of content types, each exact ({@code image/png}) or a family ({@code image/*}),
 * compared on the parsed essence of a type, never as a pattern built from configuration. Empty allows
 * every well-formed type. A family never admits a type that browsers run ({@code image/*} does not
 * admit {@code image/svg+xml}, which carries scripts): such a type passes only when listed exactly.
 */
public record AllowedContentTypes(Set<String> patterns) {

    private static final AllowedContentTypes ANY = new AllowedContentTypes(Set.of());

    public AllowedContentTypes {
        patterns = patterns.stream().map(p -> p.trim().toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        for (String pattern : patterns) {
            if (!ContentTypes.isPattern(pattern)) {
                throw new IllegalArgumentException("allowed content type '" + pattern + "' is not of the form type/subtype or type/*");
            }
        }
    }

    public static AllowedContentTypes any() {
        return ANY;
    }

    public static AllowedContentTypes of(Collection<String> patterns) {
        return new AllowedContentTypes(Set.copyOf(patterns));
    }

    /**
     * The list as configuration writes it: a YAML list, or one string of comma-separated types; null
     * for none, which allows any type.
     */
    public static AllowedContentTypes parse(Object value) {
        if (value == null) {
            return ANY;
        }
        if (value instanceof Collection<?> list) {
            return of(list.stream().map(String::valueOf).toList());
        }
        return of(List.of(value.toString().trim().split("\\s*,\\s*")));
    }

    public boolean allowsAny() {
        return patterns.isEmpty();
    }

    /** Whether the type is well formed and on the list (or the list is empty). */
    public boolean allows(String contentType) {
        return ContentTypes.essence(contentType)
                .filter(essence -> patterns.isEmpty() || patterns.contains(essence)
                        || (!ContentTypes.isActive(essence) && patterns.stream().anyMatch(p -> p.endsWith("/*") && ContentTypes.matches(essence, p))))
                .isPresent();
    }

    /** The patterns, sorted, for messages. */
    public List<String> sorted() {
        return patterns.stream().sorted().toList();
    }
}
