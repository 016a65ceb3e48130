package dev.affix.pdf;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** What the structure of a PDF told: its page count and its first page's size, each when known. */
record PdfFacts(OptionalInt pageCount, Optional<PageSize> firstPage) {

    boolean empty() {
        return pageCount.isEmpty() && firstPage.isEmpty();
    }

    /** The facts under the keys the blob's metadata uses: {@code page_count}, {@code width}, {@code height}. */
    Map<String, Object> asMetadata() {
        Map<String, Object> metadata = new LinkedHashMap<>();
        pageCount.ifPresent(count -> metadata.put("page_count", count));
        firstPage.ifPresent(size -> {
            metadata.put("width", size.width());
            metadata.put("height", size.height());
        });
        return metadata;
    }
}
