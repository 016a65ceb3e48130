package dev.affix.attachment;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * How Affix identifies the application's objects as records: a {@link RecordRef} as is, an
 * {@link AffixRecord}, or an instance of a class registered with its alias and id accessor.
 */
public final class RecordTypes {

    private record Registration(String alias, Function<Object, Object> id) {
    }

    private final Map<Class<?>, Registration> registrations;

    private RecordTypes(Map<Class<?>, Registration> registrations) {
        this.registrations = Map.copyOf(registrations);
    }

    public static Builder builder() {
        return new Builder();
    }

    public RecordRef identify(Object record) {
        if (record instanceof RecordRef ref) {
            return ref;
        }
        if (record instanceof AffixRecord affixRecord) {
            return affixRecord.affixRecord();
        }
        for (Class<?> type = record.getClass(); type != null; type = type.getSuperclass()) {
            Registration registration = registrations.get(type);
            if (registration != null) {
                Object id = registration.id().apply(record);
                if (id == null) {
                    throw new IllegalArgumentException(registration.alias() + " record has no id yet: save it before attaching files");
                }
                return RecordRef.of(registration.alias(), id);
            }
        }
        throw new IllegalArgumentException("cannot identify a record of " + record.getClass().getName()
                + ": register it (recordType(" + record.getClass().getSimpleName() + ".class, \"Alias\", "
                + record.getClass().getSimpleName() + "::getId)), implement AffixRecord, or pass RecordRef.of(type, id)");
    }

    public static final class Builder {
        private final Map<Class<?>, Registration> registrations = new LinkedHashMap<>();

        private Builder() {
        }

        @SuppressWarnings("unchecked")
        public <T> Builder register(Class<T> type, String alias, Function<? super T, ?> id) {
            registrations.put(type, new Registration(alias, record -> ((Function<Object, Object>) id).apply(record)));
            return this;
        }

        public RecordTypes build() {
            return new RecordTypes(registrations);
        }
    }
}
