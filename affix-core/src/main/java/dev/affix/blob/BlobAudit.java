package dev.affix.blob;

import dev.affix.checksum.Checksum;
import dev.affix.checksum.DigestingInputStream;
import dev.affix.io.Streams;
import dev.affix.storage.ObjectNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.function.Consumer;

/** Re-reads every blob's bytes and compares them with its row: what {@code affix verify} runs. */
public final class BlobAudit {

    private static final int PAGE = 500;

    /**
     * A blob whose bytes are missing or differ from its checksum or size; or, not a loss, a direct upload
     * whose bytes never arrived ({@link #NEVER_UPLOADED}).
     */
    public record Problem(Blob blob, String kind, String detail) {
        public static final String MISSING = "missing";
        /** Missing bytes of a blob made for a direct upload, never identified nor attached: the browser never sent them. */
        public static final String NEVER_UPLOADED = "never_uploaded";
        public static final String CHECKSUM_MISMATCH = "checksum_mismatch";
        public static final String SIZE_MISMATCH = "size_mismatch";
        public static final String UNREADABLE = "unreadable";
    }

    /** How many blobs were read, how many had problems, and how many were uploads never finished (not counted as problems). */
    public record Summary(long checked, long problems, long neverUploaded) {
    }

    private final Blobs blobs;

    public BlobAudit(Blobs blobs) {
        this.blobs = blobs;
    }

    /**
     * Streams each blob (of one service, or all when null) through its digest; reports each problem as
     * it is found, and each blob once it is checked (for progress).
     */
    public Summary verify(String serviceName, Consumer<Problem> problems, Consumer<Blob> checkedBlobs) {
        long checked = 0;
        long found = 0;
        long neverUploaded = 0;
        long afterId = 0;
        List<Blob> page;
        do {
            page = blobs.page(serviceName, afterId, PAGE);
            for (Blob blob : page) {
                afterId = blob.id();
                checked++;
                Problem problem = check(blob);
                if (problem != null) {
                    if (problem.kind().equals(Problem.NEVER_UPLOADED)) {
                        neverUploaded++;
                    } else {
                        found++;
                    }
                    problems.accept(problem);
                }
                checkedBlobs.accept(blob);
            }
        } while (page.size() == PAGE);
        return new Summary(checked, found, neverUploaded);
    }

    private Problem check(Blob blob) {
        if (blob.checksum() == null) {
            return new Problem(blob, Problem.UNREADABLE, "the blob has no checksum to compare with");
        }
        try (InputStream in = blobs.download(blob);
             DigestingInputStream digesting = new DigestingInputStream(in, blob.checksum().algorithm())) {
            Streams.copy(digesting, OutputStream.nullOutputStream());
            Checksum actual = digesting.checksum();
            if (digesting.byteCount() != blob.byteSize()) {
                return new Problem(blob, Problem.SIZE_MISMATCH, "stored " + digesting.byteCount() + " bytes, the row says " + blob.byteSize());
            }
            if (!actual.equals(blob.checksum())) {
                return new Problem(blob, Problem.CHECKSUM_MISMATCH, "bytes have checksum " + actual + ", the row says " + blob.checksum());
            }
            return null;
        } catch (ObjectNotFoundException e) {
            if (!blob.identified() && !blobs.isAttached(blob)) {
                return new Problem(blob, Problem.NEVER_UPLOADED, "made for a direct upload whose bytes never arrived; "
                        + "affix cleanup removes it once it is old enough");
            }
            return new Problem(blob, Problem.MISSING, e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Problem(blob, Problem.UNREADABLE, e.toString());
        }
    }
}
