package dev.affix.cli;

import dev.affix.Affix;
import dev.affix.config.EmbeddedDefaults;
import java.nio.file.Path;

/**
 * Stands in for a running demo in another process: opens Affix on the embedded defaults of a folder,
 * says "ready", and keeps the database open until its standard input closes.
 */
public final class HoldEmbeddedDatabase {

    private HoldEmbeddedDatabase() {
    }

    public static void main(String[] args) throws Exception {
        try (Affix affix = Affix.start(EmbeddedDefaults.config(Path.of(args[0])))) {
            System.out.println("ready " + affix.config().database().url());
            System.out.flush();
            System.in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }
}
