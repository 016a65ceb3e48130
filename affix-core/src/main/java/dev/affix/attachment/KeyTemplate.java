package dev.affix.attachment;

import dev.affix.config.ConfigurationException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.StorageKeys;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a declaration's blobs are stored, e.g. {@code {tenant}/attachments/{record_type}/{record_id}/{random}}.
 * Resolved once, when a blob is made, and kept in its key: no storage operation ever needs the
 * database, or the tenant, to find an object again. Placeholders: {@code tenant}, {@code record_type},
 * {@code record_id}, {@code name}, {@code random} (required: it keeps keys unique), {@code yyyy},
 * {@code mm}, {@code dd}. Each value must be a safe path segment; anything else is refused, never
 * escaped into a different path.
 */
public final class KeyTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final Pattern SAFE_VALUE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Set<String> KNOWN = Set.of("tenant", "record_type", "record_id", "name", "random", "yyyy", "mm", "dd");

    private final String template;
    private final List<String> placeholders;

    private KeyTemplate(String template, List<String> placeholders) {
        this.template = template;
        this.placeholders = List.copyOf(placeholders);
    }

    /**
     * The context a key is made in: the tenant may be null when the template does not use it, and the
     * record id when the record is not saved yet (a direct upload for a new record's form).
     */
    public record Context(String tenant, String recordType, String recordId, String name, Instant now) {

        public Context(String tenant, RecordRef record, String name, Instant now) {
            this(tenant, record.type(), record.id(), name, now);
        }
    }

    public static KeyTemplate parse(String template) {
        Matcher matcher = PLACEHOLDER.matcher(template);
        List<String> found = new ArrayList<>();
        while (matcher.find()) {
            if (!KNOWN.contains(matcher.group(1))) {
                throw new ConfigurationException("key template '" + template + "': unknown placeholder {" + matcher.group(1) + "} (known: "
                        + String.join(", ", KNOWN.stream().sorted().toList()) + ")");
            }
            found.add(matcher.group(1));
        }
        if (!found.contains("random")) {
            throw new ConfigurationException("key template '" + template + "' must contain {random}, which keeps keys unique");
        }
        String sample = PLACEHOLDER.matcher(template).replaceAll("x");
        try {
            StorageKeys.requireValidKey(sample);
        } catch (InvalidKeyException e) {
            throw new ConfigurationException("key template '" + template + "' cannot make valid keys: " + e.getMessage());
        }
        return new KeyTemplate(template, found);
    }

    public boolean usesTenant() {
        return placeholders.contains("tenant");
    }

    /** Whether keys need the record's id: a record that is not saved yet cannot have one. */
    public boolean usesRecordId() {
        return placeholders.contains("record_id");
    }

    public String resolve(Context context) {
        ZonedDateTime date = context.now().atZone(ZoneOffset.UTC);
        Matcher matcher = PLACEHOLDER.matcher(template);
        StringBuilder key = new StringBuilder();
        while (matcher.find()) {
            String value = switch (matcher.group(1)) {
                case "tenant" -> safe("tenant", context.tenant());
                case "record_type" -> safe("record type", context.recordType());
                case "record_id" -> safe("record id", context.recordId());
                case "name" -> safe("attachment name", context.name());
                case "yyyy" -> String.format("%04d", date.getYear());
                case "mm" -> String.format("%02d", date.getMonthValue());
                case "dd" -> String.format("%02d", date.getDayOfMonth());
                default -> StorageKeys.random();
            };
            matcher.appendReplacement(key, Matcher.quoteReplacement(value));
        }
        matcher.appendTail(key);
        return StorageKeys.requireValidKey(key.toString());
    }

    private String safe(String what, String value) {
        if (value == null) {
            throw new InvalidKeyException("key template '" + template + "' needs a " + what + ", and none was given"
                    + (what.equals("tenant") ? " (use affix.forTenant(...))" : ""));
        }
        if (!SAFE_VALUE.matcher(value).matches()) {
            throw new InvalidKeyException(what + " '" + value + "' cannot be part of a key: use letters, digits, '.', '_' and '-'");
        }
        return value;
    }

    @Override
    public String toString() {
        return template;
    }
}
