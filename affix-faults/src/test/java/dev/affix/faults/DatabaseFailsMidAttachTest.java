package dev.affix.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.Affix;
import dev.affix.attachment.HasOne;
import dev.affix.attachment.RecordRef;
import dev.affix.blob.Blob;
import dev.affix.db.DatabaseException;
import dev.affix.job.InlineJobRunner;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * PostgreSQL ends the attaching connection ({@code pg_terminate_backend}) at a chosen statement of
 * an attach, a replace or a purge. In every case: a clear exception, the slot as it was, and after a
 * cleanup no row without bytes and no bytes without a row.
 */
class DatabaseFailsMidAttachTest extends FaultTestOnPostgreSql {

    /** Where the connection dies, and during what. */
    enum FaultPoint {
        /** the new blob's row, right after its bytes were stored */
        BLOB_ROW("INSERT INTO %sblobs", 1, false),
        /** the attachment row of a replace (pointed at the new blob in place), with the old blob's deletion in the same transaction */
        ATTACHMENT_ROW("UPDATE %sattachments", 1, false),
        /** the recorded deletion of the replaced bytes (the first such insert is the new upload's reservation) */
        RECORDED_DELETION("INSERT INTO %spending_deletions", 2, false),
        /** the deletion of the attachment row of a purge */
        PURGE("DELETE FROM %sattachments", 1, true);

        final String sql;
        final int occurrence;
        final boolean purging;

        FaultPoint(String sql, int occurrence, boolean purging) {
            this.sql = sql;
            this.occurrence = occurrence;
            this.purging = purging;
        }
    }

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void theConnectionEndingMidChangeLeavesTheSlotAsItWasAndNothingBehind(FaultPoint fault) throws Exception {
        Path root = dir.resolve("storage");
        TerminatingDataSource dataSource = new TerminatingDataSource(pool);
        try (Affix affix = Affix.builder(PostgreSql.config(prefix)
                        .service("local", "Disk", Map.of("root", root.toString(), "sync", true)).build())
                .dataSource(dataSource).jobRunner(new InlineJobRunner()).build()) {
            HasOne doc = affix.one(RecordRef.of("Doc", 1), "file");
            Blob before = fault == FaultPoint.BLOB_ROW ? null : doc.attach(bytes("before"), "before.txt").blob();

            dataSource.terminateAt(fault.sql.formatted(prefix), fault.occurrence);
            assertThatThrownBy(() -> {
                if (fault.purging) {
                    doc.purge();
                } else {
                    doc.attach(new Content(7, 3 * 1024 * 1024), "new.bin");
                }
            }).isInstanceOfSatisfying(DatabaseException.class, e -> assertThat(e.sqlState()).as(e.getMessage()).isIn("57P01", "08006"));
            assertThat(dataSource.terminated()).as("the connection was terminated at " + fault.sql).isTrue();

            if (before == null) {
                assertThat(doc.attached()).isFalse();
            } else {
                assertThat(doc.blob()).get().extracting(Blob::id).isEqualTo(before.id());
                try (InputStream in = affix.blobs().download(before)) {
                    assertThat(in.readAllBytes()).isEqualTo(bytes("before"));
                }
            }
            AfterFault.cleanup(affix);
            AfterFault.assertConsistent(affix, pool, prefix, AfterFault.diskKeys(root));
            assertThat(AfterFault.temporaryFiles(root)).isEmpty();
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
