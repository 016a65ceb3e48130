package dev.affix.azure;

import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.common.StorageSharedKeyCredential;
import dev.affix.storage.StorageService;
import dev.affix.storage.spi.ServiceContext;
import dev.affix.storage.spi.ServiceSettings;
import dev.affix.storage.spi.StorageServiceFactory;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code service: AzureStorage} with {@code storage_account_name} and {@code container} (required),
 * {@code storage_access_key} (required unless {@code connection_string} gives it), {@code endpoint}
 * (Azurite or a sovereign cloud; default {@code https://ACCOUNT.blob.core.windows.net}; for Azurite it
 * includes the account, as in {@code http://127.0.0.1:10000/devstoreaccount1}) and {@code public}.
 */
public final class AzureBlobServiceFactory implements StorageServiceFactory {

    private static final Set<String> KEYS =
            Set.of("storage_account_name", "storage_access_key", "connection_string", "container", "endpoint", "public");
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final Pattern CONTAINER = Pattern.compile("[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]");

    @Override
    public String type() {
        return AzureBlobService.TYPE;
    }

    @Override
    public StorageService create(ServiceSettings settings, ServiceContext context) {
        settings.requireOnlyKeys(KEYS);
        String account = settings.requireString("storage_account_name");
        String container = settings.requireString("container");
        if (!CONTAINER.matcher(container).matches()) {
            throw settings.problem("container '" + container + "' is not a valid Azure container name "
                    + "(3 to 63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit)");
        }
        Optional<String> connectionString = settings.string("connection_string");
        BlobContainerClient client = connectionString.isPresent()
                ? fromConnectionString(settings, account, connectionString.get(), container)
                : withSharedKey(settings, account, container);
        return new AzureBlobService(settings.name(), client, settings.bool("public", false), AzureBlobService.DEFAULT_BLOCK_SIZE);
    }

    private static BlobContainerClient fromConnectionString(ServiceSettings settings, String account, String connectionString,
            String container) {
        for (String conflicting : new String[] {"storage_access_key", "endpoint"}) {
            if (settings.string(conflicting).isPresent()) {
                throw settings.problem("give either connection_string or " + conflicting + ", not both");
            }
        }
        StorageSharedKeyCredential credential;
        try {
            credential = StorageSharedKeyCredential.fromConnectionString(connectionString);
        } catch (IllegalArgumentException e) {
            throw settings.problem("connection_string must hold AccountName and AccountKey (" + e.getMessage() + ")", e);
        }
        if (!credential.getAccountName().equals(account)) {
            throw settings.problem("connection_string is for account '" + credential.getAccountName()
                    + "' but storage_account_name is '" + account + "'");
        }
        try {
            return AzureContainerClients.fromConnectionString(connectionString, container);
        } catch (IllegalArgumentException e) {
            throw settings.problem("connection_string is not usable: " + e.getMessage(), e);
        }
    }

    private static BlobContainerClient withSharedKey(ServiceSettings settings, String account, String container) {
        String key = settings.string("storage_access_key")
                .orElseThrow(() -> settings.problem("missing required key 'storage_access_key' (or give connection_string)"));
        requireBase64Key(settings, key);
        String endpoint = settings.string("endpoint").map(value -> endpoint(settings, value, account))
                .orElse("https://" + account + ".blob.core.windows.net");
        try {
            return AzureContainerClients.withSharedKey(endpoint, new StorageSharedKeyCredential(account, key), container);
        } catch (IllegalArgumentException e) {
            throw settings.problem("endpoint '" + endpoint + "' is not usable: " + e.getMessage(), e);
        }
    }

    private static void requireBase64Key(ServiceSettings settings, String key) {
        try {
            Base64.getDecoder().decode(key);
        } catch (IllegalArgumentException e) {
            throw settings.problem("storage_access_key is not base64, as Azure account keys are (" + e.getMessage() + ")", e);
        }
    }

    /** An http(s) URL without a trailing slash; on an IP or localhost host (Azurite) its path must start with the account. */
    private static String endpoint(ServiceSettings settings, String value, String account) {
        URI uri;
        try {
            uri = new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
        } catch (URISyntaxException e) {
            throw settings.problem("endpoint '" + value + "' is not a URL: " + e.getMessage(), e);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw settings.problem("endpoint '" + value + "' must be an http or https URL with a host");
        }
        if (isPathStyle(uri.getHost()) && !(uri.getPath() + "/").startsWith("/" + account + "/")) {
            throw settings.problem("endpoint '" + value + "' must name the account as its path on an IP or localhost host, as in "
                    + uri.getScheme() + "://" + uri.getAuthority() + "/" + account);
        }
        return uri.toString();
    }

    private static boolean isPathStyle(String host) {
        return host.equalsIgnoreCase("localhost") || host.startsWith("[") || IPV4.matcher(host).matches();
    }
}
