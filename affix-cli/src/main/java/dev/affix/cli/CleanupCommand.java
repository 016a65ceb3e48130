package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.ByteJanitor;
import dev.affix.storage.StorageService;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

@Command(name = "cleanup", description = "Reclaim what failures and abandoned uploads left: purge blobs that no attachment uses and "
        + "that are older than a duration (abandoned direct uploads, detached files, rolled-back attaches), delete the bytes of purged "
        + "blobs that still wait (and of uploads begun before that time whose blob was never recorded), and remove the temporary "
        + "files of uploads that were cut off.")
final class CleanupCommand implements Callable<Integer> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");
    private static final int BATCH = 500;

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--unattached-older-than", paramLabel = "DURATION", required = true,
            description = "e.g. 2d, 12h, 30m, or ISO-8601 such as P2D")
    String olderThan;

    @Option(names = "--abandoned-uploads-older-than", paramLabel = "DURATION", defaultValue = "1d",
            description = "temporary upload files untouched for this long are removed (default: ${DEFAULT-VALUE})")
    String abandonedUploadsOlderThan;

    @Option(names = "--dry-run", description = "list what would be purged, purge nothing (and delete nothing else)")
    boolean dryRun;

    @Override
    public Integer call() {
        Instant cutoff = Instant.now().minus(parse(olderThan));
        Duration uploadsIdleFor = parse(abandonedUploadsOlderThan);
        Affix affix = cli.affix();
        long purged = 0;
        long bytes = 0;
        long afterId = 0;
        List<Blob> batch;
        do {
            batch = affix.blobs().unattached(cutoff, afterId, BATCH);
            for (Blob blob : batch) {
                if (!dryRun) {
                    affix.blobs().purge(blob);
                }
                purged++;
                bytes += blob.byteSize();
                afterId = blob.id();
            }
        } while (batch.size() == BATCH);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put(dryRun ? "would_purge" : "purged", purged);
        result.put("byte_size", bytes);
        result.put("created_before", cutoff.toString());
        if (!dryRun) {
            ByteJanitor.Drained pending = affix.blobs().deletePendingObjects(cutoff);
            result.put("pending_objects_deleted", pending.deleted());
            result.put("pending_deletions_failed", pending.failed());
            int abandoned = 0;
            for (StorageService service : affix.services().all()) {
                abandoned += service.deleteAbandonedUploads(uploadsIdleFor);
            }
            result.put("abandoned_uploads_removed", abandoned);
            if (pending.failed() > 0) {
                Output.json(spec, result);
                spec.commandLine().getErr().println("affix: " + pending.failed() + " deletions failed; they stay recorded and are retried");
                return AffixCli.FAILED;
            }
        }
        Output.json(spec, result);
        return 0;
    }

    static Duration parse(String text) {
        Matcher matcher = SHORT.matcher(text.trim());
        if (matcher.matches()) {
            long amount = Long.parseLong(matcher.group(1));
            return switch (matcher.group(2)) {
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            return Duration.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("duration '" + text + "' is not like 2d, 12h, 30m or P2D");
        }
    }
}
