package dev.affix.azure;

import java.util.stream.Stream;
import java.util.Optional;
import dev.affix.storage.spi.ObjectListings;
import dev.affix.storage.ObjectSummary;
import dev.affix.storage.ContentDisposition;
import com.azure.core.util.Context;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.DeleteSnapshotsOptionType;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.blob.specialized.BlobInputStream;
import dev.affix.AffixException;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.DirectUploadTarget;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.ServiceCheck;
import dev.affix.storage.StorageException;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Stores objects as block blobs in one Azure Storage container (or Azurite). Uploads are staged block
 * by block and committed only once verified (see {@link BlockUpload}); downloads stream through the
 * SDK's chunked reader; URLs are service SAS URLs, or plain URLs for a public container.
 *
 * <p>Compose keeps the interface's streaming default: Azure's server-side Put Block From URL could
 * not verify the caller's expected checksum without reading the bytes anyway, and Azurite does not
 * implement it, so a native version could never be tested here.
 */
public final class AzureBlobService implements StorageService {

    public static final String TYPE = "AzureStorage";
    /** Bytes per staged block: the memory one upload holds, and with 50,000 blocks a 195 GiB limit. */
    public static final int DEFAULT_BLOCK_SIZE = 4 * 1024 * 1024;
    private static final int DOWNLOAD_CHUNK_SIZE = 4 * 1024 * 1024;

    private final String name;
    private final BlobContainerClient container;
    private final boolean isPublic;
    private final int blockSize;
    private final AzureFailures failures;

    /**
     * @param container a client authorised with the account's shared key, which signs the SAS URLs
     * @param blockSize bytes per staged block, at most {@code BlockBlobClient.MAX_STAGE_BLOCK_BYTES}
     */
    public AzureBlobService(String name, BlobContainerClient container, boolean isPublic, int blockSize) {
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size " + blockSize + " must be positive");
        }
        this.name = name;
        this.container = container;
        this.isPublic = isPublic;
        this.blockSize = blockSize;
        this.failures = new AzureFailures(name, container);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String type() {
        return TYPE;
    }

    @Override
    public boolean isPublic() {
        return isPublic;
    }

    @Override
    public StoredObject upload(String key, InputStream in, UploadOptions options) {
        BlobClient blob = blob(key);
        AzureObjectMetadata.custom(options.metadata()); // refuses metadata Azure cannot store before a block is staged
        try {
            return new BlockUpload(blob.getBlockBlobClient(), key, name, blockSize).run(in, options);
        } catch (AffixException e) {
            throw e;
        } catch (RuntimeException e) {
            if (!options.overwrite() && AzureFailures.isKeyTaken(e)) {
                throw new KeyExistsException(name, key, e);
            }
            throw failures.translate(e, "store key '" + key + "'", null);
        }
    }

    /** Blocks staged at the key as the chunks arrive, committed at the end (see {@link AzureResumableUploads}). */
    @Override
    public Optional<ResumableUploads> resumableUploads() {
        return Optional.of(new AzureResumableUploads(name, key -> blob(key).getBlockBlobClient(), failures, blockSize));
    }

    @Override
    public InputStream download(String key) {
        BlobClient blob = blob(key);
        try {
            return blob.openInputStream(new BlobInputStreamOptions().setBlockSize(DOWNLOAD_CHUNK_SIZE));
        } catch (RuntimeException e) {
            throw failures.translate(e, "read key '" + key + "'", key);
        }
    }

    @Override
    public InputStream download(String key, ByteRange range) {
        BlobClient blob = blob(key);
        Long count = range.last() == Long.MAX_VALUE ? null : range.last() - range.first() + 1;
        BlobInputStream in;
        try {
            in = blob.openInputStream(new BlobInputStreamOptions().setBlockSize(DOWNLOAD_CHUNK_SIZE)
                    .setRange(new BlobRange(range.first(), count)));
        } catch (RuntimeException e) {
            if (AzureFailures.isInvalidRange(e)) {
                throw new RangeNotSatisfiableException(name, key, range, size(blob, key));
            }
            throw failures.translate(e, "read range " + range + " of key '" + key + "'", key);
        }
        long size = in.getProperties().getBlobSize();
        if (!range.isSatisfiableFor(size)) {
            // For an empty blob the SDK answers a range from 0 with an empty stream instead of refusing it.
            closeQuietly(in);
            throw new RangeNotSatisfiableException(name, key, range, size);
        }
        return in;
    }

    @Override
    public boolean exists(String key) {
        BlobClient blob = blob(key);
        try {
            blob.getProperties();
            return true;
        } catch (RuntimeException e) {
            if (AzureFailures.isBlobNotFound(e)) {
                return false;
            }
            throw failures.translate(e, "look up key '" + key + "'", null);
        }
    }

    @Override
    public Optional<ObjectSummary> head(String key) {
        BlobClient blob = blob(key);
        try {
            return Optional.of(new ObjectSummary(key, blob.getProperties().getBlobSize()));
        } catch (RuntimeException e) {
            if (AzureFailures.isBlobNotFound(e)) {
                return Optional.empty();
            }
            throw failures.translate(e, "look up key '" + key + "'", null);
        }
    }

    /** Keys are listed as Azure names them: a key written with a backslash comes back with a slash. */
    @Override
    public Stream<ObjectSummary> list(String prefix) {
        StorageKeys.requireValidListPrefix(prefix);
        ListBlobsOptions options = new ListBlobsOptions().setPrefix(prefix.isEmpty() ? null : blobName(prefix));
        Iterable<BlobItem> items = () -> container.listBlobs(options, null).iterator();
        return ObjectListings.stream(items, item -> new ObjectSummary(item.getName(), item.getProperties().getContentLength()),
                e -> e instanceof AffixException ? e : failures.translate(e, "list keys with prefix '" + prefix + "'", null));
    }

    @Override
    public void delete(String key) {
        deleteBlob(blob(key), key);
    }

    @Override
    public void deletePrefixed(String prefix) {
        StorageKeys.requireValidPrefix(prefix);
        try {
            // Azure matches list prefixes literally, so no character of the prefix needs escaping.
            for (BlobItem item : container.listBlobs(new ListBlobsOptions().setPrefix(blobName(prefix)), null)) {
                deleteBlob(container.getBlobClient(item.getName()), item.getName());
            }
        } catch (AffixException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failures.translate(e, "list keys with prefix '" + prefix + "'", null);
        }
    }

    @Override
    public URI url(String key, UrlOptions options) {
        BlobClient blob = blob(key);
        if (isPublic) {
            return URI.create(blob.getBlobUrl());
        }
        BlobServiceSasSignatureValues sas = new BlobServiceSasSignatureValues(expiry(options.expiresIn()),
                new BlobSasPermission().setReadPermission(true))
                .setContentDisposition(ContentDisposition.format(options.disposition(), options.filename()))
                .setContentType(options.contentType());
        return signed(blob, sas);
    }

    /**
     * A SAS that lets the browser create the blob until it expires, and the headers it must send:
     * Azure checks the body against Content-MD5 and stores the type, disposition and metadata given.
     * The SAS grants create only, not write, so Azure refuses to replace a blob already at the key
     * whatever headers the browser sends.
     */
    @Override
    public DirectUploadTarget directUpload(String key, DirectUploadRequest request) {
        BlobClient blob = blob(key);
        if (request.checksum().algorithm() != ChecksumAlgorithm.MD5) {
            throw new IllegalArgumentException("Azure service '" + name + "' can only have direct uploads verified by MD5 "
                    + "(Content-MD5), not by " + request.checksum().algorithm());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", request.contentType());
        headers.put("Content-MD5", request.checksum().base64());
        headers.put("x-ms-blob-type", "BlockBlob");
        AzureObjectMetadata.contentDisposition(request.metadata())
                .ifPresent(disposition -> headers.put("x-ms-blob-content-disposition", disposition));
        AzureObjectMetadata.custom(request.metadata()).forEach((metaName, value) -> headers.put("x-ms-meta-" + metaName, value));
        BlobServiceSasSignatureValues sas = new BlobServiceSasSignatureValues(expiry(request.expiresIn()),
                new BlobSasPermission().setCreatePermission(true));
        return new DirectUploadTarget(signed(blob, sas), headers);
    }

    /**
     * Replaces the type, disposition and custom metadata, keeping the recorded Content-MD5. The
     * headers are written only if the blob is still the one whose MD5 was read.
     */
    @Override
    public void updateMetadata(String key, ObjectMetadata metadata) {
        BlobClient blob = blob(key);
        Map<String, String> custom = AzureObjectMetadata.custom(metadata);
        try {
            BlobProperties properties = blob.getProperties();
            BlobHttpHeaders headers = AzureObjectMetadata.httpHeaders(metadata, properties.getContentMd5())
                    .setCacheControl(properties.getCacheControl())
                    .setContentEncoding(properties.getContentEncoding())
                    .setContentLanguage(properties.getContentLanguage());
            blob.setHttpHeadersWithResponse(headers, new BlobRequestConditions().setIfMatch(properties.getETag()), null, Context.NONE);
            blob.setMetadata(custom);
        } catch (BlobStorageException e) {
            if (BlobErrorCode.CONDITION_NOT_MET.equals(e.getErrorCode())) {
                throw new StorageException("Azure service '" + name + "': key '" + key
                        + "' was replaced while its metadata was updated; nothing was changed, try again", e);
            }
            throw failures.translate(e, "update the metadata of key '" + key + "'", key);
        } catch (RuntimeException e) {
            throw failures.translate(e, "update the metadata of key '" + key + "'", key);
        }
    }

    /**
     * Tells apart a refused key, a missing container and an unreachable endpoint by reading the
     * container's properties, then stores, reads back and deletes a probe object.
     */
    @Override
    public ServiceCheck check() {
        try {
            container.getProperties();
        } catch (RuntimeException e) {
            return ServiceCheck.failed(name, TYPE, failures.explain(e));
        }
        return StorageService.super.check();
    }

    private BlobClient blob(String key) {
        return container.getBlobClient(blobName(StorageKeys.requireValidKey(key)));
    }

    /**
     * The name Azure gives the blob at a key: Azure turns every backslash in a blob's URL into a
     * slash (so {@code a\b} and {@code a/b} are one blob), but not in a listing prefix or the name a
     * SAS signs, so those are turned the same way here.
     */
    private static String blobName(String key) {
        return key.replace('\\', '/');
    }

    private void deleteBlob(BlobClient blob, String key) {
        try {
            blob.deleteWithResponse(DeleteSnapshotsOptionType.INCLUDE, null, null, Context.NONE);
        } catch (RuntimeException e) {
            if (!AzureFailures.isBlobNotFound(e)) {
                throw failures.translate(e, "delete key '" + key + "'", null);
            }
        }
    }

    private long size(BlobClient blob, String key) {
        try {
            return blob.getProperties().getBlobSize();
        } catch (RuntimeException e) {
            throw failures.translate(e, "look up key '" + key + "'", key);
        }
    }

    private static URI signed(BlobClient blob, BlobServiceSasSignatureValues sas) {
        return URI.create(blob.getBlobUrl() + "?" + blob.generateSas(sas));
    }

    /** SAS expiry times have whole seconds; rounding up keeps a short URL valid for at least what was asked. */
    private static OffsetDateTime expiry(Duration expiresIn) {
        OffsetDateTime exact = OffsetDateTime.now(ZoneOffset.UTC).plus(expiresIn);
        OffsetDateTime seconds = exact.truncatedTo(ChronoUnit.SECONDS);
        return seconds.equals(exact) ? seconds : seconds.plusSeconds(1);
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }
}
