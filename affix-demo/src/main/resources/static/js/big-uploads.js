// Large files go through Uppy and the tus protocol instead of one direct-upload PUT: in 8 MiB chunks
// to Affix's tus endpoint, so a dropped connection costs one chunk, an upload can be paused and
// resumed, and a file chosen again after a page reload resumes where it stopped (tus-js-client keeps
// each upload's URL in localStorage, by the file's name, size and type). Uppy comes from npm, bundled
// into /js/uppy/uppy.js when the demo is built.
//
// A ResumableUpload behaves like affix-uploads.js's DirectUpload: create({ progress }) resolves to the
// blob's JSON with its signed_id once the last chunk is stored, or rejects with a ResumableUploadError
// that tells the HTTP status of the refusal (0 when there was no answer).
import { Tus, Uppy } from "./uppy/uppy.js";

/** Files larger than this are sent resumably. */
export const RESUMABLE_ABOVE = 20 * 1024 * 1024;
const CHUNK_BYTES = 8 * 1024 * 1024;
// after the network drops, tus-js-client asks for the offset again and resumes, for about a minute
const RETRY_DELAYS = [0, 1000, 2000, 3000, 5000, 10000, 10000, 10000, 10000];

let lastId = 1_000_000; // apart from DirectUpload's ids, which count from 1

export class ResumableUploadError extends Error {
  constructor(message, { status = 0, file }) {
    super(message);
    this.name = "ResumableUploadError";
    this.status = status;
    this.file = file;
  }
}

export class ResumableUpload {
  constructor(file, endpoint) {
    this.id = ++lastId;
    this.file = file;
    this.endpoint = endpoint;
    this.paused = false;
    const csrf = document.querySelector("meta[name=csrf-token]")?.content;
    this.uppy = new Uppy({ id: `affix-resumable-${this.id}`, autoProceed: false })
      .use(Tus, {
        endpoint,
        chunkSize: CHUNK_BYTES,
        retryDelays: RETRY_DELAYS,
        removeFingerprintOnSuccess: true,
        headers: csrf ? { "X-CSRF-Token": csrf } : {},
      });
  }

  async create({ progress } = {}) {
    const { file, uppy } = this;
    addPauseButton(this);
    this.fileId = uppy.addFile({ name: file.name, type: file.type, data: file, meta: { filename: file.name, filetype: file.type } });
    uppy.on("upload-progress", (_, state) => {
      if (state.bytesTotal) progress?.(Math.min(99, (state.bytesUploaded / state.bytesTotal) * 100));
    });
    let status = 0;
    uppy.on("upload-error", (_, __, response) => (status = response?.status ?? 0));
    const result = await uppy.upload();
    const done = result?.successful?.[0];
    if (!done) {
      const reason = result?.failed?.[0]?.error ?? "the upload stopped";
      throw new ResumableUploadError(`Could not store "${file.name}": ${reason}`, { status, file });
    }
    // the upload's URL answers the blob it became, with its signed id
    const answer = await fetch(done.uploadURL, { headers: { Accept: "application/json" } });
    if (!answer.ok) throw new ResumableUploadError(`Could not store "${file.name}": status ${answer.status}`, { status: answer.status, file });
    progress?.(100);
    return answer.json();
  }

  /** Pauses the upload after the chunk under way, or resumes it from the server's offset. */
  togglePause() {
    this.paused = !this.paused;
    this.uppy.pauseResume(this.fileId);
    return this.paused;
  }
}

/**
 * Gives the row of each resumable upload on the page a Pause / Resume button. The rows are the
 * new-post form's (post-form.js), one per upload, found by their data-upload-id.
 */
export function addPauseButton(upload) {
  const row = document.querySelector(`[data-upload-id="${upload.id}"]`);
  if (!row || row.querySelector("[data-pause]")) return;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "button upload-pause";
  button.dataset.pause = "";
  button.textContent = "Pause";
  button.addEventListener("click", () => {
    button.textContent = upload.togglePause() ? "Resume" : "Pause";
  });
  row.append(button);
}
