package dev.affix.config;

import java.util.Objects;

/** How to reach the database that holds blobs and attachments. */
public record DatabaseSettings(String url, String username, String password) {

    public static final String EMBEDDED_URL = "jdbc:h2:file:./data/affix";

    public DatabaseSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:")) {
            throw new ConfigurationException("database.url '" + url + "' is not a JDBC URL");
        }
    }

    public static DatabaseSettings embedded() {
        return new DatabaseSettings(EMBEDDED_URL, null, null);
    }
}
