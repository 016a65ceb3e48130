package dev.affix.importer;

import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.StorageKeys;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Paperclip path template ({@code :path}), such as {@code :class/:attachment/:id_partition/:style/:filename},
 * giving the key at which each row's file was stored. Interpolated as Paperclip does it: each
 * interpolation in turn, in reverse alphabetical order of the names (so {@code :id_partition} goes
 * before {@code :id}), every occurrence in the text so far, values included. Interpolations that need
 * the old application (its secret, its time zone, its own methods) are refused when the template is read.
 */
final class PaperclipPath {

    /** The default of Paperclip's {@code :path}, below {@code :rails_root/public/system}. */
    static final String DEFAULT_TEMPLATE = ":class/:attachment/:id_partition/:style/:filename";

    private static final long ID_PARTITION_LIMIT = 1_000_000_000L;
    private static final Pattern THREE_DIGITS = Pattern.compile("\\d{3}");
    private static final Pattern LEFTOVER_TOKEN = Pattern.compile(":[A-Za-z_][A-Za-z0-9_]*");

    /** Paperclip's interpolations, in the order it applies them; those without a reason are computed here. */
    enum Interpolation {
        URL("url", "is the attachment's URL, itself interpolated from the :url option: write that template into --path instead"),
        UPDATED_AT("updated_at", null),
        TIMESTAMP("timestamp", "is the update time in the old application's time zone, which Affix cannot know: use :updated_at "
                + "if the path allows, or import through a view that computes the path"),
        STYLE("style", null),
        RAILS_ROOT("rails_root", "is a folder on the old server: give --path below the folder the service's root points at"),
        RAILS_ENV("rails_env", "is the Rails environment: write its value (e.g. production) into --path"),
        PARAM("param", "is the record's to_param, which the application may have overridden: write :id if it did not"),
        ID_PARTITION("id_partition", null),
        ID("id", null),
        HASH("hash", "is an HMAC made with the old application's :hash_secret, which Affix cannot compute"),
        FINGERPRINT("fingerprint", null),
        FILENAME("filename", null),
        EXTENSION("extension", null),
        DOTEXTENSION("dotextension", null),
        CONTENT_TYPE_EXTENSION("content_type_extension", "needs the MIME types database of the Ruby application"),
        CLASS("class", null),
        BASENAME("basename", null),
        ATTACHMENT("attachment", null);

        private final String token;
        private final String uncomputable;

        Interpolation(String name, String uncomputable) {
            this.token = ":" + name;
            this.uncomputable = uncomputable;
        }

        String token() {
            return token;
        }
    }

    /** What a row gives the interpolations: {@code numericId} says whether Paperclip saw the id as an Integer. */
    record Values(String id, boolean numericId, String fileName, String fingerprint, Instant updatedAt) {
    }

    private final String template;
    private final Set<Interpolation> used;
    private final String classFolder;
    private final String attachmentFolder;
    private final String style;

    private PaperclipPath(String template, Set<Interpolation> used, String classFolder, String attachmentFolder, String style) {
        this.template = template;
        this.used = used;
        this.classFolder = classFolder;
        this.attachmentFolder = attachmentFolder;
        this.style = style;
    }

    /**
     * The template for one attachment of one class; refuses interpolations it cannot compute, and
     * names it does not know (an application's own interpolations), with what to do instead.
     */
    static PaperclipPath parse(String template, String className, String attachmentName, String style) {
        if (template == null || template.isBlank()) {
            throw new ImportRefusedException("the path template is empty");
        }
        Set<Interpolation> used = EnumSet.noneOf(Interpolation.class);
        String rest = template;
        for (Interpolation interpolation : Interpolation.values()) {
            if (rest.contains(interpolation.token)) {
                if (interpolation.uncomputable != null) {
                    throw new ImportRefusedException("path template '" + template + "' uses " + interpolation.token + ", which "
                            + interpolation.uncomputable);
                }
                used.add(interpolation);
                rest = rest.replace(interpolation.token, "/");
            }
        }
        Matcher leftover = LEFTOVER_TOKEN.matcher(rest);
        if (leftover.find()) {
            throw new ImportRefusedException("path template '" + template + "' uses " + leftover.group() + ", which is not one of "
                    + "Paperclip's interpolations that Affix computes (" + computable() + "); if the application defined it, write "
                    + "its value into --path");
        }
        PaperclipPath path = new PaperclipPath(template, used, Inflections.classFolder(className),
                Inflections.attachmentFolder(attachmentName), style);
        try {
            path.keyFor(new Values("1", true, "file.png", "d41d8cd98f00b204e9800998ecf8427e", Instant.EPOCH));
        } catch (RowRefusedException e) {
            throw new ImportRefusedException("path template '" + template + "' cannot give valid keys for " + className + "."
                    + attachmentName + ": " + e.getMessage());
        }
        return path;
    }

    boolean uses(Interpolation interpolation) {
        return used.contains(interpolation);
    }

    @Override
    public String toString() {
        return template;
    }

    /**
     * The key Paperclip stored the row's file at, checked to be a valid key.
     *
     * @throws RowRefusedException if the row cannot give the interpolations a value, or the key is not valid
     */
    String keyFor(Values row) {
        String result = template;
        for (Interpolation interpolation : Interpolation.values()) {
            if (result.contains(interpolation.token)) {
                result = result.replace(interpolation.token, valueOf(interpolation, row));
            }
        }
        try {
            return StorageKeys.requireValidKey(result);
        } catch (InvalidKeyException e) {
            throw new RowRefusedException("path template '" + template + "' gives an invalid key: " + e.getMessage());
        }
    }

    private String valueOf(Interpolation interpolation, Values row) {
        return switch (interpolation) {
            case UPDATED_AT -> row.updatedAt() == null ? "" : Long.toString(row.updatedAt().getEpochSecond());
            case STYLE -> style;
            case ID_PARTITION -> idPartition(row);
            case ID -> row.id();
            case FINGERPRINT -> {
                if (row.fingerprint() == null || row.fingerprint().isEmpty()) {
                    throw new RowRefusedException("the path template uses :fingerprint, and the row has none");
                }
                yield row.fingerprint();
            }
            case FILENAME -> {
                String extension = extension(row.fileName());
                String basename = basename(row.fileName());
                yield extension.isEmpty() ? basename : basename + "." + extension;
            }
            case EXTENSION -> extension(row.fileName());
            case DOTEXTENSION -> {
                String extension = extension(row.fileName());
                yield extension.isEmpty() ? "" : "." + extension;
            }
            case CLASS -> classFolder;
            case BASENAME -> basename(row.fileName());
            case ATTACHMENT -> attachmentFolder;
            // a value interpolated earlier (a file name) may hold one of these; Paperclip would have replaced it
            default -> throw new RowRefusedException("the key would contain " + interpolation.token + ", which "
                    + interpolation.uncomputable);
        };
    }

    /**
     * {@code 000/001/234} for id 1234: nine digits (twelve from a billion on, as Paperclip 6.1 and
     * later make them) in groups of three; for a text id, its first three groups of three characters.
     */
    private static String idPartition(Values row) {
        if (!row.numericId()) {
            List<String> groups = new ArrayList<>();
            int[] codePoints = row.id().codePoints().toArray();
            for (int i = 0; i + 3 <= codePoints.length && groups.size() < 3; i += 3) {
                groups.add(new String(codePoints, i, 3));
            }
            return String.join("/", groups);
        }
        long id = Long.parseLong(row.id());
        String digits = String.format(Locale.ROOT, id < ID_PARTITION_LIMIT ? "%09d" : "%012d", id);
        List<String> groups = new ArrayList<>();
        Matcher matcher = THREE_DIGITS.matcher(digits);
        while (matcher.find()) {
            groups.add(matcher.group());
        }
        return String.join("/", groups);
    }

    /**
     * The extension without its dot, as Ruby's {@code File.extname} finds it: after the last dot that
     * is not at the start of the name. A name ending in a dot is refused: Ruby 2.7 changed what
     * {@code :filename} makes of it, so its key depends on the old application's Ruby.
     */
    static String extension(String fileName) {
        if (fileName.endsWith(".")) {
            throw new RowRefusedException("file name '" + fileName + "' ends with a dot, which Paperclip turned into different "
                    + "paths under different Ruby versions");
        }
        int start = 0;
        while (start < fileName.length() && fileName.charAt(start) == '.') {
            start++;
        }
        int dot = fileName.lastIndexOf('.');
        return dot < start ? "" : fileName.substring(dot + 1);
    }

    /** The name without its extension and that extension's dot. */
    static String basename(String fileName) {
        String extension = extension(fileName);
        return extension.isEmpty() ? fileName : fileName.substring(0, fileName.length() - extension.length() - 1);
    }

    private static String computable() {
        List<String> names = new ArrayList<>();
        for (Interpolation interpolation : Interpolation.values()) {
            if (interpolation.uncomputable == null) {
                names.add(0, interpolation.token);
            }
        }
        return String.join(", ", names);
    }
}
