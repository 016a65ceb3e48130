package dev.affix.vips;

import dev.affix.extension.Contributions;
import java.util.function.Consumer;

/**
 * What {@link VipsExtension} contributes on a JDK with the foreign-function API: the {@code vips}
 * processor, or, when libvips cannot be used here, the reason and how to install it.
 */
final class VipsContribution implements Consumer<Contributions> {

    @Override
    public void accept(Contributions contributions) {
        try {
            contributions.variantProcessor(new VipsVariantProcessor());
        } catch (VipsUnavailableException e) {
            contributions.disabledVariantProcessor("vips", e.getMessage());
        }
    }
}
