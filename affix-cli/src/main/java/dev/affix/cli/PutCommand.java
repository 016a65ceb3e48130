package dev.affix.cli;

import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.StorageKeys;
import dev.affix.storage.StorageService;
import dev.affix.storage.StoredObject;
import dev.affix.storage.UploadOptions;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
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

@Command(name = "put", description = "Store a file's bytes in a service; with --checksum, refuse bytes that differ; "
        + "refuse a key that holds an object unless --force.")
final class PutCommand implements Callable<Integer> {

    static final String DEFAULT_CONTENT_TYPE = "application/octet-stream";

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "the file to store")
    Path file;

    @Mixin
    ServiceOption service;

    @Option(names = "--key", paramLabel = "K", description = "key to store under (default: a new random key)")
    String key;

    @Option(names = "--checksum", paramLabel = "B64", description = "expected checksum: base64 MD5, or sha256:BASE64")
    String checksum;

    @Option(names = "--content-type", paramLabel = "T", description = "content type to record (default: " + DEFAULT_CONTENT_TYPE + ")")
    String contentType;

    @Option(names = "--force", description = "replace an object already at the key (default: refuse, exit code 4)")
    boolean force;

    @Override
    public Integer call() throws IOException {
        StorageService target = service.resolve(cli);
        String storeAt = key == null ? StorageKeys.random() : StorageKeys.requireValidKey(key);
        String type = contentType == null ? DEFAULT_CONTENT_TYPE : contentType;
        UploadOptions options = UploadOptions.defaults().withOverwrite(force)
                .withMetadata(ObjectMetadata.none().withContentType(type).withFilename(file.getFileName().toString()));
        if (checksum != null) {
            options = options.withChecksum(AffixCli.parseChecksum(checksum));
        }
        StoredObject stored;
        Path source = cli.resolve(file);
        if (!Files.isRegularFile(source)) {
            throw new IllegalArgumentException("file " + file + " does not exist or is not a regular file");
        }
        // FileInputStream reads straight into the caller's array; the NIO stream copies once more
        try (InputStream in = new FileInputStream(source.toFile())) {
            stored = target.upload(storeAt, in, options);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("key", stored.key());
        result.put("byte_size", stored.byteSize());
        result.put("checksum", stored.checksum().toString());
        result.put("content_type", type);
        result.put("service_name", target.name());
        Output.json(spec, result);
        return 0;
    }
}
