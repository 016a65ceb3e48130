package dev.affix.db;

import java.sql.Connection;
import java.sql.SQLException;

/** Work done on one connection inside a transaction. */
@FunctionalInterface
public interface SqlWork<T> {
    T run(Connection connection) throws SQLException;
}
