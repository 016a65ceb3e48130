/**
 * The S3 storage service ({@code service: S3}), for AWS S3 and S3-compatible stores, on the AWS SDK
 * for Java v2 with its Apache HTTP client.
 *
 * <p>How it keeps the storage contract:
 * <ul>
 *   <li>Uploads stream in constant memory: at most one part buffer ({@code part_size}, 16 MiB by
 *       default) per upload. S3 checks every request's bytes on arrival (Content-MD5 of the part or of
 *       the caller's declared checksum, x-amz-checksum-sha256, or the SDK's CRC trailer), and the
 *       service checks length and checksum itself before the last bytes go out or before a multipart
 *       upload is completed; a failed multipart upload is aborted.</li>
 *   <li>Unless the caller asks to overwrite, every write is conditional: PutObject and
 *       CompleteMultipartUpload carry {@code If-None-Match: *}, so S3 itself refuses (412, or 409 for
 *       a concurrent write) to replace an object, atomically; that becomes {@code KeyExistsException},
 *       and a refused multipart upload is aborted. Presigned PUTs sign the same header in, so a
 *       browser must send it (a CORS rule for direct uploads has to allow {@code If-None-Match}).</li>
 *   <li>Compose joins sources inside S3 with UploadPartCopy when every source but the last has at
 *       least 5 MiB; otherwise it streams them. Metadata updates copy the object onto itself.</li>
 *   <li>URLs are presigned (GET with response type and disposition, PUT binding length, checksum,
 *       type and disposition), or plain and permanent for a public bucket.</li>
 *   <li>Failures name the setting at fault: access key, secret, bucket, region or endpoint.</li>
 * </ul>
 */
package dev.affix.s3;
