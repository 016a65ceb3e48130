package dev.affix.blob;

import dev.affix.AffixException;

/** A signed blob id that is tampered, truncated, expired, minted for another purpose, or names no blob. */
public class InvalidSignedIdException extends AffixException {

    public InvalidSignedIdException(String purpose) {
        super("signed blob id is invalid, expired, or not meant for '" + purpose + "'");
    }
}
