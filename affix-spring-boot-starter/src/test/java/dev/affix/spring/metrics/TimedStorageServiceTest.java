package dev.affix.spring.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.ChecksumAlgorithm;
import dev.affix.config.HttpSettings;
import dev.affix.signing.MessageSigner;
import dev.affix.storage.ByteRange;
import dev.affix.storage.DirectUploadRequest;
import dev.affix.storage.InvalidKeyException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.TempDownload;
import dev.affix.storage.UploadOptions;
import dev.affix.storage.UrlOptions;
import dev.affix.storage.disk.DiskService;
import dev.affix.storage.disk.DiskTokens;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which timer each operation lands in, with which tags, and what is passed through untimed. */
class TimedStorageServiceTest {

    private static final byte[] DATA = "timed bytes".getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path root;
    private SimpleMeterRegistry registry;
    private TimedStorageService service;

    @BeforeEach
    void createService() {
        registry = new SimpleMeterRegistry();
        DiskService disk = new DiskService("photos", root, true, true,
                new DiskTokens(new MessageSigner("timed-service-test-secret", Clock.systemUTC())), HttpSettings.DEFAULT);
        service = new TimedStorageService(disk, registry);
    }

    @Test
    void everyOperationIsTimedUnderItsOwnName() throws IOException {
        Checksum checksum = md5();
        service.upload("a", new ByteArrayInputStream(DATA), UploadOptions.defaults());
        try (InputStream in = service.download("a")) {
            in.readAllBytes();
        }
        try (InputStream in = service.download("a", ByteRange.inclusive(0, 3))) {
            in.readAllBytes();
        }
        service.exists("a");
        service.url("a", UrlOptions.expiringIn(Duration.ofMinutes(1)));
        service.directUpload("b",
                new DirectUploadRequest(DATA.length, checksum, "text/plain", ObjectMetadata.none(), Duration.ofMinutes(1)));
        service.updateMetadata("a", ObjectMetadata.none().withContentType("text/plain"));
        service.compose(List.of("a", "a"), "aa", UploadOptions.defaults());
        service.delete("aa");
        service.deletePrefixed("nothing/");

        for (String operation : List.of("upload", "download", "download_range", "exists", "url", "direct_upload", "update_metadata",
                "compose", "delete", "delete_prefixed")) {
            assertThat(timer(operation, "success")).as(operation).isNotNull().extracting(Timer::count).isEqualTo(1L);
        }
    }

    @Test
    void aFailureIsCountedUnderItsExceptionsName() {
        assertThatThrownBy(() -> service.download("missing")).isInstanceOf(ObjectNotFoundException.class);
        assertThatThrownBy(() -> service.exists("../escape")).isInstanceOf(InvalidKeyException.class);

        assertThat(timer("download", "ObjectNotFoundException").count()).isEqualTo(1);
        assertThat(timer("exists", "InvalidKeyException").count()).isEqualTo(1);
        assertThat(timer("download", "success")).isNull();
    }

    @Test
    void aDownloadIsTimedUntilItsStreamIsReturnedNotWhileItIsRead() throws Exception {
        service.upload("slow", new ByteArrayInputStream(DATA), UploadOptions.defaults());

        try (InputStream in = service.download("slow")) {
            Thread.sleep(300);
            in.readAllBytes();
        }

        assertThat(timer("download", "success").totalTime(TimeUnit.MILLISECONDS)).isLessThan(300);
    }

    @Test
    void whatIsNotAnOperationGoesToTheServiceUntimed() throws IOException {
        service.upload("kept", new ByteArrayInputStream(DATA), UploadOptions.defaults());

        assertThat(service.name()).isEqualTo("photos");
        assertThat(service.type()).isEqualTo("Disk");
        assertThat(service.isPublic()).isTrue();
        assertThat(service.check().ok()).isTrue();
        try (TempDownload download = service.downloadToTempFile("kept", md5())) {
            assertThat(Files.readAllBytes(download.path())).isEqualTo(DATA);
        }
        service.close();

        assertThat(registry.find(TimedStorageService.METER).timers()).extracting(t -> t.getId().getTag("operation"))
                .as("only the upload above").containsExactly("upload");
    }

    private static Checksum md5() {
        try {
            return Checksum.of(ChecksumAlgorithm.MD5, MessageDigest.getInstance("MD5").digest(DATA));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private Timer timer(String operation, String outcome) {
        return registry.find(TimedStorageService.METER).tags("service", "photos", "operation", operation, "outcome", outcome).timer();
    }
}
