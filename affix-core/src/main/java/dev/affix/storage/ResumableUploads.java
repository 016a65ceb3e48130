package dev.affix.storage;

import dev.affix.checksum.Checksum;
import java.util.List;

/**
 * A storage service's way to receive one object in pieces, over many requests and possibly many
 * processes (the uploads of the tus protocol), asked of a service with
 * {@link StorageService#resumableUploads()}.
 *
 * <p>The service keeps the pieces where they cost no memory and survive a restart (Disk: one
 * append-only file in its temporary folder; S3: the parts of a multipart upload; GCS: temporary
 * objects composed at the end; Azure: staged blocks). Affix keeps the rest in its database: the
 * offset, the state {@link #begin} and {@link ResumableChunk#kept} return, the parts, and the running
 * MD5 of the whole object, which it computes as the service reads each chunk, so that the object is
 * never read again to finish it. Nothing is visible at the key before {@link #complete}.
 *
 * <p>Calls for one upload never overlap: Affix holds a lease on the upload while it appends,
 * completes or aborts it. They may come from different processes, so a service keeps nothing of an
 * upload in memory between calls.
 */
public interface ResumableUploads {

    /**
     * Begins an upload of {@code byteSize} bytes (at least one) that will become the object at
     * {@code key}; nothing is stored at the key yet.
     *
     * @return the service's state of the upload, given back in every later {@link ResumableUpload}
     */
    String begin(String key, long byteSize, ObjectMetadata metadata);

    /**
     * Stores the chunk's bytes after the {@link ResumableUpload#offset()}, reading the chunk to its
     * end. Whenever every byte read from it so far is stored durably, the service calls
     * {@link ResumableChunk#kept} with its new state and the part it stored, if any. When this
     * fails (the client went away, the service failed), what was kept stays kept and the client
     * sends the rest again; what was stored but not kept (a part cut off half-way) must be harmless:
     * a later append replaces it, or {@link #complete} and {@link #abort} remove it.
     */
    void append(ResumableUpload upload, ResumableChunk chunk);

    /**
     * Makes the upload's bytes the object at its key, with {@code metadata}, and removes the pieces.
     * Called once the offset has reached the byte size. The key is taken only if it is free:
     * otherwise {@link KeyExistsException} is raised and the object there is left as it was.
     *
     * @param parts    every part that {@link #append} kept, in order
     * @param checksum the MD5 of the whole object, which Affix computed as the bytes arrived, for a
     *                 service that records it beside the object
     */
    void complete(ResumableUpload upload, List<UploadedPart> parts, ObjectMetadata metadata, Checksum checksum);

    /** Removes whatever the upload stored, never an object at its key; doing it again does nothing. */
    void abort(ResumableUpload upload);
}
