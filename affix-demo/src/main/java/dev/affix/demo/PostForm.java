package dev.affix.demo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the new-post form submits. The files themselves went straight to storage while the user was
 * filling the form in: {@code cover} and {@code files} hold the signed ids of those direct uploads.
 * Blank values are dropped: a file input sends one when it holds no file, as every form does.
 */
public record PostForm(String title, String body, List<String> cover, List<String> files) {

    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_BODY_LENGTH = 20_000;

    public PostForm {
        title = Objects.toString(title, "").strip();
        body = Objects.toString(body, "").strip();
        cover = signedIds(cover);
        files = signedIds(files);
    }

    public static PostForm empty() {
        return new PostForm("", "", List.of(), List.of());
    }

    /** The signed id of the cover: the last one given, as a has-one keeps the last file attached. */
    public Optional<String> coverSignedId() {
        return cover.isEmpty() ? Optional.empty() : Optional.of(cover.get(cover.size() - 1));
    }

    private static List<String> signedIds(List<String> values) {
        return values == null ? List.of() : values.stream().filter(id -> id != null && !id.isBlank()).toList();
    }

    /** What is wrong with the text fields, in words for the form. */
    public Optional<String> problem() {
        if (title.isEmpty()) {
            return Optional.of("Give the post a title.");
        }
        if (title.length() > MAX_TITLE_LENGTH) {
            return Optional.of("The title is longer than " + MAX_TITLE_LENGTH + " characters.");
        }
        if (body.length() > MAX_BODY_LENGTH) {
            return Optional.of("The text is longer than " + MAX_BODY_LENGTH + " characters.");
        }
        return Optional.empty();
    }
}
