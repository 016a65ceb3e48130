package dev.affix.vips;

import dev.affix.extension.AffixExtension;
import dev.affix.extension.Contributions;
import java.lang.reflect.InvocationTargetException;
import java.util.function.Consumer;

/**
 * Contributes the {@code vips} variant processor, or declares it disabled with the reason (a JDK older
 * than 22, libvips missing or too old), which Affix logs once at start; {@code variant_processor: auto}
 * then falls back to {@code java}. Found by ServiceLoader when affix-vips is on the class path.
 *
 * <p>This class alone is compiled for Java 17, so that ServiceLoader can load it on any JDK Affix runs
 * on; it reaches the rest of the module, compiled for Java 22, only by name once the JDK is new enough.
 */
public final class VipsExtension implements AffixExtension {

    /** The JDK whose foreign-function API ({@code java.lang.foreign}) is final. */
    static final int FOREIGN_FUNCTION_JDK = 22;
    private static final String CONTRIBUTION = "dev.affix.vips.VipsContribution";

    @Override
    public String name() {
        return "vips";
    }

    @Override
    public void contribute(Contributions contributions) {
        contribute(contributions, Runtime.version());
    }

    @SuppressWarnings("unchecked")
    void contribute(Contributions contributions, Runtime.Version jdk) {
        if (jdk.feature() < FOREIGN_FUNCTION_JDK) {
            contributions.disabledVariantProcessor("vips", "it calls libvips through the foreign-function API of JDK "
                    + FOREIGN_FUNCTION_JDK + " or later, and this JVM is " + jdk + " (variant_processor: java works on any JDK)");
            return;
        }
        try {
            ((Consumer<Contributions>) Class.forName(CONTRIBUTION).getDeclaredConstructor().newInstance()).accept(contributions);
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException invocation ? invocation.getCause() : e;
            throw new IllegalStateException(CONTRIBUTION + " could not be made: " + cause, cause);
        }
    }
}
