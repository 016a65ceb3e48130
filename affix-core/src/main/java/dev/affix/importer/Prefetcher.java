package dev.affix.importer;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;

/**
 * Runs a producer on a thread of its own, at most {@code ahead} items ahead of the consumer, so that
 * reading and looking up the next batches overlaps writing the current one. A failure of the producer
 * reaches the consumer at the item where it happened; closing stops the producer.
 */
final class Prefetcher<T> implements AutoCloseable {

    /** Makes the items, handing each to {@code sink} (which blocks while the consumer is behind). */
    @FunctionalInterface
    interface Producer<T> {
        void produce(Sink<T> sink) throws Exception;
    }

    @FunctionalInterface
    interface Sink<T> {
        void put(T item) throws InterruptedException;
    }

    /** An item, the end, or what stopped the producer. */
    private record Slot<T>(T item, Exception failure) {
    }

    private final BlockingQueue<Slot<T>> queue;
    private final Thread thread;
    private boolean finished;

    Prefetcher(String threadName, int ahead, Producer<T> producer) {
        this.queue = new ArrayBlockingQueue<>(ahead);
        this.thread = new Thread(() -> {
            try {
                producer.produce(item -> queue.put(new Slot<>(item, null)));
                queue.put(new Slot<>(null, null));
            } catch (InterruptedException e) {
                // closed by the consumer: nobody waits for more
            } catch (Exception e) {
                try {
                    queue.put(new Slot<>(null, e));
                } catch (InterruptedException closed) {
                    // closed by the consumer meanwhile
                }
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /** The next item, or null at the end. */
    T next() throws InterruptedException, ExecutionException {
        if (finished) {
            return null;
        }
        Slot<T> slot = queue.take();
        if (slot.failure() != null) {
            finished = true;
            throw new ExecutionException(slot.failure());
        }
        finished = slot.item() == null;
        return slot.item();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join();
    }
}
