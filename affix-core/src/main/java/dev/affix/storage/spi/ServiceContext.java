package dev.affix.storage.spi;

import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.StorageService;

/** What a factory may use while it builds a service. */
public interface ServiceContext {

    /** Signs the tokens in URLs that the application itself serves (Disk). */
    MessageSigner signer();

    /** Where the application's endpoints are, for absolute URLs made outside any request. */
    HttpSettings http();

    /** Another configured service, built first if needed (Mirror refers to its members by name). */
    StorageService service(String name);
}
