package dev.affix.pdf;

import java.util.Locale;

/** Whether a content type is PDF's: {@code application/pdf}, its parameters and case ignored. */
final class PdfContentType {

    private PdfContentType() {
    }

    static boolean isPdf(String contentType) {
        if (contentType == null) {
            return false;
        }
        int parameters = contentType.indexOf(';');
        String bare = (parameters < 0 ? contentType : contentType.substring(0, parameters)).trim();
        return bare.toLowerCase(Locale.ROOT).equals("application/pdf");
    }
}
