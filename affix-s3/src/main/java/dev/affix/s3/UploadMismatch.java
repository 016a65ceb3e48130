package dev.affix.s3;

import dev.affix.checksum.Checksum;
import dev.affix.storage.IntegrityException;

/** The integrity failures of an upload, worded the same wherever they are detected. */
final class UploadMismatch {

    private UploadMismatch() {
    }

    static IntegrityException wrongLength(String upload, long actual, long declared) {
        return new IntegrityException(upload + " has " + actual + " bytes, not the " + declared
                + " declared; nothing was stored");
    }

    static IntegrityException longerThanDeclared(String upload, long declared) {
        return new IntegrityException(upload + " is longer than the " + declared + " bytes declared; nothing was stored");
    }

    static IntegrityException wrongChecksum(String upload, Checksum actual, Checksum expected) {
        return new IntegrityException(upload + " has checksum " + actual + ", not the " + expected
                + " declared; nothing was stored");
    }
}
