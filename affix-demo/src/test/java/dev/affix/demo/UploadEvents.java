package dev.affix.demo;

import com.microsoft.playwright.Page;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records the direct-upload events the pages dispatch, as @rails/activestorage names them. Each event
 * is handed to the test as it happens, so the record survives the form's submission to the next page.
 */
final class UploadEvents {

    private static final String RECORDER = """
            for (const type of ["direct-upload:initialize", "direct-upload:start", "direct-upload:before-blob-request",
                "direct-upload:before-storage-request", "direct-upload:progress", "direct-upload:error", "direct-upload:end",
                "direct-uploads:start", "direct-uploads:end"]) {
              document.addEventListener(type, event => window.recordUploadEvent(type, event.detail?.file?.name ?? null,
                  event.detail?.progress ?? null, event.detail?.error ?? null), true);
            }
            """;

    /** One event: its type, and the file name, progress and error of its detail where it has them. */
    record Event(String type, String file, Double progress, String error) {
    }

    private final List<Event> events = new CopyOnWriteArrayList<>();

    private UploadEvents() {
    }

    /** Starts recording in every document the page loads from now on. */
    static UploadEvents record(Page page) {
        UploadEvents recorder = new UploadEvents();
        page.exposeFunction("recordUploadEvent", arguments -> {
            recorder.events.add(new Event((String) arguments[0], (String) arguments[1],
                    arguments[2] == null ? null : ((Number) arguments[2]).doubleValue(), (String) arguments[3]));
            return null;
        });
        page.addInitScript(RECORDER);
        return recorder;
    }

    List<Event> all() {
        return List.copyOf(events);
    }

    List<String> typesFor(String filename) {
        return events.stream().filter(e -> filename.equals(e.file())).map(Event::type).toList();
    }

    List<Double> progressOf(String filename) {
        return events.stream().filter(e -> filename.equals(e.file()) && e.type().equals("direct-upload:progress")).map(Event::progress)
                .toList();
    }
}
