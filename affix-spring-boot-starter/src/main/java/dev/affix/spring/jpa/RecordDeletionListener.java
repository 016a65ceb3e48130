package dev.affix.spring.jpa;

import dev.affix.Affix;
import dev.affix.attachment.AffixRecord;
import java.util.function.Supplier;
import org.hibernate.event.spi.PostDeleteEvent;
import org.hibernate.event.spi.PostDeleteEventListener;

/**
 * Applies the attachment declarations of an entity's record type when Hibernate deletes the entity:
 * {@code purge}, {@code purge_later} or {@code keep}. It runs while Hibernate flushes the deletion,
 * before the commit, so in a Spring transaction the attachment rows go in the same transaction as the
 * entity's row and come back with it on a rollback. Entities that Affix cannot identify by
 * themselves (composite ids, unless they implement {@link AffixRecord}) are left alone, so deleting
 * them never fails because of Affix. Bulk JPQL deletes bypass Hibernate's events, and with them this.
 */
final class RecordDeletionListener implements PostDeleteEventListener {

    private final JpaEntityRecords records;
    /** Affix, or null in a context that has none. */
    private final Supplier<Affix> affix;

    RecordDeletionListener(JpaEntityRecords records, Supplier<Affix> affix) {
        this.records = records;
        this.affix = affix;
    }

    @Override
    public void onPostDelete(PostDeleteEvent event) {
        Object entity = event.getEntity();
        if (entity instanceof AffixRecord || records.identify(entity).isPresent()) {
            Affix current = affix.get();
            if (current != null) {
                // Affix identifies the entity again, so that a type registered with recordType() keeps its own alias
                current.recordDeleted(entity);
            }
        }
    }
}
