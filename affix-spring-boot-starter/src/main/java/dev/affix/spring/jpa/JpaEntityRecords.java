package dev.affix.spring.jpa;

import dev.affix.attachment.RecordRef;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceUnitUtil;
import jakarta.persistence.metamodel.EntityType;
import jakarta.persistence.metamodel.IdentifiableType;
import jakarta.persistence.metamodel.Type;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identifies JPA entities as Affix records, for the entity managers registered with {@link #add}.
 * The record type is the JPA entity name of the root of the entity's hierarchy: {@code @Entity(name
 * = "…")} when given, else the simple class name. That name is what the {@code attachments:}
 * declarations and the rows use, so it must stay stable: to rename an entity class, keep its name
 * with {@code @Entity(name = "OldName")}. Subclasses share the root's name, as they share its ids.
 * The record id is the entity's id as text; entities with a composite id are not identified here
 * (register them with {@code Affix.Builder.recordType} or implement {@code AffixRecord}).
 */
public final class JpaEntityRecords {

    private record Known(String alias, PersistenceUnitUtil ids) {
    }

    private final Map<Class<?>, Known> byClass = new ConcurrentHashMap<>();

    /** Learns the entity types of a persistence unit; the first unit to map a class keeps it. */
    public void add(EntityManagerFactory entityManagerFactory) {
        PersistenceUnitUtil ids = entityManagerFactory.getPersistenceUnitUtil();
        for (EntityType<?> type : entityManagerFactory.getMetamodel().getEntities()) {
            Class<?> javaType = type.getJavaType();
            if (javaType != null && type.hasSingleIdAttribute() && type.getIdType().getPersistenceType() == Type.PersistenceType.BASIC) {
                byClass.putIfAbsent(javaType, new Known(rootOf(type).getName(), ids));
            }
        }
    }

    /**
     * The record of an entity, or empty if it is no entity of a registered unit. An entity not yet
     * saved has no id, and attaching files to it is refused with a message that says so.
     */
    public Optional<RecordRef> identify(Object entity) {
        // walking up the classes also finds the entity behind a lazy-loading proxy's subclass
        for (Class<?> type = entity.getClass(); type != null; type = type.getSuperclass()) {
            Known known = byClass.get(type);
            if (known != null) {
                Object id = known.ids().getIdentifier(entity);
                if (id == null) {
                    throw new IllegalArgumentException(known.alias() + " entity has no id yet: save it before attaching files");
                }
                return Optional.of(RecordRef.of(known.alias(), id));
            }
        }
        return Optional.empty();
    }

    private static EntityType<?> rootOf(EntityType<?> type) {
        EntityType<?> root = type;
        for (IdentifiableType<?> parent = type.getSupertype(); parent != null; parent = parent.getSupertype()) {
            if (parent instanceof EntityType<?> entity) {
                root = entity;
            }
        }
        return root;
    }
}
