package dev.affix.blob;

/**
 * An object to delete from a service once no blob row points at it, as the pending deletions table
 * holds it; {@code attempts} counts the times a deletion took it so far.
 */
public record PendingDeletion(long id, String serviceName, String key, int attempts) {
}
