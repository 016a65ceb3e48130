package dev.affix.gcs;

import com.google.cloud.storage.BlobId;
import dev.affix.checksum.Checksum;
import dev.affix.io.BoundedInputStream;
import dev.affix.json.Json;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UploadedPart;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Resumable uploads into GCS as parts composed at the end: each request's bytes are streamed, at most
 * {@link #PART_SIZE} at a time, into part objects under {@link #SCRATCH_PREFIX} (each finalized only
 * when whole, so a part cut off leaves nothing), and completing composes exactly those generations
 * inside GCS into the object at the key, only if it is free, without reading them. A part sent again
 * replaces its object under the same name; the composition names each part's recorded generation, so
 * a part replaced after it was recorded fails the completion rather than entering the object. The
 * state is {@code {"scratch":"<folder>"}}; completing and aborting delete the folder.
 */
final class GcsResumableUploads implements ResumableUploads {

    static final String SCRATCH_PREFIX = "affix-resumable/";
    /** The most bytes of one request that a part holds, and that a client cut off half-way sends again. */
    static final long PART_SIZE = GcsUploader.CHUNK_SIZE;
    private static final Pattern SCRATCH_NAME = Pattern.compile("[0-9a-z]{28}");

    private final GcsBucket bucket;
    private final GcsUploader uploader;
    private final GcsComposer composer;
    private final Consumer<String> deletePrefixed;

    GcsResumableUploads(GcsBucket bucket, GcsUploader uploader, GcsComposer composer, Consumer<String> deletePrefixed) {
        this.bucket = bucket;
        this.uploader = uploader;
        this.composer = composer;
        this.deletePrefixed = deletePrefixed;
    }

    @Override
    public String begin(String key, long byteSize, ObjectMetadata metadata) {
        StorageKeys.requireValidKey(key);
        return Json.write(Map.of("scratch", StorageKeys.random()));
    }

    @Override
    public void append(ResumableUpload upload, ResumableChunk chunk) {
        String folder = folder(upload);
        int partNumber = upload.partCount();
        while (chunk.remaining() > 0) {
            long size = Math.min(PART_SIZE, chunk.remaining());
            partNumber++;
            String part = folder + partNumber;
            uploader.upload(part, new BoundedInputStream(chunk, size), UploadOptions.defaults().withByteSize(size).overwriting());
            long generation = bucket.existing(part).getGeneration();
            chunk.kept(upload.state(), new UploadedPart(partNumber, size, Long.toString(generation)));
        }
    }

    @Override
    public void complete(ResumableUpload upload, List<UploadedPart> parts, ObjectMetadata metadata, Checksum checksum) {
        String folder = folder(upload);
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).number() != i + 1) {
                throw new IntegrityException("GCS service '" + bucket.serviceName() + "': the resumable upload to key '" + upload.key()
                        + "' has part " + parts.get(i).number() + " where part " + (i + 1) + " should be");
            }
            total += parts.get(i).byteSize();
        }
        if (total != upload.byteSize()) {
            throw new IntegrityException("GCS service '" + bucket.serviceName() + "': the resumable upload to key '" + upload.key()
                    + "' has " + total + " bytes in parts, not the " + upload.byteSize() + " declared");
        }
        List<BlobId> sources = parts.stream()
                .map(part -> BlobId.of(bucket.name(), folder + part.number(), Long.parseLong(part.tag()))).toList();
        composer.join(sources, bucket.blobId(folder + "joined"), upload.key(), metadata);
        deletePrefixed.accept(folder);
    }

    @Override
    public void abort(ResumableUpload upload) {
        deletePrefixed.accept(folder(upload));
    }

    private String folder(ResumableUpload upload) {
        Object scratch;
        try {
            scratch = Json.readObject(upload.state()).get("scratch");
        } catch (IllegalArgumentException e) {
            scratch = null;
        }
        if (scratch == null || !SCRATCH_NAME.matcher(scratch.toString()).matches()) {
            throw new StorageException("GCS service '" + bucket.serviceName() + "': '" + upload.state()
                    + "' is not the state of a resumable upload");
        }
        return SCRATCH_PREFIX + scratch + "/";
    }
}
