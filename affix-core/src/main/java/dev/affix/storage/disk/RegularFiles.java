package dev.affix.storage.disk;

import dev.affix.storage.StorageException;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The regular files below a folder, depth first, read one folder at a time so that a tree of millions
 * of files is walked in constant memory. Unlike {@link Files#walk}, a file or folder that disappears
 * while it is walked (a live service deleting) is skipped rather than ending the walk, and symbolic
 * links are never followed. A folder that cannot be read ends the walk with a {@link StorageException}.
 */
final class RegularFiles implements Iterator<RegularFiles.Found>, AutoCloseable {

    /** A file found, with the size read when it was found. */
    record Found(Path path, long byteSize) {
    }

    private final Deque<Folder> open = new ArrayDeque<>();
    private Found next;

    private RegularFiles(Path start) {
        enter(start);
    }

    /** The regular files below {@code start} (or {@code start} itself if it is one); the caller closes the stream. */
    static Stream<Found> below(Path start) {
        RegularFiles files = new RegularFiles(start);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(files, Spliterator.NONNULL), false)
                .onClose(files::close);
    }

    @Override
    public boolean hasNext() {
        while (next == null && !open.isEmpty()) {
            Folder folder = open.peek();
            if (!folder.entries.hasNext()) {
                open.pop().close();
                continue;
            }
            Path entry;
            try {
                entry = folder.entries.next();
            } catch (DirectoryIteratorException e) {
                throw failure(folder.path, e.getCause());
            }
            enter(entry);
        }
        return next != null;
    }

    @Override
    public Found next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Found found = next;
        next = null;
        return found;
    }

    @Override
    public void close() {
        while (!open.isEmpty()) {
            open.pop().close();
        }
    }

    private void enter(Path path) {
        BasicFileAttributes attributes = attributes(path);
        if (attributes == null) {
            return;
        }
        if (attributes.isRegularFile()) {
            next = new Found(path, attributes.size());
        } else if (attributes.isDirectory()) {
            try {
                DirectoryStream<Path> stream = Files.newDirectoryStream(path);
                open.push(new Folder(path, stream, stream.iterator()));
            } catch (NoSuchFileException | NotDirectoryException vanished) {
                // removed or replaced since its attributes were read
            } catch (IOException e) {
                throw failure(path, e);
            }
        }
    }

    private static StorageException failure(Path path, IOException e) {
        return new StorageException("could not list the files in " + path + ": " + e, e);
    }

    private static BasicFileAttributes attributes(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException vanished) {
            return null;
        } catch (IOException e) {
            throw failure(path, e);
        }
    }

    private record Folder(Path path, DirectoryStream<Path> stream, Iterator<Path> entries) {
        void close() {
            try {
                stream.close();
            } catch (IOException ignored) {
                // a listing that fails to close has nothing left to give
            }
        }
    }
}
