package dev.affix.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;

/**
 * Writes a PDF 1.5 file byte by byte: plain objects, an object stream holding the compressed ones, and
 * the cross-reference stream that finds them all; object 1 is the catalog. Either stream can be padded
 * with zero bytes to any size: a decompression bomb, since a megabyte of zeros deflates to a kilobyte.
 */
final class CompressedPdf {

    private final SortedMap<Integer, String> plain = new TreeMap<>();
    private final Map<Integer, String> compressed = new LinkedHashMap<>();
    private long objectStreamPadding;
    private long crossReferencePadding;

    CompressedPdf plain(int number, String body) {
        plain.put(number, body);
        return this;
    }

    CompressedPdf compressed(int number, String body) {
        compressed.put(number, body);
        return this;
    }

    CompressedPdf objectStreamPadding(long bytes) {
        objectStreamPadding = bytes;
        return this;
    }

    /** Zero bytes after the real entries: free entries, as many as the padding has bytes divided by six. */
    CompressedPdf crossReferencePadding(long bytes) {
        crossReferencePadding = bytes;
        return this;
    }

    byte[] bytes() throws IOException {
        int last = Math.max(plain.isEmpty() ? 0 : plain.lastKey(), compressed.keySet().stream().max(Integer::compare).orElse(0));
        int objectStream = compressed.isEmpty() ? -1 : ++last;
        int xrefStream = ++last;
        long[] offsets = new long[xrefStream + 1];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "%PDF-1.7\n");
        for (Map.Entry<Integer, String> object : plain.entrySet()) {
            offsets[object.getKey()] = out.size();
            ascii(out, object.getKey() + " 0 obj\n" + object.getValue() + "\nendobj\n");
        }
        Map<Integer, Integer> indexes = new LinkedHashMap<>();
        if (objectStream > 0) {
            StringBuilder header = new StringBuilder();
            StringBuilder bodies = new StringBuilder();
            for (Map.Entry<Integer, String> object : compressed.entrySet()) {
                header.append(object.getKey()).append(' ').append(bodies.length()).append(' ');
                bodies.append(object.getValue()).append('\n');
                indexes.put(object.getKey(), indexes.size());
            }
            offsets[objectStream] = out.size();
            stream(out, objectStream, "/Type /ObjStm /N " + compressed.size() + " /First " + header.length(),
                    (header.toString() + bodies).getBytes(StandardCharsets.US_ASCII), objectStreamPadding);
        }
        offsets[xrefStream] = out.size();
        ByteArrayOutputStream entries = new ByteArrayOutputStream();
        for (int number = 0; number <= xrefStream; number++) {
            if (indexes.containsKey(number)) {
                entry(entries, 2, objectStream, indexes.get(number));
            } else if (offsets[number] > 0) {
                entry(entries, 1, offsets[number], 0);
            } else {
                entry(entries, 0, 0, number == 0 ? 255 : 0);
            }
        }
        stream(out, xrefStream, "/Type /XRef /Size " + (xrefStream + 1) + " /W [1 4 1] /Root 1 0 R", entries.toByteArray(),
                crossReferencePadding);
        ascii(out, "startxref\n" + offsets[xrefStream] + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void stream(ByteArrayOutputStream out, int number, String entries, byte[] content, long padding) throws IOException {
        byte[] data = deflated(content, padding);
        ascii(out, number + " 0 obj\n<< " + entries + " /Filter /FlateDecode /Length " + data.length + " >>\nstream\n");
        out.write(data);
        ascii(out, "\nendstream\nendobj\n");
    }

    private static void entry(ByteArrayOutputStream out, int type, long field, int last) {
        out.write(type);
        for (int shift = 24; shift >= 0; shift -= 8) {
            out.write((int) (field >>> shift) & 0xff);
        }
        out.write(last);
    }

    private static byte[] deflated(byte[] content, long padding) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        try (DeflaterOutputStream deflater = new DeflaterOutputStream(compressed, new Deflater(Deflater.BEST_COMPRESSION), 1 << 16)) {
            deflater.write(content);
            byte[] zeros = new byte[1 << 20];
            for (long written = 0; written < padding; written += zeros.length) {
                deflater.write(zeros, 0, (int) Math.min(zeros.length, padding - written));
            }
        }
        return compressed.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }
}
