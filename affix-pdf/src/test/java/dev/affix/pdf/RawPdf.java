package dev.affix.pdf;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Writes a PDF byte by byte, for the malformed files that PDFBox refuses to produce (a looping page
 * tree, a lying /Count): numbered objects, then a correct cross-reference table and trailer.
 */
final class RawPdf {

    private final SortedMap<Integer, byte[]> objects = new TreeMap<>();

    RawPdf object(int number, String body) {
        return object(number, body.getBytes(StandardCharsets.ISO_8859_1));
    }

    RawPdf object(int number, byte[] body) {
        objects.put(number, body);
        return this;
    }

    /** The objects, an xref table pointing at them and a trailer whose /Root is object 1. */
    Path write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            out.write(bytes());
        }
        return file;
    }

    byte[] bytes() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ascii(out, "%PDF-1.7\n%\u00e2\u00e3\u00cf\u00d3\n");
        int size = objects.lastKey() + 1;
        long[] offsets = new long[size];
        List<Integer> missing = new ArrayList<>();
        for (int number = 1; number < size; number++) {
            byte[] body = objects.get(number);
            if (body == null) {
                missing.add(number);
                continue;
            }
            offsets[number] = out.size();
            ascii(out, number + " 0 obj\n");
            out.write(body);
            ascii(out, "\nendobj\n");
        }
        long xref = out.size();
        ascii(out, "xref\n0 " + size + "\n0000000000 65535 f \n");
        for (int number = 1; number < size; number++) {
            ascii(out, missing.contains(number) ? "0000000000 00000 f \n" : String.format("%010d 00000 n \n", offsets[number]));
        }
        ascii(out, "trailer\n<< /Size " + size + " /Root 1 0 R >>\nstartxref\n" + xref + "\n%%EOF\n");
        return out.toByteArray();
    }

    private static void ascii(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }
}
