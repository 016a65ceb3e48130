package dev.affix.attachment;

import java.util.Objects;
import java.util.Optional;

/**
 * What a verified attachment handle names: the declaration ({@code recordType.name}) that direct
 * uploads through it are for, the tenant whose keys they get (null: none), and the record (null id: a
 * record not saved yet, as on a form that creates one).
 */
public record AttachmentHandle(String recordType, String name, String tenant, String recordId) {

    public AttachmentHandle {
        Objects.requireNonNull(recordType, "recordType");
        Objects.requireNonNull(name, "name");
    }

    /** The record, when the handle was made for a saved one. */
    public Optional<RecordRef> record() {
        return recordId == null ? Optional.empty() : Optional.of(new RecordRef(recordType, recordId));
    }

    /** {@code Type.name} */
    public String qualifiedName() {
        return recordType + "." + name;
    }
}
