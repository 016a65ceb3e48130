package dev.affix.rails.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.Affix;
import dev.affix.attachment.Attachment;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.AffixConfig;
import dev.affix.config.DatabaseSettings;
import dev.affix.http.AffixServlet;
import dev.affix.storage.UrlOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Affix and a real Rails 6.1 application (Debian's packages, src/test/rails/interop_app.rb) on one
 * PostgreSQL database, made for this run, and one Disk folder: each finds, downloads, serves,
 * replaces and purges what the other attached, reads the other's signed ids, Disk tokens and
 * variation keys, and a has-one attach that both make at once ends with one attachment that both
 * show. Rails 7.1+'s formats are not run here (Debian has no Rails 7.1): affix-core's
 * dev.affix.rails tests check them with vectors re-enacted from Rails 7.1's source.
 */
class RailsInteropTest {

    private static final String SECRET_KEY_BASE = "5e".repeat(64);
    private static final String PG = "jdbc:postgresql://127.0.0.1:5432/";
    private static final String DATABASE = "affix_rails_interop_" + Long.toString(System.nanoTime(), 36);

    @TempDir
    static Path dir;

    private static Path storage;
    private static RailsApplication rails;
    private static Affix affix;
    private static AffixTomcat tomcat;
    private static URI affixBase;
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() throws Exception {
        try (Connection admin = DriverManager.getConnection(PG + "test", "postgres", ""); Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE " + DATABASE);
        }
        storage = Files.createDirectories(dir.resolve("storage"));
        rails = RailsApplication.start(Path.of("src/test/rails/interop_app.rb").toAbsolutePath(), AffixTomcat.freePort(),
                "postgres://postgres@127.0.0.1:5432/" + DATABASE, storage, SECRET_KEY_BASE, Path.of("target/rails-interop.log").toAbsolutePath());
        int port = AffixTomcat.freePort();
        affixBase = URI.create("http://127.0.0.1:" + port);
        AffixConfig config = AffixConfig.builder()
                .secret("affix-rails-interop-secret")
                .database(DatabaseSettings.of(PG + DATABASE, "postgres", "").withTablePrefix("active_storage_").withRecordIdType("BIGINT"))
                .service("local", "Disk", Map.of("root", storage.toString()))
                .baseUrl(affixBase.toString())
                .jobRunner("inline")
                .attachment("User.avatar", Map.of("kind", "one", "dependent", "purge", "keys", "{record_id}/avatar/{random}"))
                .attachment("User.photos", Map.of("kind", "many"))
                .rails(SECRET_KEY_BASE, "6.1")
                .build();
        affix = Affix.start(config);
        tomcat = AffixTomcat.start(port, Files.createDirectories(dir.resolve("tomcat")), new AffixServlet(affix));
    }

    @AfterAll
    static void stop() throws Exception {
        if (tomcat != null) {
            tomcat.close();
        }
        if (affix != null) {
            affix.close();
        }
        if (rails != null) {
            rails.close();
        }
        try (Connection admin = DriverManager.getConnection(PG + "test", "postgres", ""); Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
    }

    @Test
    void aFileRailsAttachesIsFoundDownloadedAndServedByAffix() throws Exception {
        byte[] png = png(4, 3);
        Map<String, Object> avatar = avatarOf(rails.post("/interop/users/1/avatar?filename=me.png&content_type=image/png&key=u-8/avatar.png", png));

        Blob blob = affix.one(user(1), "avatar").blob().orElseThrow();
        assertThat(blob.id()).isEqualTo(id(avatar));
        assertThat(blob.key()).isEqualTo("u-8/avatar.png");
        assertThat(blob.checksum().base64()).isEqualTo(avatar.get("checksum"));
        assertThat(storage.resolve("u-/8/u-8/avatar.png")).as("Rails' path for the key").hasBinaryContent(png);
        assertThat(affix.blobs().download(blob).readAllBytes()).isEqualTo(png);

        String railsId = (String) avatar.get("signed_id");
        assertThat(affixGet("/affix/blobs/proxy/" + railsId + "/me.png").body()).isEqualTo(png);
        HttpResponse<byte[]> redirect = affixGet("/affix/blobs/redirect/" + railsId + "/me.png");
        assertThat(redirect.statusCode()).isEqualTo(302);
        URI diskUrl = URI.create(redirect.headers().firstValue("Location").orElseThrow());
        assertThat(get(diskUrl).body()).isEqualTo(png);
        // Affix's Disk token is Rails': Rails' Disk route serves it too
        assertThat(rails.fetch("/rails/active_storage/disk/" + diskToken(diskUrl) + "/me.png").body()).isEqualTo(png);

        HttpResponse<byte[]> railsRedirect = rails.fetch((String) avatar.get("redirect_path"));
        assertThat(railsRedirect.statusCode()).isEqualTo(302);
        URI railsDiskUrl = URI.create(railsRedirect.headers().firstValue("Location").orElseThrow());
        assertThat(affixGet("/affix/disk/" + diskToken(railsDiskUrl) + "/me.png").body()).as("Rails' Disk token in Affix's route")
                .isEqualTo(png);
    }

    @Test
    void aFileAffixAttachesIsFoundDownloadedAndServedByRails() throws Exception {
        byte[] text = "from affix".getBytes(StandardCharsets.UTF_8);
        Blob blob = affix.one(user(2), "avatar").attach(text, "a.txt").blob();
        assertThat(blob.key()).startsWith("2/avatar/");

        Map<String, Object> shown = rails.get("/interop/users/2");
        Map<String, Object> avatar = avatarOf(shown);
        assertThat(id(avatar)).isEqualTo(blob.id());
        assertThat(avatar.get("checksum")).isEqualTo(blob.checksum().base64());
        assertThat(avatar.get("key")).isEqualTo(blob.key());
        assertThat(rails.fetch("/interop/blobs/" + blob.id() + "/download").body()).isEqualTo(text);

        String affixId = affix.blobs().signedId(blob);
        assertThat(id(rails.get("/interop/blobs/signed/" + affixId))).isEqualTo(blob.id());
        assertThat(rails.fetch("/rails/active_storage/blobs/proxy/" + affixId + "/a.txt").body()).isEqualTo(text);
        HttpResponse<byte[]> redirect = rails.fetch("/rails/active_storage/blobs/redirect/" + affixId + "/a.txt");
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(get(URI.create(redirect.headers().firstValue("Location").orElseThrow())).body()).isEqualTo(text);

        URI affixDiskUrl = affix.services().get("local").url(blob.key(), UrlOptions.expiringIn(Duration.ofMinutes(5)).withFilename("a.txt"));
        assertThat(rails.fetch("/rails/active_storage/disk/" + diskToken(affixDiskUrl) + "/a.txt").body())
                .as("Affix's Disk token in Rails' route").isEqualTo(text);
    }

    @Test
    void replacingOnEitherSideLeavesOneAttachmentAndPurgesTheOldBlob() throws Exception {
        Map<String, Object> first = avatarOf(rails.post("/interop/users/3/avatar?filename=1.txt&content_type=text/plain", bytes("one")));
        Path firstFile = railsPath((String) first.get("key"));

        Blob second = affix.one(user(3), "avatar").attach(bytes("two"), "2.txt").blob();

        assertThat(id(avatarOf(rails.get("/interop/users/3")))).isEqualTo(second.id());
        assertThat(rails.get("/interop/users/3").get("avatar_rows")).isEqualTo(1);
        assertThat(affix.blobs().find(id(first))).isEmpty();
        assertThat(firstFile).doesNotExist();

        Map<String, Object> third = avatarOf(rails.post("/interop/users/3/avatar?filename=3.txt&content_type=text/plain", bytes("three")));

        assertThat(affix.one(user(3), "avatar").blob()).map(Blob::id).contains(id(third));
        assertThat(affix.blobs().find(second.id())).as("Rails purged Affix's blob").isEmpty();
        assertThat(railsPath(second.key())).doesNotExist();
    }

    @Test
    void purgingOnEitherSideRemovesRowsAndFiles() throws Exception {
        Map<String, Object> railsAvatar = avatarOf(rails.post("/interop/users/4/avatar?filename=r.txt&content_type=text/plain", bytes("r")));
        affix.one(user(4), "avatar").purge();
        assertThat(rails.get("/interop/users/4").get("avatar")).isNull();
        assertThat(railsPath((String) railsAvatar.get("key"))).doesNotExist();

        Blob affixAvatar = affix.one(user(5), "avatar").attach(bytes("a"), "a.txt").blob();
        rails.delete("/interop/users/5/avatar");
        assertThat(affix.one(user(5), "avatar").attached()).isFalse();
        assertThat(affix.blobs().find(affixAvatar.id())).isEmpty();
        assertThat(railsPath(affixAvatar.key())).doesNotExist();
    }

    @Test
    void purgingAnImageWithARailsVariantRemovesTheVariantToo() throws Exception {
        Map<String, Object> original = avatarOf(rails.post("/interop/users/6/avatar?filename=p.png&content_type=image/png", png(8, 8)));
        Map<String, Object> variant = rails.post("/interop/blobs/" + id(original) + "/variant_record", png(2, 2));
        @SuppressWarnings("unchecked")
        Map<String, Object> image = (Map<String, Object>) variant.get("image");
        assertThat(railsPath((String) image.get("key"))).exists();

        affix.one(user(6), "avatar").purge();

        assertThat(count("SELECT COUNT(*) FROM active_storage_variant_records WHERE blob_id = ?", id(original))).isZero();
        assertThat(count("SELECT COUNT(*) FROM active_storage_attachments WHERE blob_id = ?", id(image))).isZero();
        assertThat(affix.blobs().find(id(image))).isEmpty();
        assertThat(railsPath((String) image.get("key"))).doesNotExist();
        assertThat(railsPath((String) original.get("key"))).doesNotExist();
    }

    @Test
    void aRailsVariationKeyIsMadeByAffixsRepresentationRoute() throws Exception {
        Map<String, Object> original = avatarOf(rails.post("/interop/users/7/avatar?filename=p.png&content_type=image/png", png(40, 30)));
        String railsPath = (String) rails.post("/interop/blobs/" + id(original) + "/variant_record", png(2, 2)).get("representation_proxy_path");
        String affixPath = railsPath.replace("/rails/active_storage/", "/affix/");

        HttpResponse<byte[]> variant = affixGet(affixPath);

        assertThat(variant.statusCode()).isEqualTo(200);
        BufferedImage made = ImageIO.read(new java.io.ByteArrayInputStream(variant.body()));
        assertThat(Math.max(made.getWidth(), made.getHeight())).as("resize_to_limit [10, 10]").isEqualTo(10);
    }

    @Test
    void analysisOnEitherSideIsReadByTheOther() throws Exception {
        Map<String, Object> railsPng = avatarOf(rails.post("/interop/users/8/avatar?filename=p.png&content_type=image/png", png(12, 5)));
        Blob blob = affix.blobs().require(id(railsPng));

        affix.analysis().analyze(blob);

        Map<String, Object> metadata = metadataOf(rails.get("/interop/blobs/" + blob.id()));
        assertThat(metadata).containsEntry("width", 12).containsEntry("height", 5).containsEntry("analyzed", true);

        Blob affixPng = affix.many(user(8), "photos").attach(dev.affix.attachment.Attachable.bytes(png(3, 9), "q.png")).get(0).blob();
        Map<String, Object> analysed = metadataOf(rails.post("/interop/blobs/" + affixPng.id() + "/analyze", new byte[0]));
        assertThat(analysed).containsEntry("width", 3).containsEntry("height", 9).containsEntry("analyzed", true).containsEntry("identified", true);
        assertThat(affix.blobs().require(affixPng.id()).metadata()).containsEntry("width", 3).containsEntry("analyzed", true);
    }

    @Test
    void signedIdsFromFormsOfOneAttachInTheOther() throws Exception {
        Map<String, Object> uploaded = photosOf(rails.post("/interop/users/9/photos?filename=f.txt&content_type=text/plain", bytes("form"))).get(0);
        Attachment attached = affix.one(user(10), "avatar").attachSigned((String) uploaded.get("signed_id"));
        assertThat(attached.blob().id()).isEqualTo(id(uploaded));

        Blob affixBlob = affix.many(user(11), "photos").attach(dev.affix.attachment.Attachable.bytes(bytes("mine"), "m.txt")).get(0).blob();
        Map<String, Object> shown = rails.post("/interop/users/12/avatar/signed?signed_id=" + affix.blobs().signedId(affixBlob), new byte[0]);
        assertThat(id(avatarOf(shown))).isEqualTo(affixBlob.id());
    }

    @Test
    void timesAreTheSameInstantOnBothSides() throws Exception {
        Map<String, Object> railsBlob = avatarOf(rails.post("/interop/users/13/avatar?filename=t.txt&content_type=text/plain", bytes("t")));
        assertThat(affix.blobs().require(id(railsBlob)).createdAt()).isEqualTo(Instant.parse((String) railsBlob.get("created_at")));

        Blob affixBlob = affix.one(user(14), "avatar").attach(bytes("u"), "u.txt").blob();
        assertThat(Instant.parse((String) avatarOf(rails.get("/interop/users/14")).get("created_at"))).isEqualTo(affixBlob.createdAt());
    }

    /** 02:30 UTC wall-clock on 2026-03-29 does not exist in this JVM's zone (Europe/Berlin, see the pom): it is stored as it is. */
    @Test
    void aTimeInTheDaylightSavingGapOfTheJvmsZoneIsStoredAsItIs() throws Exception {
        Instant inTheGap = Instant.parse("2026-03-29T02:30:00.123456Z");
        try (Affix then = Affix.builder(affix.config()).clock(Clock.fixed(inTheGap, ZoneOffset.UTC)).build()) {
            Blob blob = then.one(user(17), "avatar").attach(bytes("then"), "then.txt").blob();

            assertThat(Instant.parse((String) avatarOf(rails.get("/interop/users/17")).get("created_at"))).isEqualTo(inTheGap);
            assertThat(then.blobs().require(blob.id()).createdAt()).isEqualTo(inTheGap);
        }
    }

    /**
     * A Rails transaction replaces the avatar and stays open; Affix's attach waits for it, then
     * replaces Rails' attachment: one row, Affix's, for both.
     */
    @Test
    void anAffixAttachDuringARailsAttachEndsWithOneAttachmentBothShow() throws Exception {
        rails.post("/interop/users/15/avatar?filename=0.txt&content_type=text/plain", bytes("zero"));
        CompletableFuture<Map<String, Object>> railsAttach = CompletableFuture.supplyAsync(() -> call(
                () -> rails.post("/interop/users/15/avatar/slowly?filename=r.txt&sleep=3", bytes("rails"))));
        awaitDatabase("Rails' transaction to hold its changes to the attachments", "SELECT COUNT(*) FROM pg_locks l JOIN pg_class c"
                + " ON c.oid = l.relation WHERE c.relname = 'active_storage_attachments' AND l.mode = 'RowExclusiveLock'"
                + " AND l.pid <> pg_backend_pid()");

        Blob ours = affix.one(user(15), "avatar").attach(bytes("affix"), "a.txt").blob();
        railsAttach.get(30, TimeUnit.SECONDS);

        Map<String, Object> shown = rails.get("/interop/users/15");
        assertThat(shown.get("avatar_rows")).isEqualTo(1);
        assertThat(id(avatarOf(shown))).isEqualTo(ours.id());
        assertThat(affix.one(user(15), "avatar").blob()).map(Blob::id).contains(ours.id());
    }

    /** Affix's change is in an open transaction; Rails' attach waits for it, then replaces it: one row, Rails', for both. */
    @Test
    void aRailsAttachDuringAnAffixAttachEndsWithOneAttachmentBothShow() throws Exception {
        rails.post("/interop/users/16/avatar?filename=0.txt&content_type=text/plain", bytes("zero"));
        CompletableFuture<Map<String, Object>> railsAttach;
        try (Connection connection = DriverManager.getConnection(PG + DATABASE, "postgres", "")) {
            connection.setAutoCommit(false);
            affix.using(connection).one(user(16), "avatar").attach(bytes("affix"), "a.txt");
            railsAttach = CompletableFuture.supplyAsync(() -> call(
                    () -> rails.post("/interop/users/16/avatar/slowly?filename=r.txt&sleep=0", bytes("rails"))));
            awaitDatabase("Rails to wait for Affix's row lock", "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database()"
                    + " AND wait_event_type = 'Lock'");
            assertThat(railsAttach).isNotDone();
            connection.commit();
        }
        Map<String, Object> railsResult = railsAttach.get(30, TimeUnit.SECONDS);

        Map<String, Object> shown = rails.get("/interop/users/16");
        assertThat(shown.get("avatar_rows")).isEqualTo(1);
        assertThat(id(avatarOf(shown))).isEqualTo(id(avatarOf(railsResult)));
        assertThat(affix.one(user(16), "avatar").blob()).map(Blob::id).contains(id(avatarOf(railsResult)));
    }

    private static RecordRef user(long id) {
        return RecordRef.of("User", id);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> avatarOf(Map<String, Object> shown) {
        return (Map<String, Object>) shown.get("avatar");
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> photosOf(Map<String, Object> shown) {
        return (List<Map<String, Object>>) shown.get("photos");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metadataOf(Map<String, Object> blob) {
        return (Map<String, Object>) blob.get("metadata");
    }

    private static long id(Map<String, Object> blob) {
        return ((Number) blob.get("id")).longValue();
    }

    /** Where Rails' Disk service keeps a key: root/key[0..1]/key[2..3]/key (the keys here are ASCII). */
    private static Path railsPath(String key) {
        return storage.resolve(key.substring(0, 2)).resolve(key.substring(2, 4)).resolve(key).normalize();
    }

    private static String diskToken(URI diskUrl) {
        String path = diskUrl.getRawPath();
        String afterDisk = path.substring(path.indexOf("/disk/") + "/disk/".length());
        return afterDisk.substring(0, afterDisk.indexOf('/'));
    }

    private static HttpResponse<byte[]> affixGet(String path) throws IOException, InterruptedException {
        return get(affixBase.resolve(path));
    }

    private static HttpResponse<byte[]> get(URI url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(url).GET().timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Polls a count query until it is positive: the other side has got as far as the test needs. */
    private static void awaitDatabase(String what, String countQuery) throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        try (Connection connection = DriverManager.getConnection(PG + DATABASE, "postgres", "");
             PreparedStatement query = connection.prepareStatement(countQuery)) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    if (rows.getLong(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("waited 30 seconds for " + what);
    }

    private static long count(String sql, long id) throws SQLException {
        try (Connection connection = DriverManager.getConnection(PG + DATABASE, "postgres", "");
             PreparedStatement query = connection.prepareStatement(sql)) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] png(int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        image.setRGB(0, 0, 0xff0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    @FunctionalInterface
    private interface Call<T> {
        T run() throws Exception;
    }

    private static <T> T call(Call<T> work) {
        try {
            return work.run();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
