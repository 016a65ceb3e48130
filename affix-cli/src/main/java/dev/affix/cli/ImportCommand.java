package dev.affix.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code affix import SOURCE ...}: the importers of legacy attachment columns, one subcommand each. */
@Command(name = "import", description = "Import the files of a legacy attachment library's columns as blobs and attachments.",
        subcommands = ImportPaperclipCommand.class)
final class ImportCommand implements Callable<Integer> {

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name what to import from: affix import paperclip ...");
    }
}
