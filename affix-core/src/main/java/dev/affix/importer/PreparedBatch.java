package dev.affix.importer;

import java.util.List;

/**
 * A batch of rows read, judged and looked up in storage, ready for its transaction.
 *
 * @param rows           how many rows the batch read
 * @param problems       the rows left out so far
 * @param alreadyPresent rows whose record already had an attachment, found before looking them up
 * @param ready          rows to write
 * @param notCopied      when copying: the new keys reserved for rows whose copy failed, which hold nothing
 */
record PreparedBatch(ImportPass pass, int rows, List<ImportProblem> problems, int alreadyPresent, List<ImportRow> ready,
        List<BatchSql.ServiceKey> notCopied) {
}
