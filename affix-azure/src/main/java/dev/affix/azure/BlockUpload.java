package dev.affix.azure;

import com.azure.core.util.BinaryData;
import com.azure.core.util.Context;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.options.BlockBlobCommitBlockListOptions;
import com.azure.storage.blob.options.BlockBlobStageBlockOptions;
import com.azure.storage.blob.specialized.BlockBlobClient;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.StorageException;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * One upload into a block blob, streamed in constant memory. The source is read a block at a time
 * into a single reused buffer (the only memory the upload holds, {@code blockSize} bytes); each block
 * is staged with its own MD5 so that Azure refuses a block damaged on the way. The block list is
 * committed, with the whole object's MD5, type, disposition and metadata, only once the length and
 * checksum match what the caller declared. Staged blocks that are never committed are not a blob:
 * nothing appears at the key, a previous blob there stays as it was, and Azure discards them.
 * Unless the caller asks to overwrite, the commit carries {@code If-None-Match: *}, so Azure refuses
 * it, atomically, if a blob is at the key by then.
 */
final class BlockUpload {

    /** Azure refuses to commit more blocks than this into one blob. */
    static final int MAX_BLOCKS = 50_000;
    /** The ETag condition that any existing blob matches. */
    static final String ANY_BLOB = "*";

    private final BlockBlobClient blob;
    private final String key;
    private final String serviceName;
    private final byte[] buffer;
    private final byte[] uploadId = uploadId();

    BlockUpload(BlockBlobClient blob, String key, String serviceName, int blockSize) {
        this.blob = blob;
        this.key = key;
        this.serviceName = serviceName;
        this.buffer = new byte[blockSize];
    }

    StoredObject run(InputStream in, UploadOptions options) {
        MessageDigest contentMd5 = ChecksumAlgorithm.MD5.newDigest();
        MessageDigest checksum = options.algorithm() == ChecksumAlgorithm.MD5 ? null : options.algorithm().newDigest();
        MessageDigest blockMd5 = ChecksumAlgorithm.MD5.newDigest();
        long limit = options.byteSizeIfExpected().orElse(Long.MAX_VALUE);
        List<String> blockIds = new ArrayList<>();
        long total = 0;
        int filled;
        do {
            filled = fill(in);
            if (filled == 0) {
                break;
            }
            total += filled;
            if (total > limit) {
                throw new IntegrityException("upload to key '" + key + "' in service '" + serviceName + "' is longer than the "
                        + limit + " bytes declared; nothing was stored");
            }
            if (blockIds.size() == MAX_BLOCKS) {
                throw new StorageException("upload to key '" + key + "' in service '" + serviceName + "' is larger than Azure's "
                        + MAX_BLOCKS + " blocks of " + buffer.length + " bytes; nothing was stored");
            }
            contentMd5.update(buffer, 0, filled);
            if (checksum != null) {
                checksum.update(buffer, 0, filled);
            }
            blockMd5.update(buffer, 0, filled);
            String blockId = blockId(uploadId, blockIds.size());
            blob.stageBlockWithResponse(new BlockBlobStageBlockOptions(blockId, BinaryData.fromByteBuffer(ByteBuffer.wrap(buffer, 0, filled)))
                    .setContentMd5(blockMd5.digest()), null, Context.NONE);
            blockIds.add(blockId);
        } while (filled == buffer.length);

        byte[] md5 = contentMd5.digest();
        StoredObject stored = new StoredObject(key, total,
                checksum == null ? Checksum.of(ChecksumAlgorithm.MD5, md5) : Checksum.of(options.algorithm(), checksum.digest()));
        verify(stored, options);
        BlockBlobCommitBlockListOptions commit = new BlockBlobCommitBlockListOptions(blockIds)
                .setHeaders(AzureObjectMetadata.httpHeaders(options.metadata(), md5))
                .setMetadata(AzureObjectMetadata.custom(options.metadata()));
        if (!options.overwrite()) {
            commit.setRequestConditions(new BlobRequestConditions().setIfNoneMatch(ANY_BLOB));
        }
        blob.commitBlockListWithResponse(commit, null, Context.NONE);
        return stored;
    }

    /** Reads until the buffer is full or the source ends; returns how many bytes it holds. */
    private int fill(InputStream in) {
        int filled = 0;
        try {
            while (filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    break;
                }
                filled += n;
            }
        } catch (IOException e) {
            throw new StorageException("upload to key '" + key + "' in service '" + serviceName
                    + "' failed reading its source (" + e + "); nothing was stored", e);
        }
        return filled;
    }

    private void verify(StoredObject stored, UploadOptions options) {
        if (options.expectedByteSize() != null && stored.byteSize() != options.expectedByteSize()) {
            throw new IntegrityException("upload to key '" + key + "' in service '" + serviceName + "' has " + stored.byteSize()
                    + " bytes, not the " + options.expectedByteSize() + " declared; nothing was stored");
        }
        Checksum expected = options.expectedChecksum();
        if (expected != null && !expected.equals(stored.checksum())) {
            throw new IntegrityException("upload to key '" + key + "' in service '" + serviceName + "' has checksum "
                    + stored.checksum() + ", not the " + expected + " declared; nothing was stored");
        }
    }

    /**
     * Block ids of one fixed length (Azure requires that within a blob), unique to the upload so
     * that concurrent uploads to the same key never stage over each other's blocks.
     */
    static String blockId(byte[] uploadId, int index) {
        ByteBuffer id = ByteBuffer.allocate(uploadId.length + Integer.BYTES).put(uploadId).putInt(index);
        return Base64.getEncoder().encodeToString(id.array());
    }

    /** A fresh id for the blocks of one upload. */
    static byte[] uploadId() {
        UUID uuid = UUID.randomUUID();
        return ByteBuffer.allocate(16).putLong(uuid.getMostSignificantBits()).putLong(uuid.getLeastSignificantBits()).array();
    }
}
