package dev.affix.doctor;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@link Doctor#undo} did with a fix log.
 *
 * @param restoredAttachments attachments written back as they were
 * @param restoredObjects     quarantined objects put back at their keys
 * @param alreadyInPlace      repairs found undone already (or never committed): an attachment that
 *                            exists, an object whose key holds it
 * @param failed              repairs that could not be undone; {@code problems} says why for the first few
 */
public record UndoReport(Path fixLog, long restoredAttachments, long restoredObjects, long alreadyInPlace, long failed,
        List<String> problems, double seconds) {

    public UndoReport {
        problems = List.copyOf(problems);
    }

    public Map<String, Object> asJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("fix_log", fixLog.toString());
        json.put("restored_attachments", restoredAttachments);
        json.put("restored_objects", restoredObjects);
        json.put("already_in_place", alreadyInPlace);
        json.put("failed", failed);
        json.put("problems", problems);
        json.put("seconds", seconds);
        return json;
    }
}
