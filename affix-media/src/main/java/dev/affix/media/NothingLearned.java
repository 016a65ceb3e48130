package dev.affix.media;

import dev.affix.analysis.AnalysisResult;
import dev.affix.blob.Blob;
import dev.affix.tool.ToolException;
import dev.affix.tool.ToolTimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a media analyzer returns when its tool could not read a file: nothing, logged once with the
 * blob's id. A file FFmpeg cannot read is an upload's problem, not the application's, so it never
 * becomes an exception; a timeout is worth an operator's look, so it is a warning.
 */
final class NothingLearned {

    private static final Logger LOG = LoggerFactory.getLogger(NothingLearned.class);

    private NothingLearned() {
    }

    static AnalysisResult from(String analyzer, Blob blob, ToolException failure) {
        if (failure instanceof ToolTimeoutException) {
            LOG.warn("The {} analyzer gave up on blob {}: {}", analyzer, blob.id(), failure.getMessage());
        } else {
            LOG.info("The {} analyzer learned nothing from blob {}: {}", analyzer, blob.id(), failure.getMessage());
        }
        return AnalysisResult.nothing();
    }
}
