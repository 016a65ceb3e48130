// Uploads one file with the reference tus client (tus-js-client), for Affix's tests.
// Usage: node upload.mjs ENDPOINT FILE CHUNK_SIZE METADATA_JSON [UPLOAD_URL]
// With UPLOAD_URL it resumes that upload (asking the server for its offset) instead of creating one.
// It prints one JSON object per line: {"event":"url"}, {"event":"progress"}, {"event":"success"} or {"event":"error"}.
import fs from 'node:fs';
import * as tus from 'tus-js-client';

const [endpoint, file, chunkSize, metadata, uploadUrl] = process.argv.slice(2);

function print(event) {
  process.stdout.write(JSON.stringify(event) + '\n');
}

let signedId = null;
let sentByThisProcess = 0;
let lastOffset = null;
const upload = new tus.Upload(fs.createReadStream(file), {
  endpoint,
  uploadUrl: uploadUrl || null,
  chunkSize: Number(chunkSize),
  metadata: JSON.parse(metadata),
  retryDelays: [0, 500, 1000],
  removeFingerprintOnSuccess: true,
  onUploadUrlAvailable() {
    print({ event: 'url', url: upload.url });
  },
  onProgress(sent, total) {
    print({ event: 'progress', sent, total });
  },
  onBeforeRequest(req) {
    if (req.getMethod() === 'PATCH' && lastOffset === null) {
      lastOffset = Number(req.getHeader('Upload-Offset'));
      print({ event: 'resumed_at', offset: lastOffset });
    }
  },
  onAfterResponse(req, res) {
    if (req.getMethod() === 'PATCH') {
      sentByThisProcess += Number(res.getHeader('Upload-Offset')) - lastOffset;
      lastOffset = Number(res.getHeader('Upload-Offset'));
    }
    signedId = res.getHeader('Affix-Signed-Id') || signedId;
  },
  onSuccess() {
    print({ event: 'success', url: upload.url, signed_id: signedId, accepted_from_this_process: sentByThisProcess });
  },
  onError(error) {
    print({ event: 'error', message: String(error), status: error.originalResponse ? error.originalResponse.getStatus() : null });
    process.exitCode = 1;
  },
});
upload.start();
