package dev.affix.cli;

import dev.affix.io.Streams;
import dev.affix.storage.ByteRange;
import dev.affix.storage.StorageService;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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

@Command(name = "get", description = "Fetch an object's bytes, or a range of them, to a file or standard output.")
final class GetCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "KEY")
    String key;

    @Mixin
    ServiceOption service;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "write to this file (atomically) and print JSON; default: raw bytes to standard output")
    Path output;

    @Option(names = "--range", paramLabel = "FIRST-LAST", description = "only these bytes (inclusive), or FIRST- to the end")
    String range;

    @Override
    public Integer call() throws IOException {
        StorageService source = service.resolve(cli);
        ByteRange byteRange = range == null ? null : ByteRange.parse(range);
        if (output == null) {
            try (InputStream in = byteRange == null ? source.download(key) : source.download(key, byteRange)) {
                Streams.copy(in, cli.binaryOut());
                cli.binaryOut().flush();
            }
            return 0;
        }
        Path target = cli.resolve(output);
        long size = writeAtomically(target, part -> {
            if (byteRange == null) {
                return source.downloadTo(key, part);
            }
            try (InputStream in = source.download(key, byteRange); OutputStream out = Files.newOutputStream(part)) {
                return Streams.copy(in, out);
            }
        });
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("key", key);
        result.put("service_name", source.name());
        result.put("byte_size", size);
        result.put("path", target.toString());
        Output.json(spec, result);
        return 0;
    }

    @FunctionalInterface
    private interface Writer {
        long writeTo(Path part) throws IOException;
    }

    /** Writes next to the target and renames, so a failure never leaves a truncated file at OUT. */
    private static long writeAtomically(Path target, Writer writer) throws IOException {
        Path part = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".part");
        try {
            long size = writer.writeTo(part);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            return size;
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
