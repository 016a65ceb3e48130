package dev.affix.attachment;

import dev.affix.analysis.AnalysisMode;
import dev.affix.config.ConfigurationException;
import dev.affix.validation.AttachmentRules;
import dev.affix.variant.NamedVariant;
import dev.affix.variant.Transformations;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the application declared for one (record type, attachment name): one file or many, which
 * service its files go to (null: the default; fixed, or chosen per record), where in it
 * ({@link KeyTemplate}; null: a random key), what happens to them when the record is deleted,
 * when their bytes are analysed ({@code analyze}; null: as the configuration's {@code analysis.analyze} says),
 * and where the records are ({@code recordTable}; null: not known), which {@code affix doctor} uses.
 */
public record AttachmentDeclaration(String recordType, String name, Kind kind, ServiceSelector service, Dependent dependent,
        KeyTemplate keyTemplate, AnalysisMode analyze, Map<String, NamedVariant> variants, AttachmentRules rules, RecordTable recordTable) {

    /** The keys an entry of the configuration's {@code attachments:} section may hold. */
    public static final Set<String> SETTINGS = Set.of("kind", "service", "dependent", "keys", "analyze", "variants", "validate",
            "record_table", "record_id_column");

    public enum Kind { ONE, MANY }

    /** What deleting the record does to its files. */
    public enum Dependent {
        /** Delete the attachments, rows and bytes, before returning. */
        PURGE,
        /** Delete the attachments now, and the blobs and bytes in a background job. */
        PURGE_LATER,
        /** Leave everything as it is. */
        KEEP
    }

    public AttachmentDeclaration {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        dependent = dependent == null ? Dependent.PURGE_LATER : dependent;
        variants = variants == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(variants));
        rules = rules == null ? AttachmentRules.NONE : rules;
    }

    public static AttachmentDeclaration one(String recordType, String name) {
        return new AttachmentDeclaration(recordType, name, Kind.ONE, null, Dependent.PURGE_LATER, null, null, Map.of(), AttachmentRules.NONE,
                null);
    }

    public static AttachmentDeclaration many(String recordType, String name) {
        return new AttachmentDeclaration(recordType, name, Kind.MANY, null, Dependent.PURGE_LATER, null, null, Map.of(), AttachmentRules.NONE,
                null);
    }

    public AttachmentDeclaration service(String serviceName) {
        return service(ServiceSelector.fixed(serviceName));
    }

    public AttachmentDeclaration service(ServiceSelector value) {
        return new AttachmentDeclaration(recordType, name, kind, value, dependent, keyTemplate, analyze, variants, rules, recordTable);
    }

    public AttachmentDeclaration dependent(Dependent value) {
        return new AttachmentDeclaration(recordType, name, kind, service, value, keyTemplate, analyze, variants, rules, recordTable);
    }

    public AttachmentDeclaration keys(String template) {
        return new AttachmentDeclaration(recordType, name, kind, service, dependent, KeyTemplate.parse(template), analyze, variants, rules,
                recordTable);
    }

    /** When the bytes of this attachment's blobs are analysed, whatever the configuration's default. */
    public AttachmentDeclaration analyze(AnalysisMode value) {
        return new AttachmentDeclaration(recordType, name, kind, service, dependent, keyTemplate, value, variants, rules, recordTable);
    }

    /** This declaration with a named variant added (replacing one of the same name). */
    public AttachmentDeclaration variant(String variantName, Transformations transformations, NamedVariant.Process process) {
        Map<String, NamedVariant> all = new LinkedHashMap<>(variants);
        all.put(variantName, new NamedVariant(variantName, transformations, process));
        return new AttachmentDeclaration(recordType, name, kind, service, dependent, keyTemplate, analyze, all, rules, recordTable);
    }

    /** This declaration with these rules, checked on every attach ({@code validate:}). */
    public AttachmentDeclaration validate(AttachmentRules value) {
        return new AttachmentDeclaration(recordType, name, kind, service, dependent, keyTemplate, analyze, variants, value, recordTable);
    }

    /** This declaration with the table that holds its records, whose {@code id} column the record ids are ({@code record_table:}). */
    public AttachmentDeclaration recordTable(String table) {
        return recordTable(table, RecordTable.DEFAULT_ID_COLUMN);
    }

    /**
     * This declaration with the table that holds its records and the column their ids are in
     * ({@code record_table:}, {@code record_id_column:}), for finding attachments whose record is gone.
     */
    public AttachmentDeclaration recordTable(String table, String idColumn) {
        return new AttachmentDeclaration(recordType, name, kind, service, dependent, keyTemplate, analyze, variants, rules,
                new RecordTable(table, idColumn));
    }

    /** The named variant, or a clear error naming the ones declared. */
    public NamedVariant requireVariant(String variantName) {
        NamedVariant variant = variants.get(variantName);
        if (variant == null) {
            throw new UndeclaredAttachmentException("attachment '" + qualifiedName() + "' declares no variant '" + variantName + "'"
                    + (variants.isEmpty() ? "" : " (it declares " + String.join(", ", variants.keySet()) + ")"));
        }
        return variant;
    }

    /** {@link #analyze()} if declared, else {@code fallback} (the configuration's default). */
    public AnalysisMode analyzeOr(AnalysisMode fallback) {
        return analyze == null ? fallback : analyze;
    }

    /** The service for a new blob of this record: null for the default. */
    public String serviceFor(RecordRef record, String tenant) {
        return service == null ? null : service.serviceFor(record, tenant);
    }

    /** {@code Type.name} */
    public String qualifiedName() {
        return recordType + "." + name;
    }

    /** Reads one entry of the configuration's {@code attachments:} section. */
    public static AttachmentDeclaration fromConfig(String qualifiedName, Map<String, Object> settings) {
        int dot = qualifiedName.lastIndexOf('.');
        if (dot <= 0 || dot == qualifiedName.length() - 1) {
            throw new ConfigurationException("attachment '" + qualifiedName + "' must be named RecordType.name");
        }
        for (String key : settings.keySet()) {
            if (!SETTINGS.contains(key)) {
                throw new ConfigurationException("attachment '" + qualifiedName + "': unknown key '" + key
                        + "' (kind, service, dependent, keys, analyze, variants, validate, record_table, record_id_column)");
            }
        }
        Kind kind = parse(qualifiedName, "kind", settings.getOrDefault("kind", "one"), Kind.class);
        Dependent dependent = parse(qualifiedName, "dependent", settings.getOrDefault("dependent", "purge_later"), Dependent.class);
        Object service = settings.get("service");
        Object keys = settings.get("keys");
        return new AttachmentDeclaration(qualifiedName.substring(0, dot), qualifiedName.substring(dot + 1), kind,
                service == null ? null : ServiceSelector.fixed(service.toString()), dependent,
                keys == null ? null : KeyTemplate.parse(keys.toString()),
                settings.containsKey("analyze") ? AnalysisMode.parse("attachment '" + qualifiedName + "': analyze", settings.get("analyze"))
                        : null,
                variants(qualifiedName, settings.get("variants")),
                AttachmentRules.fromConfig("attachment '" + qualifiedName + "'", settings.get("validate")),
                recordTable(qualifiedName, settings.get("record_table"), settings.get("record_id_column")));
    }

    private static RecordTable recordTable(String qualifiedName, Object table, Object idColumn) {
        if (table == null) {
            if (idColumn != null) {
                throw new ConfigurationException("attachment '" + qualifiedName + "': record_id_column needs record_table");
            }
            return null;
        }
        try {
            return new RecordTable(table.toString(), idColumn == null ? RecordTable.DEFAULT_ID_COLUMN : idColumn.toString());
        } catch (ConfigurationException e) {
            throw new ConfigurationException("attachment '" + qualifiedName + "': " + e.getMessage(), e);
        }
    }

    private static Map<String, NamedVariant> variants(String qualifiedName, Object settings) {
        Map<String, NamedVariant> variants = new LinkedHashMap<>();
        if (settings == null) {
            return variants;
        }
        if (!(settings instanceof Map<?, ?> map)) {
            throw new ConfigurationException("attachment '" + qualifiedName + "': variants must be a map of names to transformations");
        }
        map.forEach((name, value) -> variants.put(String.valueOf(name), NamedVariant.fromConfig("attachment '" + qualifiedName + "'",
                String.valueOf(name), value)));
        return variants;
    }

    private static <E extends Enum<E>> E parse(String qualifiedName, String key, Object value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toString().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ConfigurationException("attachment '" + qualifiedName + "': " + key + " '" + value + "' is not one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList());
        }
    }
}
