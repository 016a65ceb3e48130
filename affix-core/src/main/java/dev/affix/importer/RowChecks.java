package dev.affix.importer;

import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.KeyTemplate;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.ContentTypeIdentifier;
import dev.affix.blob.Filenames;
import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.storage.ContentTypes;
import dev.affix.storage.StorageKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Judges the rows of one attachment, in id order: a row is planned (its keys made) or refused with a
 * reason. Refused: a missing or absurd id, an id seen just before (a duplicate row), an empty or
 * absurd file name (too long, only dots, a slash, {@code ..}, a control character), a size that is
 * not a whole number or is negative, a path that gives no valid key.
 */
final class RowChecks {

    private static final int MAX_FILENAME_LENGTH = 255;
    private static final int MAX_ID_LENGTH = 255;
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");
    private static final int MAX_REMEMBERED_TYPES = 256;

    /** Where the blobs go: the service each row's object is in, and (when copying) the one its copy goes to. */
    interface Services {
        String sourceFor(RecordRef record);

        String targetFor(RecordRef record);
    }

    private final String recordType;
    private final AttachmentDeclaration declaration;
    private final PaperclipPath path;
    private final boolean numericIds;
    private final boolean numericRecordIds;
    private final boolean copy;
    private final Services services;
    private final ContentTypeIdentifier identifier;
    private final Clock clock;
    private String previousId;
    // a table holds few distinct types: each is parsed once (up to a bound, whatever the table holds)
    private final Map<String, Boolean> wellFormedTypes = new HashMap<>();

    RowChecks(AttachmentDeclaration declaration, PaperclipPath path, boolean numericIds, boolean numericRecordIds, boolean copy,
            Services services, ContentTypeIdentifier identifier, Clock clock) {
        this.recordType = declaration.recordType();
        this.declaration = declaration;
        this.path = path;
        this.numericIds = numericIds;
        this.numericRecordIds = numericRecordIds;
        this.copy = copy;
        this.services = services;
        this.identifier = identifier;
        this.clock = clock;
    }

    /** The row planned for import; rows must come in id order, so that a duplicate follows its first. */
    PlannedRow plan(SourceRow row) {
        String id = row.id();
        boolean duplicate = id != null && id.equals(previousId);
        previousId = id;
        requireValidId(id);
        if (duplicate) {
            throw new RowRefusedException("a row with id " + id + " came before it: duplicate rows are left out");
        }
        if (row.unreadable() != null) {
            throw new RowRefusedException(row.unreadable());
        }
        String fileName = requireSaneFileName(row.fileName());
        Long size = size(row.fileSize());
        RecordRef record = new RecordRef(recordType, id);
        String sourceService = services.sourceFor(record);
        String sourceKey = path.keyFor(new PaperclipPath.Values(id, numericIds, fileName, row.fingerprint(), row.updatedAt()));
        Instant createdAt = (row.updatedAt() != null ? row.updatedAt() : clock.instant()).truncatedTo(ChronoUnit.MICROS);
        String targetService = copy ? services.targetFor(record) : sourceService;
        String targetKey = copy ? newKey(record) : sourceKey;
        String clean = Filenames.sanitize(fileName);
        return new PlannedRow(declaration.name(), id, sourceService, sourceKey, targetService, targetKey, clean,
                clean.equals(fileName) ? null : fileName, contentType(row.contentType(), clean), size, md5(row.fingerprint()), createdAt);
    }

    private void requireValidId(String id) {
        if (id == null || id.isBlank()) {
            throw new RowRefusedException("the row has no id");
        }
        if (id.length() > MAX_ID_LENGTH || id.chars().anyMatch(Character::isISOControl)) {
            throw new RowRefusedException("id '" + printable(id) + "' is longer than " + MAX_ID_LENGTH
                    + " characters or holds a control character");
        }
        if (numericIds || numericRecordIds) {
            try {
                Long.parseLong(id);
            } catch (NumberFormatException e) {
                throw new RowRefusedException("id '" + id + "' is not a whole number" + (numericRecordIds
                        ? ", and Affix's attachments table keeps numeric record ids" : ", which :id_partition needs of a numeric id column"));
            }
        }
    }

    private static String requireSaneFileName(String name) {
        if (name == null || name.isBlank()) {
            throw new RowRefusedException("the file name is empty");
        }
        if (name.length() > MAX_FILENAME_LENGTH) {
            throw new RowRefusedException("the file name is " + name.length() + " characters long, more than " + MAX_FILENAME_LENGTH);
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isISOControl(c) || Character.isSurrogate(c) && !validPair(name, i)) {
                throw new RowRefusedException("file name '" + printable(name) + "' holds control character or broken text at index " + i);
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        if (name.contains("/") || name.contains("\\")) {
            throw new RowRefusedException("file name '" + name + "' holds a slash: it would name a folder");
        }
        if (name.contains("..")) {
            throw new RowRefusedException("file name '" + name + "' holds '..'");
        }
        if (name.chars().allMatch(c -> c == '.' || Character.isWhitespace(c))) {
            throw new RowRefusedException("file name '" + name + "' has nothing but dots and spaces");
        }
        return name;
    }

    private static boolean validPair(String text, int index) {
        return Character.isHighSurrogate(text.charAt(index)) && index + 1 < text.length()
                && Character.isLowSurrogate(text.charAt(index + 1));
    }

    private static Long size(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        long size;
        try {
            size = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw new RowRefusedException("file size '" + printable(value) + "' is not a whole number");
        }
        if (size < 0) {
            throw new RowRefusedException("file size " + size + " is negative");
        }
        return size;
    }

    /** The row's fingerprint as a checksum if it is an MD5 (Paperclip's default digest); another digest is recomputed. */
    private static Checksum md5(String fingerprint) {
        if (fingerprint == null || !MD5_HEX.matcher(fingerprint.trim()).matches()) {
            return null;
        }
        return Checksum.of(ChecksumAlgorithm.MD5, HexFormat.of().parseHex(fingerprint.trim().toLowerCase()));
    }

    /**
     * The row's type if it is a well-formed media type, else one guessed from the file name (or
     * binary): the column is what a browser claimed, and bytes that are read get identified instead.
     */
    private String contentType(String declared, String filename) {
        if (declared != null && wellFormed(declared)) {
            return declared.trim();
        }
        return identifier.identify(new byte[0], filename, null);
    }

    private boolean wellFormed(String type) {
        Boolean known = wellFormedTypes.get(type);
        if (known == null) {
            known = ContentTypes.essence(type).isPresent();
            if (wellFormedTypes.size() < MAX_REMEMBERED_TYPES) {
                wellFormedTypes.put(type, known);
            }
        }
        return known;
    }

    private String newKey(RecordRef record) {
        KeyTemplate template = declaration.keyTemplate();
        return template == null ? StorageKeys.random()
                : template.resolve(new KeyTemplate.Context(null, record, declaration.name(), clock.instant()));
    }

    private static String printable(String value) {
        StringBuilder out = new StringBuilder();
        String shown = value.length() > 60 ? value.substring(0, 60) + "…" : value;
        shown.chars().forEach(c -> out.append(Character.isISOControl(c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return out.toString();
    }
}
