package dev.affix.pdf;

import dev.affix.AffixException;

/** A PDF whose facts could not be read safely: not a PDF, locked, malformed, or past a limit. */
public class PdfAnalysisException extends AffixException {

    public PdfAnalysisException(String message) {
        super(message);
    }

    public PdfAnalysisException(String message, Throwable cause) {
        super(message, cause);
    }
}
