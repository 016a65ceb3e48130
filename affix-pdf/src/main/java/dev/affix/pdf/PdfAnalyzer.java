package dev.affix.pdf;

import dev.affix.analysis.AnalysisInput;
import dev.affix.analysis.AnalysisResult;
import dev.affix.analysis.Analyzer;
import dev.affix.blob.Blob;
import java.io.IOException;
import java.nio.file.Files;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code pdf} analyzer: {@code page_count}, and the first page's {@code width} and {@code height}
 * in points as displayed, read from the PDF's structure with Apache PDFBox within {@link PdfLimits}.
 * A file it cannot read safely (not a PDF, locked by a password, malformed, past a limit) makes it
 * throw a {@link PdfAnalysisException}, which the pipeline logs once with the blob's id.
 */
public final class PdfAnalyzer implements Analyzer {

    private static final Logger LOG = LoggerFactory.getLogger(PdfAnalyzer.class);

    private final PdfLimits limits;
    private final BoundedParse parse;
    private final PdfStructure structure;

    public PdfAnalyzer(PdfLimits limits) {
        AllocationMeter meter = new AllocationMeter();
        if (!meter.supported()) {
            LOG.warn("this JVM does not count the bytes a thread allocates: PDF analysis is bounded by pdf_timeout only, not by pdf_max_memory");
        }
        this.limits = limits;
        this.parse = new BoundedParse("analysis", limits.timeout(), limits.maxAllocated(), meter);
        this.structure = new PdfStructure(limits.maxPageNodes());
    }

    @Override
    public String name() {
        return "pdf";
    }

    @Override
    public boolean accepts(Blob blob) {
        return PdfContentType.isPdf(blob.contentType());
    }

    @Override
    public AnalysisResult analyze(AnalysisInput input) throws IOException {
        long size = Files.size(input.file());
        if (size > limits.maxBytes()) {
            throw new PdfAnalysisException("the PDF is " + size + " bytes, more than analysis.pdf_max_bytes (" + limits.maxBytes() + ")");
        }
        if (!PdfSignature.present(input.file())) {
            throw new PdfAnalysisException("not a PDF: no %PDF- header in its first 1024 bytes");
        }
        PdfFacts facts = parse.run("affix-pdf-blob-" + input.blob().id(), abandonment -> structure.read(input.file(), abandonment));
        if (facts.empty()) {
            throw new PdfAnalysisException("unreadable PDF: neither its page count nor its first page could be read");
        }
        return AnalysisResult.of(facts.asMetadata());
    }
}
