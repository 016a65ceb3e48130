package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.json.Json;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.UploadedPart;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Resumable uploads into S3 as one multipart upload each, its parts streamed straight from the
 * client's chunks: no part is held in memory. S3 wants every part but the last to have at least
 * 5 MiB, so bytes that do not fill a part yet wait in a tail object under {@link #SCRATCH_PREFIX},
 * which the next request sends first; a request that ends the upload sends what remains as the last
 * part. Parts are {@code part_size} (or larger, so that the object fits in 10,000 of them), and the
 * state is the upload id, a scratch folder and the tail's range:
 * {@code {"upload_id":…,"scratch":…,"tail_start":…,"tail_end":…}}.
 *
 * <p>What a request stores but does not report kept (a part cut off, a tail whose chunk failed its
 * checksum) is harmless: a part number is uploaded again, and stale tails are deleted by the next
 * request, by {@link #complete} and by {@link #abort}.
 */
final class S3ResumableUploads implements ResumableUploads {

    /** Where tails wait until they are sent as part of a part, one folder per upload. */
    static final String SCRATCH_PREFIX = "affix-resumable/";
    private static final Pattern SCRATCH_NAME = Pattern.compile("[0-9a-z]{28}");

    private final S3Client s3;
    private final S3Settings settings;
    private final S3Errors errors;

    S3ResumableUploads(S3Client s3, S3Settings settings, S3Errors errors) {
        this.s3 = s3;
        this.settings = settings;
        this.errors = errors;
    }

    /** The upload's state: its multipart upload, and the bytes after its parts, held in the tail object. */
    private record State(String uploadId, String scratch, long tailStart, long tailEnd) {

        static State parse(String text) {
            Map<String, Object> fields;
            try {
                fields = Json.readObject(text);
            } catch (IllegalArgumentException e) {
                throw new StorageException("'" + text + "' is not the state of an S3 resumable upload", e);
            }
            String scratch = String.valueOf(fields.get("scratch"));
            if (!(fields.get("upload_id") instanceof String id) || !SCRATCH_NAME.matcher(scratch).matches()
                    || !(fields.get("tail_start") instanceof Number start) || !(fields.get("tail_end") instanceof Number end)) {
                throw new StorageException("'" + text + "' is not the state of an S3 resumable upload");
            }
            return new State(id, scratch, start.longValue(), end.longValue());
        }

        String text() {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("upload_id", uploadId);
            fields.put("scratch", scratch);
            fields.put("tail_start", tailStart);
            fields.put("tail_end", tailEnd);
            return Json.write(fields);
        }

        long tailLength() {
            return tailEnd - tailStart;
        }

        String folder() {
            return SCRATCH_PREFIX + scratch + "/";
        }

        String tailKey() {
            return folder() + tailStart + "-" + tailEnd;
        }

        State withTail(long start, long end) {
            return new State(uploadId, scratch, start, end);
        }
    }

    @Override
    public String begin(String key, long byteSize, ObjectMetadata metadata) {
        if (byteSize > S3Settings.MAX_OBJECT_SIZE) {
            throw new StorageException(errors.describe("resumable upload to key '" + key + "'") + " is declared as " + byteSize
                    + " bytes; S3 stores at most " + S3Settings.MAX_OBJECT_SIZE);
        }
        ObjectAttributes attributes = ObjectAttributes.of(metadata, settings);
        try {
            String uploadId = MultipartUpload.start(s3, settings.bucket(), key, attributes).uploadId();
            return new State(uploadId, StorageKeys.random(), 0, 0).text();
        } catch (SdkException e) {
            throw errors.failed("start of a resumable upload to key '" + key + "'", e);
        }
    }

    /**
     * Sends full parts (the tail first) while the chunk has enough bytes for one; then either the
     * rest as the last part, when the chunk ends the upload, or the rest behind the old tail as a new
     * tail object. Each is reported kept once S3 has it.
     */
    @Override
    public void append(ResumableUpload upload, ResumableChunk chunk) {
        State state = State.parse(upload.state());
        deleteStaleTails(state);
        long partSize = partSize(upload.byteSize());
        boolean endsUpload = upload.offset() + chunk.length() == upload.byteSize();
        int partNumber = upload.partCount();
        while (chunk.remaining() > 0) {
            long available = state.tailLength() + chunk.remaining();
            if (available >= partSize || endsUpload) {
                long size = Math.min(partSize, available);
                partNumber++;
                String eTag = uploadPart(upload, state, chunk, partNumber, size);
                long end = state.tailEnd() + (size - state.tailLength());
                state = state.withTail(end, end);
                chunk.kept(state.text(), new UploadedPart(partNumber, size, eTag));
            } else {
                State tail = state.withTail(state.tailStart(), state.tailEnd() + chunk.remaining());
                putTail(upload, state, tail, chunk);
                state = tail;
                chunk.kept(state.text(), null);
            }
        }
    }

    private String uploadPart(ResumableUpload upload, State state, ResumableChunk chunk, int number, long size) {
        String action = "upload of part " + number + " of the resumable upload to key '" + upload.key() + "'";
        try (TailThenChunk body = new TailThenChunk(openTail(state), chunk, size)) {
            return s3.uploadPart(part -> part.bucket(settings.bucket()).key(upload.key()).uploadId(state.uploadId()).partNumber(number)
                            .contentLength(size),
                    RequestBody.fromContentProvider(new OneShotContentProvider(body, body::bytesRead), size,
                            ObjectAttributes.DEFAULT_CONTENT_TYPE)).eTag();
        } catch (SdkException e) {
            throw errors.failed(action, e);
        } catch (IOException e) {
            throw new StorageException(errors.describe(action) + " failed: " + e, e);
        }
    }

    /** Stores the old tail's bytes and the rest of the chunk as the new tail object. */
    private void putTail(ResumableUpload upload, State old, State tail, ResumableChunk chunk) {
        String action = "holding back the last " + tail.tailLength() + " bytes of the resumable upload to key '" + upload.key() + "'";
        try (TailThenChunk body = new TailThenChunk(openTail(old), chunk, tail.tailLength())) {
            s3.putObject(put -> put.bucket(settings.bucket()).key(tail.tailKey()).contentLength(tail.tailLength()),
                    RequestBody.fromContentProvider(new OneShotContentProvider(body, body::bytesRead), tail.tailLength(),
                            ObjectAttributes.DEFAULT_CONTENT_TYPE));
        } catch (SdkException e) {
            throw errors.failed(action, e);
        } catch (IOException e) {
            throw new StorageException(errors.describe(action) + " failed: " + e, e);
        }
    }

    private InputStream openTail(State state) {
        if (state.tailLength() == 0) {
            return null;
        }
        try {
            return s3.getObject(get -> get.bucket(settings.bucket()).key(state.tailKey()));
        } catch (SdkException e) {
            throw errors.failed("reading the held-back bytes of a resumable upload at '" + state.tailKey() + "'", e);
        }
    }

    /** Deletes the tails that the recorded state no longer names: superseded ones, and those of requests that were not kept. */
    private void deleteStaleTails(State state) {
        String current = state.tailLength() == 0 ? null : state.tailKey();
        try {
            for (S3Object object : s3.listObjectsV2Paginator(list -> list.bucket(settings.bucket()).prefix(state.folder())).contents()) {
                if (!object.key().equals(current)) {
                    s3.deleteObject(delete -> delete.bucket(settings.bucket()).key(object.key()));
                }
            }
        } catch (SdkException e) {
            throw errors.failed("removal of stale held-back bytes under '" + state.folder() + "'", e);
        }
    }

    /** Completes the multipart upload only if the key is free, then deletes the scratch folder. */
    @Override
    public void complete(ResumableUpload upload, List<UploadedPart> parts, ObjectMetadata metadata, Checksum checksum) {
        State state = State.parse(upload.state());
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            if (parts.get(i).number() != i + 1) {
                throw new IntegrityException(errors.describe("resumable upload to key '" + upload.key() + "'") + " has part "
                        + parts.get(i).number() + " where part " + (i + 1) + " should be");
            }
            total += parts.get(i).byteSize();
        }
        if (total != upload.byteSize() || state.tailLength() != 0) {
            throw new IntegrityException(errors.describe("resumable upload to key '" + upload.key() + "'") + " has " + total
                    + " bytes in parts and " + state.tailLength() + " held back, not the " + upload.byteSize() + " declared");
        }
        List<CompletedPart> completed = parts.stream()
                .map(part -> CompletedPart.builder().partNumber(part.number()).eTag(part.tag()).build()).toList();
        try {
            s3.completeMultipartUpload(done -> done.bucket(settings.bucket()).key(upload.key()).uploadId(state.uploadId())
                    .multipartUpload(list -> list.parts(completed)).ifNoneMatch("*"));
        } catch (SdkException e) {
            if (S3Errors.isKeyTaken(e)) {
                throw errors.keyTaken(upload.key(), e);
            }
            throw errors.failed("completion of the resumable upload to key '" + upload.key() + "'", e);
        }
        deleteScratch(state);
    }

    @Override
    public void abort(ResumableUpload upload) {
        State state = State.parse(upload.state());
        try {
            s3.abortMultipartUpload(abort -> abort.bucket(settings.bucket()).key(upload.key()).uploadId(state.uploadId()));
        } catch (SdkException e) {
            if (!S3Errors.hasStatus(e, 404)) {
                throw errors.failed("abort of the resumable upload to key '" + upload.key() + "'", e);
            }
        }
        deleteScratch(state);
    }

    private void deleteScratch(State state) {
        deleteStaleTails(state.withTail(0, 0));
    }

    /** The configured part size, or larger when the object would otherwise need more parts than S3 allows. */
    private long partSize(long byteSize) {
        return Math.max(settings.partSize(), (byteSize + S3Settings.MAX_PARTS - 1) / S3Settings.MAX_PARTS);
    }
}
