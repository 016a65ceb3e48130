package dev.affix.attachment;

/**
 * Chooses the storage service of a declaration's new blobs from the record and the tenant, e.g. to
 * keep each region's files in its own bucket. Returns a configured service's name; null means the
 * default service.
 */
@FunctionalInterface
public interface ServiceSelector {

    String serviceFor(RecordRef record, String tenant);

    static ServiceSelector fixed(String serviceName) {
        return new Fixed(serviceName);
    }

    /** Always the same service, as the configuration's {@code service:} says. */
    record Fixed(String serviceName) implements ServiceSelector {
        @Override
        public String serviceFor(RecordRef record, String tenant) {
            return serviceName;
        }
    }
}
