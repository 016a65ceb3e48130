package dev.affix.demo;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;
import org.springframework.stereotype.Repository;

/** The {@code posts} table, in plain SQL. */
@Repository
public class PostRepository {

    private static final RowMapper<Post> ROW = (rs, n) -> new Post(rs.getLong("id"), rs.getString("title"), rs.getString("body"),
            rs.getTimestamp("created_at").toInstant());

    private final JdbcClient jdbc;

    public PostRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Post insert(String title, String body, Instant createdAt) {
        KeyHolder key = new GeneratedKeyHolder();
        jdbc.sql("INSERT INTO posts (title, body, created_at) VALUES (?, ?, ?)")
                .params(title, body, Timestamp.from(createdAt))
                .update(key, "id");
        return new Post(key.getKeyAs(Number.class).longValue(), title, body, createdAt);
    }

    public Optional<Post> find(long id) {
        return jdbc.sql("SELECT id, title, body, created_at FROM posts WHERE id = ?").param(id).query(ROW).optional();
    }

    public List<Post> newest(int limit) {
        return jdbc.sql("SELECT id, title, body, created_at FROM posts ORDER BY created_at DESC, id DESC LIMIT ?").param(limit).query(ROW)
                .list();
    }

    public void delete(long id) {
        jdbc.sql("DELETE FROM posts WHERE id = ?").param(id).update();
    }
}
