package dev.affix.s3;

import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.net.URI;
import java.util.Set;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * {@code service: S3} with {@code bucket:} (required), {@code region:} (default us-east-1),
 * {@code endpoint:} (for S3-compatible stores), {@code access_key_id:} and {@code secret_access_key:}
 * (together, or neither for the SDK's default credential chain), {@code force_path_style:},
 * {@code public:} (permanent unsigned URLs; objects get the {@code public-read} ACL unless {@code acl:}
 * says otherwise), {@code server_side_encryption:}, {@code cache_control:}, {@code acl:},
 * {@code multipart_threshold:} and {@code part_size:} (bytes).
 */
public final class S3ServiceFactory implements StorageServiceFactory {

    private static final Set<String> KEYS = Set.of("bucket", "region", "endpoint", "access_key_id", "secret_access_key",
            "force_path_style", "public", "server_side_encryption", "cache_control", "acl", "multipart_threshold",
            "part_size");

    @Override
    public String type() {
        return S3Service.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        return S3Service.connect(settings.name(), settingsOf(settings));
    }

    /** Reads and validates the settings, failing with a message that names the service and the key. */
    public static S3Settings settingsOf(ServiceSettings settings) {
        settings.requireOnlyKeys(KEYS);
        String bucket = settings.requireString("bucket");
        URI endpoint = settings.string("endpoint").map(text -> parseEndpoint(settings, text)).orElse(null);
        try {
            return new S3Settings(bucket, settings.string("region").orElse(null), endpoint,
                    settings.string("access_key_id").orElse(null), settings.string("secret_access_key").orElse(null),
                    settings.bool("force_path_style", false), settings.bool("public", false),
                    settings.string("server_side_encryption").map(ServerSideEncryption::fromValue).orElse(null),
                    settings.string("cache_control").orElse(null),
                    settings.string("acl").map(ObjectCannedACL::fromValue).orElse(null),
                    settings.longValue("multipart_threshold").orElse(S3Settings.DEFAULT_MULTIPART_THRESHOLD),
                    settings.longValue("part_size").orElse(S3Settings.DEFAULT_PART_SIZE));
        } catch (IllegalArgumentException e) {
            throw settings.problem(e.getMessage(), e);
        }
    }

    private static URI parseEndpoint(ServiceSettings settings, String text) {
        try {
            return URI.create(text.strip());
        } catch (IllegalArgumentException e) {
            throw settings.problem("endpoint '" + text + "' is not a URL", e);
        }
    }
}
