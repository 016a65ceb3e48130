package dev.affix.pdf;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import dev.affix.tool.ExternalTool;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Contributes the {@code pdf} analyzer (a PDF's page count and its first page's size, read from its
 * structure with Apache PDFBox) and the {@code pdf} previewer (its first page drawn: by poppler's
 * {@code pdftoppm} when it is on the PATH, else by PDFBox). Found through {@link java.util.ServiceLoader}
 * when affix-pdf is on the class path.
 */
public final class PdfExtension implements AffixExtension {

    private static final Logger LOG = LoggerFactory.getLogger(PdfExtension.class);

    @Override
    public String name() {
        return "pdf";
    }

    @Override
    public void contribute(Contributions contributions) {
        PdfLimits.KEYS.forEach(contributions::analysisSetting);
        PdfLimits limits = PdfLimits.fromSettings(contributions.context().analysisSettings());
        contributions.analyzer(new PdfAnalyzer(limits));
        contributions.previewer(previewer(ExternalTool.find("pdftoppm"), limits));
    }

    static PdfPreviewer previewer(Optional<ExternalTool> pdftoppm, PdfLimits limits) {
        if (pdftoppm.isPresent()) {
            return PdfPreviewer.withPdftoppm(pdftoppm.get(), limits);
        }
        LOG.info("pdftoppm is not on the PATH: PDF previews are drawn in process by PDFBox "
                + "(install poppler-utils to draw them with poppler, as Rails does)");
        return PdfPreviewer.withPdfBox(limits);
    }
}
