package dev.affix.blob;

import dev.affix.AffixException;

/** No blob row has this id. */
public class BlobNotFoundException extends AffixException {

    public BlobNotFoundException(long id) {
        super("no blob has id " + id);
    }
}
