package dev.affix.demo;

/**
 * A file the browser already uploaded for a form that has to be shown again (a missing title): the
 * form keeps its signed id, so the user does not upload it twice.
 *
 * @param field the form field the signed id goes back into: {@code cover} or {@code files}
 */
public record PendingUpload(String field, String signedId, String filename, String size) {
}
