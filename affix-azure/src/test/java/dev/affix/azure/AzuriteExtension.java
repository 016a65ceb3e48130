package dev.affix.azure;

import java.io.IOException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Hands test methods an {@link Azurite}: one process for the whole test run, started on first use
 * and closed by JUnit when the run ends. A failed start is remembered, so that every test reports
 * it at once instead of trying again.
 */
final class AzuriteExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == Azurite.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Startup startup = context.getRoot().getStore(ExtensionContext.Namespace.create(AzuriteExtension.class))
                .computeIfAbsent(Startup.class, type -> Startup.attempt(), Startup.class);
        if (startup.azurite() == null) {
            throw new ParameterResolutionException("could not start Azurite: " + startup.failure().getMessage(), startup.failure());
        }
        return startup.azurite();
    }

    private record Startup(Azurite azurite, Exception failure) implements AutoCloseable {

        static Startup attempt() {
            try {
                return new Startup(Azurite.start(), null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Startup(null, e);
            } catch (Exception e) {
                return new Startup(null, e);
            }
        }

        @Override
        public void close() throws IOException {
            if (azurite != null) {
                azurite.close();
            }
        }
    }
}
