package dev.affix.pdf;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;

/**
 * Contributes the {@code pdf} analyzer: a PDF's page count and its first page's size, read from its
 * structure with Apache PDFBox. Found through {@link java.util.ServiceLoader} when affix-pdf is on the
 * class path.
 */
public final class PdfExtension implements AffixExtension {

    @Override
    public String name() {
        return "pdf";
    }

    @Override
    public void contribute(Contributions contributions) {
        PdfLimits.KEYS.forEach(contributions::analysisSetting);
        contributions.analyzer(new PdfAnalyzer(PdfLimits.fromSettings(contributions.context().analysisSettings())));
    }
}
