package dev.affix.spring;

import dev.affix.testing.TestDatabase;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import dev.affix.Affix;
import dev.affix.attachment.Attachable;
import dev.affix.attachment.AttachmentDeclaration;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.config.DatabaseSettings;
import dev.affix.job.JobRunner;
import dev.affix.spring.app.Person;
import dev.affix.spring.app.PersonRepository;
import dev.affix.spring.app.Post;
import dev.affix.spring.app.PostRepository;
import dev.affix.spring.app.TestApplication;
import dev.affix.spring.metrics.TimedStorageService;
import dev.affix.storage.ObjectNotFoundException;
import dev.affix.storage.StorageService;
import dev.affix.storage.StorageServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The starter in a Spring Boot application with JPA entities, Spring transactions and Micrometer,
 * configured by the test application.yml. Each subclass runs every case on one database; its
 * context is closed after it, so the three never hold connections at once.
 */
@SpringBootTest(classes = TestApplication.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpringAttachmentsTest {

    /** Longer than the delay with which Affix deletes bytes after a caller's transaction. */
    private static final Duration AFTER_COMMIT_DELETION = Duration.ofSeconds(10);

    @Autowired
    Affix affix;
    @Autowired
    StorageServices services;
    @Autowired
    JobRunner jobs;
    @Autowired
    PostRepository posts;
    @Autowired
    PersonRepository people;
    @Autowired
    TransactionTemplate transaction;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    DataSource dataSource;
    @Autowired
    MeterRegistry meters;

    @AfterAll
    void dropAffixTables() throws SQLException {
        // background jobs stop first: they would meet the tables gone
        affix.jobs().close();
        TestDatabase.dropTables(dataSource, affix.config().database().tablePrefix());
    }

    @Test
    void applicationPropertiesDeclareTheServicesAndAttachments() {
        assertThat(affix.services().all()).extracting(StorageService::name).containsExactly("local", "spare", "both");
        assertThat(affix.services().get("both").type()).isEqualTo("Mirror");
        assertThat(affix.services().defaultService().name()).isEqualTo("local");
        assertThat(affix.declarations().require("Post", "cover", AttachmentDeclaration.Kind.ONE).dependent())
                .isEqualTo(AttachmentDeclaration.Dependent.PURGE);
        assertThat(affix.declarations().require("Post", "files", AttachmentDeclaration.Kind.MANY).dependent())
                .isEqualTo(AttachmentDeclaration.Dependent.PURGE_LATER);
        assertThat(affix.declarations().require("Member", "avatar").dependent()).isEqualTo(AttachmentDeclaration.Dependent.KEEP);
        assertThat(services).isSameAs(affix.services());
        assertThat(jobs).isSameAs(affix.jobs());
    }

    @Test
    void affixKeepsItsTablesInTheApplicationsDataSource() {
        Post post = posts.save(new Post("hello"));
        affix.one(post, "cover").attach(bytes("cover"), "cover.txt");

        assertThat(affix.config().database().url()).as("no database.url configured").isEqualTo(DatabaseSettings.EMBEDDED_URL);
        Integer rows = jdbc.queryForObject("SELECT COUNT(*) FROM " + affix.config().database().tablePrefix()
                + "attachments WHERE record_type = 'Post' AND record_id = ?", Integer.class, post.getId().toString());
        assertThat(rows).isEqualTo(1);
    }

    /**
     * Every connection of the application's pool held by a transaction that then attaches: Affix's
     * own commits (the blob row, the upload's reservation) come from its own pool, so none of them
     * waits for a connection that only the waiting transactions could give back.
     */
    @Test
    void transactionsHoldingEveryApplicationConnectionCanStillAttach() throws Exception {
        int connections = dataSource.unwrap(HikariDataSource.class).getMaximumPoolSize();
        CyclicBarrier allHolding = new CyclicBarrier(connections);
        ExecutorService threads = Executors.newFixedThreadPool(connections);
        try {
            List<CompletableFuture<Blob>> attaches = new ArrayList<>();
            for (int i = 0; i < connections; i++) {
                Post post = posts.save(new Post("busy " + i));
                attaches.add(CompletableFuture.supplyAsync(() -> transaction.execute(status -> {
                    jdbc.queryForObject("SELECT COUNT(*) FROM " + affix.config().database().tablePrefix() + "blobs", Integer.class);
                    try {
                        allHolding.await(30, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                    return affix.one(post, "cover").attach(bytes("held"), "held.txt").blob();
                }), threads));
            }
            for (CompletableFuture<Blob> attach : attaches) {
                assertThat(attach.get(60, TimeUnit.SECONDS).byteSize()).isEqualTo(4);
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void attachingInATransactionThatRollsBackLeavesNoAttachment() {
        Post post = posts.save(new Post("draft"));
        AtomicReference<Blob> uploaded = new AtomicReference<>();

        assertThatThrownBy(() -> transaction.executeWithoutResult(status -> {
            uploaded.set(affix.one(post, "cover").attach(bytes("rolled back"), "r.txt").blob());
            throw new IllegalStateException("the form had errors");
        })).hasMessage("the form had errors");

        assertThat(affix.one(post, "cover").attached()).isFalse();
        Blob blob = uploaded.get();
        assertThat(affix.blobs().unattached(Instant.now().plusSeconds(1), 1000)).extracting(Blob::id).contains(blob.id());
        assertThat(affix.services().get("local").exists(blob.key())).as("at most an unattached blob stays").isTrue();
    }

    @Test
    void attachingInATransactionIsSeenByOthersOnlyAfterTheCommit() {
        Post post = posts.save(new Post("published"));

        transaction.executeWithoutResult(status -> {
            affix.one(post, "cover").attach(bytes("committed"), "c.txt");
            assertThat(affix.one(post, "cover").attached()).as("inside the transaction").isTrue();
            assertThat(CompletableFuture.supplyAsync(() -> affix.one(post, "cover").attached()).join())
                    .as("from another thread, before the commit").isFalse();
        });

        assertThat(affix.one(post, "cover").blob()).get().extracting(Blob::filename).isEqualTo("c.txt");
    }

    @Test
    void deletingAnEntityPurgesItsFilesOnceTheDeletionIsCommitted() {
        Post post = posts.save(new Post("doomed"));
        Blob cover = affix.one(post, "cover").attach(bytes("cover"), "cover.txt").blob();
        StorageService local = affix.services().get("local");

        transaction.executeWithoutResult(status -> {
            posts.delete(post);
            posts.flush();
            assertThat(local.exists(cover.key())).as("bytes stay until the commit").isTrue();
        });

        assertThat(affix.one(RecordRef.of("Post", post.getId()), "cover").attached()).isFalse();
        assertThat(affix.blobs().find(cover.id())).isEmpty();
        await().atMost(AFTER_COMMIT_DELETION).until(() -> !local.exists(cover.key()));
        assertThat(pendingDeletionKeys()).as("done, so no longer recorded").doesNotContain(cover.key());
    }

    @Test
    void aDeletionThatRollsBackKeepsTheEntityItsAttachmentAndItsBytes() {
        Post post = posts.save(new Post("kept"));
        Blob cover = affix.one(post, "cover").attach(bytes("cover"), "cover.txt").blob();
        StorageService local = affix.services().get("local");

        transaction.executeWithoutResult(status -> {
            posts.delete(post);
            posts.flush();
            status.setRollbackOnly();
        });

        assertThat(posts.findById(post.getId())).isPresent();
        assertThat(affix.one(post, "cover").blob()).get().extracting(Blob::id).isEqualTo(cover.id());
        assertThat(pendingDeletionKeys()).as("the recorded deletion rolled back with the rows").doesNotContain(cover.key());
        // past the moment a committed deletion would have removed the bytes
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(5)).until(() -> local.exists(cover.key()));
    }

    /** The keys of the objects Affix has recorded for deletion and not deleted yet. */
    private List<Object> pendingDeletionKeys() {
        return jdbc.queryForList("SELECT * FROM " + affix.config().database().tablePrefix() + "pending_deletions").stream()
                .map(row -> row.get("key")).toList();
    }

    @Test
    void deletingAnEntityDetachesPurgeLaterFilesInTheSameTransaction() {
        Post post = posts.save(new Post("gallery"));
        Blob photo = affix.many(post, "files").attach(Attachable.bytes(bytes("photo"), "photo.txt")).get(0).blob();

        transaction.executeWithoutResult(status -> {
            posts.delete(post);
            posts.flush();
            assertThat(CompletableFuture.supplyAsync(() -> affix.many(RecordRef.of("Post", post.getId()), "files").attached()).join())
                    .as("others still see the attachment before the commit").isTrue();
        });

        assertThat(affix.many(RecordRef.of("Post", post.getId()), "files").attached()).isFalse();
        // the blob row goes with the deletion; its bytes, by a job queued once the deletion commits
        await().atMost(Duration.ofSeconds(15))
                .until(() -> affix.blobs().find(photo.id()).isEmpty() && !affix.services().get(photo.serviceName()).exists(photo.key()));
    }

    @Test
    void deletingAnEntityWhoseFilesAreKeptLeavesThem() {
        Person person = people.save(new Person("Ada"));
        Blob avatar = affix.one(person, "avatar").attach(bytes("portrait"), "ada.txt").blob();

        transaction.executeWithoutResult(status -> people.delete(person));

        assertThat(people.findById(person.getId())).isEmpty();
        assertThat(affix.one(RecordRef.of("Member", person.getId()), "avatar").blob()).get().extracting(Blob::id).isEqualTo(avatar.id());
        assertThat(affix.services().get("spare").exists(avatar.key())).isTrue();
    }

    @Test
    void entitiesAreRecordsNamedByTheirEntityNameWithTheirId() {
        Post post = posts.save(new Post("named"));
        Person person = people.save(new Person("Grace"));

        assertThat(affix.one(post, "cover").attach(bytes("p"), "p.txt").record()).isEqualTo(RecordRef.of("Post", post.getId()));
        assertThat(affix.one(person, "avatar").attach(bytes("g"), "g.txt").record())
                .isEqualTo(new RecordRef("Member", person.getId().toString()));
        Boolean throughProxy = transaction.execute(status -> affix.one(posts.getReferenceById(post.getId()), "cover").attached());
        assertThat(throughProxy).as("a lazy reference is identified as its entity").isTrue();
        assertThatThrownBy(() -> affix.one(new Post("unsaved"), "cover")).hasMessageContaining("Post entity has no id yet");
    }

    @Test
    void storageOperationsAreTimed() {
        Post post = posts.save(new Post("timed"));
        double before = count("upload", "success");

        affix.one(post, "cover").attach(bytes("timed"), "t.txt");

        assertThat(affix.services().get("local")).isInstanceOf(TimedStorageService.class);
        assertThat(count("upload", "success")).isEqualTo(before + 1);
        double misses = count("download", "ObjectNotFoundException");
        assertThatThrownBy(() -> affix.services().get("local").download("no/such/key")).isInstanceOf(ObjectNotFoundException.class);
        assertThat(count("download", "ObjectNotFoundException")).isEqualTo(misses + 1);
    }

    private double count(String operation, String outcome) {
        Timer timer = meters.find(TimedStorageService.METER)
                .tags("service", "local", "operation", operation, "outcome", outcome).timer();
        return timer == null ? 0 : timer.count();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
