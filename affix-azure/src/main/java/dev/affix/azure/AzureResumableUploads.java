package dev.affix.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.json.Json;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.UploadedPart;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Resumable uploads into a block blob: every request's bytes are staged as blocks of the blob at the
 * upload's key, one block buffer at a time, each with its MD5 so that Azure refuses a block damaged on
 * the way; completing commits the block list with the whole object's MD5, type, disposition and
 * metadata, only if no blob is at the key ({@code If-None-Match: *}). Uncommitted blocks are no blob:
 * nothing shows at the key before. Block ids hold the upload's own id and the part number, so a part
 * sent again replaces its block, and blocks that were staged but not kept are left out of the commit,
 * which discards them. The state is {@code {"upload":"<base64 id>"}}.
 */
final class AzureResumableUploads implements ResumableUploads {

    private final String serviceName;
    private final Function<String, BlockBlobClient> blobs;
    private final AzureFailures failures;
    private final int blockSize;

    /** @param blobs the block blob at a key, its name checked */
    AzureResumableUploads(String serviceName, Function<String, BlockBlobClient> blobs, AzureFailures failures, int blockSize) {
        this.serviceName = serviceName;
        this.blobs = blobs;
        this.failures = failures;
        this.blockSize = blockSize;
    }

    @Override
    public String begin(String key, long byteSize, ObjectMetadata metadata) {
        // refuses metadata Azure cannot store, and a key it cannot name, before anything is staged
        AzureObjectMetadata.custom(metadata);
        blobs.apply(key);
        return Json.write(Map.of("upload", Base64.getEncoder().encodeToString(BlockUpload.uploadId())));
    }

    /**
     * Stages the chunk a block at a time; when the client goes away half-way, what arrived of the
     * current block is staged and kept too, before the failure is passed on.
     */
    @Override
    public void append(ResumableUpload upload, ResumableChunk chunk) {
        byte[] uploadId = uploadId(upload);
        BlockBlobClient blob = blobs.apply(upload.key());
        byte[] buffer = new byte[(int) Math.min(blockSize, chunk.length())];
        int partNumber = upload.partCount();
        while (chunk.remaining() > 0) {
            int filled = 0;
            IOException readFailure = null;
            try {
                while (filled < buffer.length) {
                    int n = chunk.read(buffer, filled, buffer.length - filled);
                    if (n < 0) {
                        break;
                    }
                    filled += n;
                }
            } catch (IOException e) {
                readFailure = e;
            }
            if (filled > 0) {
                partNumber++;
                String blockId = BlockUpload.blockId(uploadId, partNumber);
                stage(upload.key(), blob, blockId, buffer, filled);
                chunk.kept(upload.state(), new UploadedPart(partNumber, filled, blockId));
            }
            if (readFailure != null) {
                throw new StorageException("Azure service '" + serviceName + "': reading a chunk for key '" + upload.key()
                        + "' failed; what arrived was staged and kept", readFailure);
            }
        }
    }

    private void stage(String key, BlockBlobClient blob, String blockId, byte[] buffer, int length) {
        MessageDigest md5 = ChecksumAlgorithm.MD5.newDigest();
        md5.update(buffer, 0, length);
        try {
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId, BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, length)))
                    .setContentMd5(md5.digest()), null, Context.NONE);
        } catch (RuntimeException e) {
            throw failures.translate(e, "stage a block of the resumable upload to key '" + key + "'", null);
        }
    }

    @Override
    public void complete(ResumableUpload upload, List<UploadedPart> parts, ObjectMetadata metadata, Checksum checksum) {
        byte[] uploadId = uploadId(upload);
        long total = 0;
        for (int i = 0; i < parts.size(); i++) {
            UploadedPart part = parts.get(i);
            if (part.number() != i + 1 || !part.tag().equals(BlockUpload.blockId(uploadId, part.number()))) {
                throw new IntegrityException("Azure service '" + serviceName + "': the resumable upload to key '" + upload.key()
                        + "' has block " + part.tag() + " where part " + (i + 1) + " should be");
            }
            total += part.byteSize();
        }
        if (total != upload.byteSize()) {
            throw new IntegrityException("Azure service '" + serviceName + "': the resumable upload to key '" + upload.key() + "' has "
                    + total + " bytes in blocks, not the " + upload.byteSize() + " declared");
        }
        BlockBlobCommitBlockListOptions commit = new BlockBlobCommitBlockListOptions(parts.stream().map(UploadedPart::tag).toList())
                .setHeaders(AzureObjectMetadata.httpHeaders(metadata, checksum.algorithm() == ChecksumAlgorithm.MD5 ? checksum.digest() : null))
                .setMetadata(AzureObjectMetadata.custom(metadata))
                .setRequestConditions(new BlobRequestConditions().setIfNoneMatch(BlockUpload.ANY_BLOB));
        try {
            blobs.apply(upload.key()).commitBlockListWithResponse(commit, null, Context.NONE);
        } catch (RuntimeException e) {
            if (AzureFailures.isKeyTaken(e)) {
                throw new KeyExistsException(serviceName, upload.key(), e);
            }
            throw failures.translate(e, "complete the resumable upload to key '" + upload.key() + "'", null);
        }
    }

    /**
     * Azure cannot delete uncommitted blocks, but a commit discards every block it does not list: an
     * empty commit (only if no blob is at the key) makes an empty blob, which is then deleted. If a
     * blob is at the key, its own next commit or Azure, after a week, discards the blocks.
     */
    @Override
    public void abort(ResumableUpload upload) {
        BlockBlobClient blob = blobs.apply(upload.key());
        String eTag;
        try {
            eTag = blob.commitBlockListWithResponse(new BlockBlobCommitBlockListOptions(List.of())
                    .setRequestConditions(new BlobRequestConditions().setIfNoneMatch(BlockUpload.ANY_BLOB)), null, Context.NONE)
                    .getValue().getETag();
        } catch (RuntimeException e) {
            if (AzureFailures.isKeyTaken(e)) {
                return;
            }
            throw failures.translate(e, "abort the resumable upload to key '" + upload.key() + "'", null);
        }
        try {
            blob.deleteWithResponse(null, new BlobRequestConditions().setIfMatch(eTag), null, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureFailures.isKeyTaken(e) && !AzureFailures.isBlobNotFound(e)) {
                throw failures.translate(e, "abort the resumable upload to key '" + upload.key() + "'", null);
            }
        }
    }

    private byte[] uploadId(ResumableUpload upload) {
        try {
            Object id = Json.readObject(upload.state()).get("upload");
            byte[] bytes = Base64.getDecoder().decode(String.valueOf(id));
            if (bytes.length == 16) {
                return bytes;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new StorageException("Azure service '" + serviceName + "': '" + upload.state() + "' is not the state of a resumable upload");
    }
}
