package dev.affix.image;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;

/**
 * Contributes the {@code image} and {@code blurhash} analyzers, in that order, with the limits of the
 * configuration's {@code analysis:} section ({@link ImageSettings}), and the {@code java} variant
 * processor ({@link JavaVariantProcessor}, which takes its limits from each request). Found by
 * ServiceLoader when affix-image is on the class path.
 */
public final class ImageExtension implements AffixExtension {

    @Override
    public String name() {
        return "image";
    }

    @Override
    public void contribute(Contributions contributions) {
        ImageSettings.KEYS.forEach(contributions::analysisSetting);
        ImageSettings settings = ImageSettings.fromConfig(contributions.context().analysisSettings());
        ImageReaders readers = new ImageReaders();
        contributions.analyzer(new ImageAnalyzer(readers, settings));
        contributions.analyzer(new BlurhashAnalyzer(readers, settings));
        contributions.variantProcessor(new JavaVariantProcessor(readers, new ImageWriters()));
    }
}
