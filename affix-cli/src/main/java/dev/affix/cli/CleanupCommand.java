package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.blob.Blob;
import dev.affix.blob.ByteJanitor;
import dev.affix.resumable.UploadSession;
import dev.affix.resumable.UploadSessions;
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
        + "blobs that still wait (and of uploads begun before that time whose blob was never recorded), remove the temporary "
        + "files of uploads that were cut off, and delete what resumable uploads left untouched past their expiry "
        + "(http.resumable_uploads.expires_in) hold in their services (parts, files, S3 multipart uploads).")
final class CleanupCommand implements Callable<Integer> {

    private static final Pattern SHORT = Pattern.compile("(\\d+)([smhd])");
    private static final int BATCH = 500;
    private static final Duration DEFAULT_ABANDONED_UPLOAD_IDLE = Duration.ofDays(1);

    @ParentCommand
    AffixCli cli;

    @Spec
    CommandSpec spec;

    @Option(names = "--unattached-older-than", paramLabel = "DURATION", required = true,
            description = "e.g. 2d, 12h, 30m, or ISO-8601 such as P2D")
    String olderThan;

    @Option(names = "--abandoned-uploads-older-than", paramLabel = "DURATION",
            description = "temporary upload files untouched for this long are removed (default: 1d, or the resumable uploads' "
                    + "expiry if longer, so that no resumable upload still in time is cut off)")
    String abandonedUploadsOlderThan;

    @Option(names = "--dry-run", description = "list what would be purged, purge nothing (and delete nothing else)")
    boolean dryRun;

    @Override
    public Integer call() {
        Instant cutoff = Instant.now().minus(parse(olderThan));
        Duration uploadsIdleFor = abandonedUploadsOlderThan == null ? null : parse(abandonedUploadsOlderThan);
        Affix affix = cli.affix();
        if (uploadsIdleFor == null) {
            uploadsIdleFor = longest(DEFAULT_ABANDONED_UPLOAD_IDLE, affix.uploadSessions().settings().expiresIn());
        }
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
        if (dryRun) {
            reportExpiredResumableUploads(affix, result);
        } else {
            ByteJanitor.Drained pending = affix.blobs().deletePendingObjects(cutoff);
            result.put("pending_objects_deleted", pending.deleted());
            result.put("pending_deletions_failed", pending.failed());
            int abandoned = 0;
            for (StorageService service : affix.services().all()) {
                abandoned += service.deleteAbandonedUploads(uploadsIdleFor);
            }
            result.put("abandoned_uploads_removed", abandoned);
            UploadSessions.Expired expired = affix.uploadSessions().expire();
            result.put("abandoned_resumable_uploads", expired.abandoned());
            result.put("abandoned_resumable_bytes", expired.abandonedBytes());
            result.put("finished_resumable_uploads_forgotten", expired.forgotten());
            result.put("resumable_uploads_failed", expired.failed());
            if (pending.failed() > 0 || expired.failed() > 0) {
                Output.json(spec, result);
                spec.commandLine().getErr().println("affix: " + pending.failed() + " deletions and " + expired.failed()
                        + " removals of resumable uploads failed; they stay recorded and are retried");
                return AffixCli.FAILED;
            }
        }
        Output.json(spec, result);
        return 0;
    }

    /** What {@link UploadSessions#expire()} would remove: resumable uploads past their expiry, unfinished and finished. */
    private static void reportExpiredResumableUploads(Affix affix, Map<String, Object> result) {
        long abandoned = 0;
        long bytes = 0;
        long finished = 0;
        long afterId = 0;
        List<UploadSession> page;
        do {
            page = affix.uploadSessions().expired(afterId, BATCH);
            for (UploadSession session : page) {
                if (session.isComplete()) {
                    finished++;
                } else {
                    abandoned++;
                    bytes += session.offset();
                }
                afterId = session.id();
            }
        } while (page.size() == BATCH);
        result.put("would_abandon_resumable_uploads", abandoned);
        result.put("abandoned_resumable_bytes", bytes);
        result.put("would_forget_finished_resumable_uploads", finished);
    }

    private static Duration longest(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
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
