package dev.affix.db;

import dev.affix.AffixException;
import java.sql.SQLException;

/** The database refused or failed an operation; the transaction was rolled back. */
public class DatabaseException extends AffixException {

    public DatabaseException(String message, SQLException cause) {
        super(message + ": " + cause.getMessage(), cause);
    }

    /** The SQLState of the underlying failure, for callers that tell constraint violations apart. */
    public String sqlState() {
        return getCause() instanceof SQLException sql && sql.getSQLState() != null ? sql.getSQLState() : "";
    }
}
