package dev.affix.demo;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A post with its files, as the pages show it.
 *
 * @param hero the cover's declared {@code hero} variant, drawn across the top of the post
 */
public record PostView(Post post, Optional<FileView> cover, Optional<Thumbnail> hero, List<FileView> files) {

    private static final DateTimeFormatter PUBLISHED = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    public String published() {
        return PUBLISHED.format(post.createdAt());
    }

    /** The cover first, then the other files: the list under the post shows them all. */
    public List<FileView> allFiles() {
        List<FileView> all = new ArrayList<>();
        cover.ifPresent(all::add);
        all.addAll(files);
        return all;
    }
}
