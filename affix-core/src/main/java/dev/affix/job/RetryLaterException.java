package dev.affix.job;

import dev.affix.AffixException;

/** A job cannot run yet (for example, the transaction it follows has not committed); try again later. */
public class RetryLaterException extends AffixException {

    public RetryLaterException(String message) {
        super(message);
    }
}
