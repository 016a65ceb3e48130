package dev.affix.storage.spi;

import dev.affix.storage.ObjectSummary;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Turns an SDK's paged listing into the stream {@link dev.affix.storage.StorageService#list} returns:
 * pages are fetched as the caller consumes them, and an SDK failure on any page surfaces as the
 * service's own exception rather than the SDK's.
 */
public final class ObjectListings {

    private ObjectListings() {
    }

    /**
     * @param items   the SDK's lazily paged items
     * @param summary what each item says of its object
     * @param failure translates an SDK failure (raised while fetching a page) into the service's exception
     */
    public static <T> Stream<ObjectSummary> stream(Iterable<T> items, Function<T, ObjectSummary> summary,
                                                  Function<RuntimeException, RuntimeException> failure) {
        Iterator<ObjectSummary> translated = new Iterator<>() {
            private Iterator<T> source;

            @Override
            public boolean hasNext() {
                try {
                    if (source == null) {
                        source = items.iterator();
                    }
                    return source.hasNext();
                } catch (RuntimeException e) {
                    throw failure.apply(e);
                }
            }

            @Override
            public ObjectSummary next() {
                T item;
                try {
                    item = source.next();
                } catch (RuntimeException e) {
                    throw failure.apply(e);
                }
                return summary.apply(item);
            }
        };
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(translated, Spliterator.NONNULL), false);
    }
}
