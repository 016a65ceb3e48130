package dev.affix.attachment;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * How Affix identifies the application's objects as records: a {@link RecordRef} as is, an
 * {@link AffixRecord}, or an instance of a class registered with its alias and id accessor.
 */
public final class RecordTypes {

    private record Registration(String alias, Function<Object, Object> id) {
    }

    private final Map<Class<?>, Registration> registrations;
    private final List<Function<Object, Optional<RecordRef>>> resolvers;

    private RecordTypes(Map<Class<?>, Registration> registrations, List<Function<Object, Optional<RecordRef>>> resolvers) {
        this.registrations = Map.copyOf(registrations);
        this.resolvers = List.copyOf(resolvers);
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
        for (Function<Object, Optional<RecordRef>> resolver : resolvers) {
            Optional<RecordRef> ref = resolver.apply(record);
            if (ref.isPresent()) {
                return ref.get();
            }
        }
        throw new IllegalArgumentException("cannot identify a record of " + record.getClass().getName()
                + ": register it (recordType(" + record.getClass().getSimpleName() + ".class, \"Alias\", "
                + record.getClass().getSimpleName() + "::getId)), implement AffixRecord, or pass RecordRef.of(type, id)");
    }

    public static final class Builder {
        private final Map<Class<?>, Registration> registrations = new LinkedHashMap<>();
        private final List<Function<Object, Optional<RecordRef>>> resolvers = new ArrayList<>();

        private Builder() {
        }

        /** Asked, in order, about objects of no registered class: a framework integration (JPA entities) plugs in here. */
        public Builder resolver(Function<Object, Optional<RecordRef>> resolver) {
            resolvers.add(resolver);
            return this;
        }

        @SuppressWarnings("unchecked")
        public <T> Builder register(Class<T> type, String alias, Function<? super T, ?> id) {
            registrations.put(type, new Registration(alias, record -> ((Function<Object, Object>) id).apply(record)));
            return this;
        }

        public RecordTypes build() {
            return new RecordTypes(registrations, resolvers);
        }
    }
}
