package dev.affix.cli;

import dev.affix.storage.StorageService;
import picocli.CommandLine.Option;

/** The --service option of the storage commands: a configured service, or the default one. */
final class ServiceOption {

    @Option(names = "--service", paramLabel = "S", description = "service name (default: the default service)")
    String name;

    StorageService resolve(AffixCli cli) {
        return name == null ? cli.services().defaultService() : cli.services().get(name);
    }
}
