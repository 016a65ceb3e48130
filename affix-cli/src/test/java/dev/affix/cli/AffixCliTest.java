package dev.affix.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.json.Json;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.Disposition;
import dev.affix.storage.disk.DiskTokens;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The storage commands, run in-process through the same entry point as bin/affix. */
class AffixCliTest {

    @TempDir
    Path dir;
    private Path file;
    private byte[] data;

    record Result(int exitCode, String out, byte[] rawOut, String err) {
        Map<String, Object> json() {
            return Json.readObject(out);
        }
    }

    @BeforeEach
    void writeFile() throws IOException {
        data = new byte[10_000];
        new Random(1).nextBytes(data);
        file = Files.write(dir.resolve("photo.jpg"), data);
    }

    @Test
    void putThenGetRoundTripsOnTheEmbeddedDefault() throws IOException {
        Result put = run("put", "photo.jpg", "--key", "photos/1", "--content-type", "image/jpeg");

        assertThat(put.exitCode()).as(put.err()).isZero();
        assertThat(put.json()).containsEntry("key", "photos/1").containsEntry("byte_size", 10_000)
                .containsEntry("content_type", "image/jpeg").containsEntry("service_name", "local")
                .containsEntry("checksum", md5(data));
        assertThat(dir.resolve("storage")).isDirectory();
        assertThat(dir.resolve("data/secret")).isRegularFile();

        Result get = run("get", "photos/1", "-o", "copy.jpg");
        assertThat(get.exitCode()).as(get.err()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.jpg"))).isEqualTo(data);

        Result raw = run("get", "photos/1");
        assertThat(raw.rawOut()).isEqualTo(data);
    }

    @Test
    void putWithoutKeyMakesARandomOne() {
        Result put = run("put", "photo.jpg");

        assertThat(put.exitCode()).isZero();
        assertThat((String) put.json().get("key")).matches("[0-9a-z]{28}");
        assertThat(put.json()).containsEntry("content_type", "application/octet-stream");
    }

    @Test
    void getOfARangePrintsThoseBytes() {
        run("put", "photo.jpg", "--key", "k");

        Result get = run("get", "k", "--range", "100-199");

        assertThat(get.exitCode()).isZero();
        assertThat(get.rawOut()).isEqualTo(java.util.Arrays.copyOfRange(data, 100, 200));
        assertThat(run("get", "k", "--range", "10000-").exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(run("get", "k", "--range", "x-y").err()).contains("FIRST-LAST");
    }

    @Test
    void wrongChecksumFailsAndStoresNothing() throws IOException {
        Result put = run("put", "photo.jpg", "--key", "bad", "--checksum", md5(new byte[] {1}));

        assertThat(put.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(put.out()).isEmpty();
        assertThat(put.err()).contains("checksum").contains("nothing was stored");
        assertThat(filesUnder(dir.resolve("storage"))).isZero();
    }

    @Test
    void putToATakenKeyIsRefusedUnlessForced() throws IOException {
        run("put", "photo.jpg", "--key", "taken");
        byte[] other = new byte[500];
        new Random(2).nextBytes(other);
        Files.write(dir.resolve("other.jpg"), other);

        Result refused = run("put", "other.jpg", "--key", "taken");

        assertThat(refused.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(refused.out()).isEmpty();
        assertThat(refused.err()).contains("already has an object at key 'taken'").contains("nothing was changed");
        assertThat(run("get", "taken").rawOut()).isEqualTo(data);

        Result forced = run("put", "other.jpg", "--key", "taken", "--force");

        assertThat(forced.exitCode()).as(forced.err()).isZero();
        assertThat(forced.json()).containsEntry("key", "taken").containsEntry("byte_size", 500);
        assertThat(run("get", "taken").rawOut()).isEqualTo(other);
    }

    @Test
    void invalidKeysFailWithTheirReason() throws IOException {
        assertThat(run("put", "photo.jpg", "--key", "../etc/passwd").err()).contains("'..' segment");
        assertThat(run("put", "photo.jpg", "--key", "/etc/passwd").err()).contains("absolute");
        assertThat(run("put", "photo.jpg", "--key", "a\u0000b").err()).contains("control character");
        assertThat(run("put", "photo.jpg", "--key", "../x").exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(filesUnder(dir.resolve("storage"))).isZero();
    }

    @Test
    void missingKeyExitsWithNotFound() {
        Result get = run("get", "nothing-here", "-o", "out.bin");

        assertThat(get.exitCode()).isEqualTo(AffixCli.NOT_FOUND);
        assertThat(get.err()).contains("no object at key 'nothing-here'");
        assertThat(dir.resolve("out.bin")).doesNotExist();
        assertThat(run("url", "nothing-here").exitCode()).isEqualTo(AffixCli.NOT_FOUND);
    }

    @Test
    void missingInputFileIsRefused() {
        Result put = run("put", "no-such-file.jpg");

        assertThat(put.exitCode()).isEqualTo(AffixCli.REFUSED);
        assertThat(put.err()).contains("no-such-file.jpg does not exist");
    }

    @Test
    void rmDeletesAndSaysWhetherThereWasAnything() {
        run("put", "photo.jpg", "--key", "gone");

        assertThat(run("rm", "gone").json()).containsEntry("deleted", true);
        assertThat(run("rm", "gone").json()).containsEntry("deleted", false);
        assertThat(run("get", "gone").exitCode()).isEqualTo(AffixCli.NOT_FOUND);
    }

    @Test
    void urlIsSignedAndPointsAtTheDiskEndpoint() {
        run("put", "photo.jpg", "--key", "shared");

        Result url = run("url", "shared", "--expires-in", "60", "--disposition", "attachment", "--filename", "a b.jpg");

        assertThat(url.exitCode()).as(url.err()).isZero();
        assertThat((String) url.json().get("url")).startsWith("http://localhost:8080/affix/disk/").endsWith("/a%20b.jpg");
        assertThat(url.json().get("expires_at")).isNotNull();
    }

    @Test
    void urlNeverShowsATypeThatBrowsersRunInPlace() throws IOException {
        Files.writeString(dir.resolve("page.html"), "<html><script>alert(1)</script></html>");
        run("put", "page.html", "--key", "page");
        DiskTokens tokens = new DiskTokens(new MessageSigner(Files.readString(dir.resolve("data/secret")).strip(), Clock.systemUTC()));

        DiskTokens.DownloadGrant asHtml = grantOf(tokens, run("url", "page", "--content-type", "text/html", "--filename", "page.html"));
        assertThat(asHtml.contentType()).isEqualTo("application/octet-stream");
        assertThat(asHtml.disposition()).isEqualTo(Disposition.ATTACHMENT);

        DiskTokens.DownloadGrant named = grantOf(tokens, run("url", "page", "--filename", "page.html"));
        assertThat(named.disposition()).isEqualTo(Disposition.ATTACHMENT);

        DiskTokens.DownloadGrant image = grantOf(tokens, run("url", "page", "--content-type", "image/png", "--filename", "p.png"));
        assertThat(image.contentType()).isEqualTo("image/png");
        assertThat(image.disposition()).isEqualTo(Disposition.INLINE);
    }

    private static DiskTokens.DownloadGrant grantOf(DiskTokens tokens, Result url) {
        assertThat(url.exitCode()).as(url.err()).isZero();
        String path = URI.create((String) url.json().get("url")).getRawPath();
        String token = path.substring("/affix/disk/".length(), path.lastIndexOf('/'));
        return tokens.verifyDownload(token).orElseThrow();
    }

    @Test
    void servicesChecksEachServiceAndFailsWhenOneIsBroken() throws IOException {
        Result ok = run("services");
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        assertThat(ok.out()).contains("\"name\":\"local\"").contains("\"ok\":true").contains("\"default\":true");

        Path config = Files.writeString(dir.resolve("affix.yml"), """
                default_service: local
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/good }
                  blocked: { service: Disk, root: %s/blocked }
                """.formatted(dir, dir));
        assertThat(run("--config", config.toString(), "services").exitCode()).isZero();
        // a file where the probe object's shard folder must go: the service starts, but cannot write
        Files.writeString(dir.resolve("blocked/af"), "in the way");

        Result broken = run("--config", config.toString(), "services");

        assertThat(broken.exitCode()).isEqualTo(AffixCli.FAILED);
        assertThat(broken.out()).contains("\"name\":\"blocked\",\"service\":\"Disk\",\"default\":false,\"ok\":false");
        assertThat(broken.out()).contains("\"name\":\"local\",\"service\":\"Disk\",\"default\":true,\"ok\":true");
        assertThat(broken.err()).contains("failed their check");
    }

    @Test
    void badConfigurationNamesTheServiceAndKey() throws IOException {
        Path config = Files.writeString(dir.resolve("bad.yml"), """
                default_service: local
                secret: a-long-enough-secret
                services:
                  local: { service: Disk }
                """);

        Result result = run("--config", config.toString(), "put", "photo.jpg");

        assertThat(result.exitCode()).isEqualTo(AffixCli.USAGE);
        assertThat(result.err()).contains("service 'local' (Disk): missing required key 'root'");
        assertThat(run("--config", "missing.yml", "services").err()).contains("missing.yml does not exist");
        Path unknown = Files.writeString(dir.resolve("unknown.yml"), """
                default_service: local
                secret: a-long-enough-secret
                services:
                  local: { service: Floppy }
                """);
        assertThat(run("--config", unknown.toString(), "services").err()).contains("unknown service type 'Floppy'");
    }

    @Test
    void environmentFromTheFlagOrTheVariableChoosesTheDefaultService() throws IOException {
        Path config = Files.writeString(dir.resolve("envs.yml"), """
                default_service: local
                environments:
                  test: { default_service: scratch }
                secret: a-long-enough-secret
                services:
                  local: { service: Disk, root: %s/local }
                  scratch: { service: Disk, root: %s/scratch }
                """.formatted(dir, dir));

        assertThat(run("--config", config.toString(), "--env", "test", "put", "photo.jpg").json())
                .containsEntry("service_name", "scratch");
        assertThat(run(Map.of("AFFIX_CONFIG", config.toString(), "AFFIX_ENV", "test"), "put", "photo.jpg").json())
                .containsEntry("service_name", "scratch");
        assertThat(run("--config", config.toString(), "put", "photo.jpg").json()).containsEntry("service_name", "local");
    }

    @Test
    void unknownCommandIsAUsageError() {
        assertThat(run("frobnicate").exitCode()).isEqualTo(AffixCli.USAGE);
    }

    private Result run(String... args) {
        return run(Map.of(), args);
    }

    private Result run(Map<String, String> variables, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AffixCli.run(variables, dir, out, err, args);
        return new Result(code, out.toString(StandardCharsets.UTF_8).trim(), out.toByteArray(), err.toString(StandardCharsets.UTF_8));
    }

    private static String md5(byte[] bytes) {
        var algorithm = dev.affix.checksum.ChecksumAlgorithm.MD5;
        return dev.affix.checksum.Checksum.of(algorithm, algorithm.newDigest().digest(bytes)).toString();
    }

    private static long filesUnder(Path root) throws IOException {
        if (!Files.exists(root)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).count();
        }
    }
}
