package dev.affix.extension;

/**
 * A module's contributions to Affix: the jobs it runs, the analyzers it brings, and later its
 * transformers, previewers and validators. Found with {@link java.util.ServiceLoader} (a module lists
 * its class in {@code META-INF/services/dev.affix.extension.AffixExtension}) or given to
 * {@code Affix.builder(...).extension(...)}, so a module adds capabilities without Affix knowing it.
 */
public interface AffixExtension {

    /** A short name for logs and errors, e.g. {@code core}, {@code media}. */
    String name();

    /** Registers what this module contributes; called once while Affix is built. */
    void contribute(Contributions contributions);
}
