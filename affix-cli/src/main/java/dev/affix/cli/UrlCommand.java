package dev.affix.cli;

import dev.affix.storage.ContentTypes;
import dev.affix.storage.Disposition;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.UrlOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "url", description = "Print a signed, expiring URL for an object (permanent for a public service).")
final class UrlCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Mixin
    ServiceOption service;

    @Option(names = "--expires-in", paramLabel = "SECONDS", defaultValue = "300", description = "validity in seconds (default: ${DEFAULT-VALUE})")
    long expiresIn;

    @Option(names = "--disposition", paramLabel = "inline|attachment", defaultValue = "inline")
    String disposition;

    @Option(names = "--filename", paramLabel = "NAME", description = "filename the browser saves under")
    String filename;

    @Option(names = "--content-type", paramLabel = "T", description = "content type the response declares")
    String contentType;

    @Override
    public Integer call() {
        StorageService target = service.resolve(cli);
        if (!target.exists(key)) {
            throw new ObjectNotFoundException(target.name(), key);
        }
        Duration validity = Duration.ofSeconds(expiresIn);
        UrlOptions options = new UrlOptions(validity, filename, servedDisposition(), contentType == null ? null : ContentTypes.forServing(contentType));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("key", key);
        result.put("service_name", target.name());
        result.put("url", target.url(key, options).toString());
        result.put("expires_at", target.isPublic() ? null : Instant.now().plus(validity).toString());
        Output.json(spec, result);
        return 0;
    }

    /**
     * Inline only for a type known to be safe to show: a type that browsers run goes out as binary,
     * and a filename without a type would override what the service stores (an attachment, for such
     * types) with inline, so it gets attachment too.
     */
    private Disposition servedDisposition() {
        Disposition requested = Disposition.parse(disposition);
        boolean safeType = contentType != null && !ContentTypes.forServing(contentType).equals(ContentTypes.BINARY);
        return requested == Disposition.INLINE && (safeType || (contentType == null && filename == null)) ? Disposition.INLINE
                : Disposition.ATTACHMENT;
    }
}
