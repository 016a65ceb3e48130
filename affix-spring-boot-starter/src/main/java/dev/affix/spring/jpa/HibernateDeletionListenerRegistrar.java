package dev.affix.spring.jpa;

import dev.affix.Affix;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.PersistenceException;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.event.spi.EventType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;

/**
 * Teaches {@link JpaEntityRecords} every Hibernate entity manager factory of the context as it is
 * made, and appends a {@link RecordDeletionListener} to its post-delete events. Affix is looked up
 * when an entity is deleted, not before: it may be built after the entity manager factory.
 */
final class HibernateDeletionListenerRegistrar implements BeanPostProcessor {

    private final ObjectProvider<JpaEntityRecords> records;
    private final ObjectProvider<Affix> affix;
    // two beans can expose one factory (a proxy and the native one): it gets one listener
    private final Set<SessionFactoryImplementor> registered =
            Collections.synchronizedSet(Collections.newSetFromMap(new IdentityHashMap<>()));

    HibernateDeletionListenerRegistrar(ObjectProvider<JpaEntityRecords> records, ObjectProvider<Affix> affix) {
        this.records = records;
        this.affix = affix;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof EntityManagerFactory factory) {
            SessionFactoryImplementor hibernate;
            try {
                hibernate = factory.unwrap(SessionFactoryImplementor.class);
            } catch (PersistenceException notHibernate) {
                return bean;
            }
            if (registered.add(hibernate)) {
                JpaEntityRecords known = records.getObject();
                known.add(hibernate);
                hibernate.getEventListenerRegistry().appendListeners(EventType.POST_DELETE,
                        new RecordDeletionListener(known, affix::getIfAvailable));
            }
        }
        return bean;
    }
}
