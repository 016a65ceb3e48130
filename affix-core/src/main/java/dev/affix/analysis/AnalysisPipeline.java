package dev.affix.analysis;

import dev.affix.AffixException;
import dev.affix.blob.Blob;
import dev.affix.blob.BlobMetadata;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ordered analyzers. Every one that accepts a blob reads it, in order, and sees what the earlier
 * ones found; a failing one is logged once, with the blob's id, and the others go on.
 */
public final class AnalysisPipeline {

    private static final Logger LOG = LoggerFactory.getLogger(AnalysisPipeline.class);

    private final List<Analyzer> analyzers;

    public AnalysisPipeline(List<Analyzer> analyzers) {
        this.analyzers = List.copyOf(analyzers);
    }

    /** The analyzers, in the order they run. */
    public List<Analyzer> analyzers() {
        return analyzers;
    }

    /** Whether some analyzer accepts the blob, so that its bytes are worth reading. */
    public boolean anyAccepts(Blob blob) {
        return analyzers.stream().anyMatch(analyzer -> acceptsQuietly(analyzer, blob));
    }

    /** Runs every analyzer that accepts the blob on {@code file}, a verified copy of its bytes. */
    public AnalysisOutcome run(Blob blob, Path file) {
        Map<String, Object> found = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();
        for (Analyzer analyzer : analyzers) {
            try {
                if (analyzer.accepts(blob)) {
                    found.putAll(checked(analyzer, analyzer.analyze(new AnalysisInput(blob, file, found))));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failed.add(failure(analyzer, blob, e));
            } catch (Exception | StackOverflowError | LinkageError e) {
                // a decoder's runaway recursion or a missing optional library is this analyzer failing, not the attach
                failed.add(failure(analyzer, blob, e));
            }
        }
        return new AnalysisOutcome(found, failed);
    }

    private static boolean acceptsQuietly(Analyzer analyzer, Blob blob) {
        try {
            return analyzer.accepts(blob);
        } catch (RuntimeException e) {
            // run() reports it, once, when it asks again
            return true;
        }
    }

    private static String failure(Analyzer analyzer, Blob blob, Throwable e) {
        String message = "analyzer '{}' failed on blob {} ('{}', {}); its facts are left out: {}";
        if (e instanceof InvalidFactsException) {
            // the message says it all; a stack trace would point into the pipeline, not at the analyzer's bug
            LOG.warn(message, analyzer.name(), blob.id(), blob.filename(), blob.contentType(), e.getMessage());
        } else {
            LOG.warn(message, analyzer.name(), blob.id(), blob.filename(), blob.contentType(), e.toString(), e);
        }
        return analyzer.name();
    }

    /** The facts, if they are JSON values under keys an analyzer may write. */
    private static Map<String, Object> checked(Analyzer analyzer, AnalysisResult result) {
        if (result == null) {
            throw new InvalidFactsException("analyzer '" + analyzer.name() + "' returned null instead of a result");
        }
        for (Map.Entry<String, Object> fact : result.facts().entrySet()) {
            if (BlobMetadata.BOOKKEEPING.contains(fact.getKey())) {
                throw new InvalidFactsException("analyzer '" + analyzer.name() + "' wrote '" + fact.getKey()
                        + "', a key that Affix keeps for itself");
            }
            if (!isJson(fact.getValue())) {
                throw new InvalidFactsException("analyzer '" + analyzer.name() + "' gave '" + fact.getKey()
                        + "' a value that is not a JSON value: " + fact.getValue().getClass().getName());
            }
        }
        return result.facts();
    }

    private static boolean isJson(Object value) {
        if (value == null || value instanceof String || value instanceof Boolean || value instanceof Integer || value instanceof Long
                || value instanceof Short || value instanceof BigInteger || value instanceof BigDecimal) {
            return true;
        }
        if (value instanceof Double || value instanceof Float) {
            return Double.isFinite(((Number) value).doubleValue());
        }
        if (value instanceof List<?> list) {
            return list.stream().allMatch(AnalysisPipeline::isJson);
        }
        if (value instanceof Map<?, ?> map) {
            return map.keySet().stream().allMatch(String.class::isInstance) && map.values().stream().allMatch(AnalysisPipeline::isJson);
        }
        return false;
    }

    /** An analyzer's result that cannot be stored. */
    static final class InvalidFactsException extends AffixException {
        InvalidFactsException(String message) {
            super(message);
        }
    }
}
