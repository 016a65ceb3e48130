package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.UndeclaredAttachmentException;
import dev.affix.blob.InvalidSignedIdException;
import dev.affix.checksum.Checksum;
import dev.affix.config.AffixConfig;
import dev.affix.config.ConfigurationException;
import dev.affix.config.EmbeddedDefaults;
import dev.affix.job.InlineJobRunner;
import dev.affix.rails.RailsMessages;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.KeyExistsException;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.RangeNotSatisfiableException;
import dev.affix.storage.StorageServices;
import dev.affix.validation.AttachmentInvalidException;
import dev.affix.variant.InvalidTransformationException;
import dev.affix.variant.NotRepresentableException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code affix}: operate Affix's storage from a shell. JSON on standard output, errors on standard
 * error, and an exit code that says what kind of failure it was.
 */
@Command(name = "affix", mixinStandardHelpOptions = true, version = "affix 0.1.0",
        description = "Attach files to database records: storage and attachment operations.",
        subcommands = {ServicesCommand.class, PutCommand.class, GetCommand.class, RmCommand.class, UrlCommand.class,
            AttachCommand.class, LsCommand.class, DownloadCommand.class, PurgeCommand.class, VerifyCommand.class,
            DoctorCommand.class,
            CleanupCommand.class, CopyCommand.class, AnalyzeCommand.class, VariantCommand.class, VariantsCommand.class, ImportCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:the operation failed", "2:bad usage or configuration", "3:no such object",
                "4:bytes or input refused (checksum, length, key, range, a key that already holds an object, an undeclared "
                        + "attachment or variant, a file that has no variants)"})
public final class AffixCli {

    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int NOT_FOUND = 3;
    static final int REFUSED = 4;

    @Option(names = "--config", paramLabel = "FILE", description = "YAML configuration (default: $AFFIX_CONFIG, else the embedded default)")
    Path config;

    @Option(names = "--env", paramLabel = "NAME", description = "environment whose overrides apply (default: $AFFIX_ENV)")
    String environment;

    private final Map<String, String> variables;
    private final Path workingDirectory;
    private final OutputStream binaryOut;
    private final boolean terminal;
    private StorageServices services;
    private Affix affix;

    private AffixCli(Map<String, String> variables, Path workingDirectory, OutputStream binaryOut, boolean terminal) {
        this.variables = Map.copyOf(variables);
        this.workingDirectory = workingDirectory;
        this.binaryOut = binaryOut;
        this.terminal = terminal;
    }

    /** Standard output as bytes, for commands that print an object's contents rather than JSON. */
    OutputStream binaryOut() {
        return binaryOut;
    }

    /** Whether a person watches: long commands then draw a progress bar on standard error. */
    boolean terminal() {
        return terminal;
    }

    public static void main(String[] args) {
        // Java 17 tells only whether both standard streams are a terminal
        System.exit(run(System.getenv(), Path.of(""), System.out, System.err, System.console() != null, args));
    }

    /** Runs one command; the seam that tests use to run the real command line in-process. */
    static int run(Map<String, String> variables, Path workingDirectory, OutputStream out, OutputStream err, String... args) {
        return run(variables, workingDirectory, out, err, false, args);
    }

    /** {@link #run(Map, Path, OutputStream, OutputStream, String...)}, as on a terminal or not. */
    static int run(Map<String, String> variables, Path workingDirectory, OutputStream out, OutputStream err, boolean terminal,
            String... args) {
        AffixCli cli = new AffixCli(variables, workingDirectory, out, terminal);
        CommandLine commandLine = new CommandLine(cli);
        commandLine.setOut(new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true));
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("affix: " + e.getMessage());
            return exitCodeFor(e);
        });
        try {
            return commandLine.execute(args);
        } finally {
            cli.closeQuietly();
        }
    }

    private void closeQuietly() {
        if (affix != null) {
            affix.close();
        }
    }

    static int exitCodeFor(Exception e) {
        if (e instanceof ObjectNotFoundException) {
            return NOT_FOUND;
        }
        if (e instanceof IntegrityException || e instanceof InvalidKeyException || e instanceof KeyExistsException
                || e instanceof RangeNotSatisfiableException
                || e instanceof IllegalArgumentException || e instanceof InvalidSignedIdException
                || e instanceof UndeclaredAttachmentException || e instanceof NotRepresentableException || e instanceof AttachmentInvalidException
                || e instanceof InvalidTransformationException) {
            return REFUSED;
        }
        if (e instanceof ConfigurationException) {
            return USAGE;
        }
        return FAILED;
    }

    AffixConfig configuration() {
        String env = environment != null ? environment : variables.get("AFFIX_ENV");
        Path file = config != null ? config : variables.containsKey("AFFIX_CONFIG") ? Path.of(variables.get("AFFIX_CONFIG")) : null;
        if (file != null && !file.isAbsolute()) {
            file = workingDirectory.resolve(file);
        }
        if (file == null) {
            if (env != null) {
                throw new ConfigurationException("--env " + env + " needs a configuration file (--config FILE)");
            }
            return EmbeddedDefaults.config(workingDirectory);
        }
        return AffixConfig.load(file, env, variables);
    }

    /**
     * Affix with its database, opened once per run. Background work runs inline, since the process
     * ends with the command, unless the configuration names a durable runner.
     */
    Affix affix(AttachmentDeclaration... adHoc) {
        if (affix == null) {
            AffixConfig configuration = configuration();
            Affix.Builder builder = Affix.builder(configuration);
            if ("in_process".equals(String.valueOf(configuration.jobs().getOrDefault("runner", "in_process")))) {
                builder.jobRunner(new InlineJobRunner());
            }
            for (AttachmentDeclaration declaration : adHoc) {
                builder.declare(declaration);
            }
            affix = builder.build();
        }
        return affix;
    }

    /** The configured services, built once per run, without opening the database. */
    StorageServices services() {
        if (services == null) {
            AffixConfig configuration = configuration();
            services = StorageServices.create(configuration, RailsMessages.signerFor(configuration, Clock.systemUTC()));
        }
        return services;
    }

    /** A path given on the command line, relative to the working directory the command runs in. */
    Path resolve(Path path) {
        return workingDirectory.resolve(path).toAbsolutePath();
    }

    static Checksum parseChecksum(String text) {
        return text == null ? null : Checksum.parse(text);
    }
}
