package dev.affix.storage.disk;

import dev.affix.checksum.Checksum;
import dev.affix.io.BackgroundChannelWriter;
import dev.affix.storage.IntegrityException;
import dev.affix.storage.ObjectMetadata;
import dev.affix.storage.ResumableChunk;
import dev.affix.storage.ResumableUpload;
import dev.affix.storage.ResumableUploads;
import dev.affix.storage.StorageException;
import dev.affix.storage.UploadedPart;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Resumable uploads into a Disk service: each upload is one file in {@code root/.tmp/resumable},
 * appended to chunk by chunk, and linked to its key like any upload once complete. An append first
 * cuts the file back to the recorded offset, so bytes that a process wrote before it was killed, and
 * never recorded, are written again rather than counted twice. The folder is apart from the
 * partial files that {@link DiskService#deleteAbandonedUploads} sweeps: an upload may rest for hours.
 */
final class DiskResumableUploads implements ResumableUploads {

    /** Gives a complete file its key, never replacing an object already there. */
    @FunctionalInterface
    interface KeyPlacer {
        void place(String key, Path file) throws IOException;
    }

    private static final Pattern FILE_NAME = Pattern.compile("upload-[0-9]+\\.resumable");
    private static final int BUFFER = 1024 * 1024;
    private static final int BUFFERS = 3;

    private final String serviceName;
    private final Path folder;
    private final boolean sync;
    private final DiskAccess access;
    private final KeyPlacer placer;

    DiskResumableUploads(String serviceName, Path folder, boolean sync, DiskAccess access, KeyPlacer placer) {
        this.serviceName = serviceName;
        this.folder = folder;
        this.sync = sync;
        this.access = access;
        this.placer = placer;
    }

    /** Creates the upload's empty file; its name is the state. */
    @Override
    public String begin(String key, long byteSize, ObjectMetadata metadata) {
        try {
            if (!Files.isDirectory(folder)) {
                Files.createDirectories(folder, DiskAccess.FOLDER_ATTRIBUTE);
                access.folder(folder);
            }
            Path file = Files.createTempFile(folder, "upload-", ".resumable", DiskAccess.FILE_ATTRIBUTE);
            access.file(file);
            return file.getFileName().toString();
        } catch (IOException e) {
            throw failure("could not begin a resumable upload to key '" + key + "'", e);
        }
    }

    /**
     * Appends the chunk on a second thread while this one reads (and so digests) the next buffer. When
     * reading fails half-way, what was read is written out and kept before the failure is passed on.
     */
    @Override
    public void append(ResumableUpload upload, ResumableChunk chunk) {
        Path file = fileOf(upload);
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.WRITE); FileLock lock = exclusively(out, upload)) {
            if (out.size() < upload.offset()) {
                throw new IntegrityException("the file of a resumable upload to key '" + upload.key() + "' in service '" + serviceName
                        + "' holds " + out.size() + " bytes, fewer than the " + upload.offset() + " recorded");
            }
            out.truncate(upload.offset());
            out.position(upload.offset());
            IOException readFailure = null;
            try (BackgroundChannelWriter writer = new BackgroundChannelWriter(out, BUFFERS, BUFFER, "affix-disk-resumable-write")) {
                byte[] buffer = writer.buffer();
                int filled = 0;
                try {
                    int n;
                    while ((n = chunk.read(buffer, filled, buffer.length - filled)) >= 0) {
                        filled += n;
                        if (filled == buffer.length) {
                            writer.write(buffer, filled);
                            buffer = writer.buffer();
                            filled = 0;
                        }
                    }
                } catch (IOException e) {
                    // the client went away: every byte it sent is in a buffer, and is written below
                    readFailure = e;
                }
                if (filled > 0) {
                    writer.write(buffer, filled);
                } else {
                    writer.recycle(buffer);
                }
                writer.finish();
            }
            if (sync) {
                out.force(true);
            }
            chunk.kept(upload.state(), null);
            if (readFailure != null) {
                throw failure("reading a chunk for key '" + upload.key() + "' failed after " + (chunk.length() - chunk.remaining())
                        + " bytes, which were kept", readFailure);
            }
        } catch (NoSuchFileException e) {
            throw failure("the file of a resumable upload to key '" + upload.key() + "' is gone", e);
        } catch (IOException e) {
            throw failure("could not append to the resumable upload to key '" + upload.key() + "'", e);
        }
    }

    /**
     * Locks the file for this append. Affix's lease already keeps appends apart; the lock also stops a
     * request whose lease lapsed while it hung from writing over the next one's bytes.
     */
    private FileLock exclusively(FileChannel out, ResumableUpload upload) throws IOException {
        try {
            FileLock lock = out.tryLock();
            if (lock != null) {
                return lock;
            }
        } catch (OverlappingFileLockException e) {
            // held in this process: the same answer
        }
        throw new StorageException("Disk service '" + serviceName + "': another request is still appending to the resumable upload to key '"
                + upload.key() + "'");
    }

    @Override
    public void complete(ResumableUpload upload, List<UploadedPart> parts, ObjectMetadata metadata, Checksum checksum) {
        Path file = fileOf(upload);
        try {
            long size = Files.size(file);
            if (size != upload.byteSize()) {
                throw new IntegrityException("the file of a resumable upload to key '" + upload.key() + "' in service '" + serviceName
                        + "' holds " + size + " bytes, not the " + upload.byteSize() + " declared; nothing was stored");
            }
            if (sync) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                    channel.force(true);
                }
            }
            placer.place(upload.key(), file);
            Files.delete(file);
        } catch (NoSuchFileException e) {
            throw failure("the file of a resumable upload to key '" + upload.key() + "' is gone", e);
        } catch (IOException e) {
            throw failure("could not complete the resumable upload to key '" + upload.key() + "'", e);
        }
    }

    @Override
    public void abort(ResumableUpload upload) {
        try {
            Files.deleteIfExists(fileOf(upload));
        } catch (IOException e) {
            throw failure("could not remove the file of a resumable upload to key '" + upload.key() + "'", e);
        }
    }

    /** The upload's file; a state naming anything else is refused, so that no state can lead out of the folder. */
    private Path fileOf(ResumableUpload upload) {
        if (!FILE_NAME.matcher(upload.state()).matches()) {
            throw new StorageException("Disk service '" + serviceName + "': '" + upload.state() + "' is not the state of a resumable upload");
        }
        return folder.resolve(upload.state());
    }

    private StorageException failure(String what, IOException e) {
        return new StorageException("Disk service '" + serviceName + "': " + what + ": " + e, e);
    }
}
