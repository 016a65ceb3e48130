package dev.affix.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;

/** What a test finds behind Affix's back: the objects under a Disk root, and the pending deletions table. */
public final class StoredFiles {

    private StoredFiles() {
    }

    /** The files under a Disk root that hold objects: everything but the temporary files under {@code .tmp}. */
    public static List<Path> objects(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).filter(p -> !root.relativize(p).startsWith(".tmp")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The keys in the pending deletions table of the prefix. */
    public static List<String> pendingDeletions(DataSource dataSource, String prefix) {
        try (Connection connection = dataSource.getConnection();
             Statement select = connection.createStatement();
             ResultSet rows = select.executeQuery("SELECT * FROM " + prefix + "pending_deletions ORDER BY id")) {
            List<String> keys = new ArrayList<>();
            while (rows.next()) {
                keys.add(rows.getString("key"));
            }
            return keys;
        } catch (SQLException e) {
            throw new AssertionError("cannot read " + prefix + "pending_deletions", e);
        }
    }
}
