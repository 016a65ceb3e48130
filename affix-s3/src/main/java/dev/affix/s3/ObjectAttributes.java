package dev.affix.s3;

import dev.affix.storage.ContentDisposition;
import dev.affix.storage.ObjectMetadata;
import java.util.Map;
import software.amazon.awssdk.services.s3.model.CopyObjectRequest;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * Everything S3 stores beside an object's bytes, validated and ready to set on the three requests that
 * create objects: the caller's type, disposition and pairs, and the service's cache control, ACL and
 * encryption. Copies must repeat all of it, because S3 gives a copied object none of the source's ACL.
 */
record ObjectAttributes(String contentType, String contentDisposition, Map<String, String> userMetadata,
        String cacheControl, ObjectCannedACL acl, ServerSideEncryption serverSideEncryption) {

    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    ObjectAttributes {
        userMetadata = Map.copyOf(userMetadata);
    }

    /** Validates the caller's metadata; throws {@link IllegalArgumentException} before anything is sent. */
    static ObjectAttributes of(ObjectMetadata metadata, S3Settings settings) {
        String contentType = metadata.contentTypeIfKnown()
                .map(type -> HeaderValues.requirePrintableAscii("content type", type))
                .orElse(null);
        return new ObjectAttributes(contentType, ContentDisposition.forMetadata(metadata).orElse(null),
                UserMetadata.toHeaders(metadata.custom()), settings.cacheControl(), settings.acl(),
                settings.serverSideEncryption());
    }

    /** The type to send: the caller's, or the generic one S3 would otherwise replace with its own. */
    String contentTypeOrDefault() {
        return contentType != null ? contentType : DEFAULT_CONTENT_TYPE;
    }

    PutObjectRequest.Builder applyTo(PutObjectRequest.Builder request) {
        return request.contentType(contentTypeOrDefault())
                .contentDisposition(contentDisposition)
                .metadata(userMetadata)
                .cacheControl(cacheControl)
                .acl(acl)
                .serverSideEncryption(serverSideEncryption);
    }

    CreateMultipartUploadRequest.Builder applyTo(CreateMultipartUploadRequest.Builder request) {
        return request.contentType(contentTypeOrDefault())
                .contentDisposition(contentDisposition)
                .metadata(userMetadata)
                .cacheControl(cacheControl)
                .acl(acl)
                .serverSideEncryption(serverSideEncryption);
    }

    CopyObjectRequest.Builder applyTo(CopyObjectRequest.Builder request) {
        return request.metadataDirective(MetadataDirective.REPLACE)
                .contentType(contentTypeOrDefault())
                .contentDisposition(contentDisposition)
                .metadata(userMetadata)
                .cacheControl(cacheControl)
                .acl(acl)
                .serverSideEncryption(serverSideEncryption);
    }
}
