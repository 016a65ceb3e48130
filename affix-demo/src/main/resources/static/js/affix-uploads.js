// Affix direct uploads: the browser sends files straight to the storage service, then the form
// submits only their signed ids. One ES module, no build step, no dependencies. It speaks the
// protocol of Rails Active Storage (and dispatches the same events as @rails/activestorage):
//   1. MD5 of the file, read in 2 MB slices, base64;
//   2. POST {prefix}/direct_uploads {"blob": {filename, content_type, byte_size, checksum}}, with the
//      page's <meta name="csrf-token"> as the header X-CSRF-Token, as @rails/activestorage sends it;
//   3. PUT the bytes to the answer's direct_upload.url with exactly its headers;
//   4. a hidden input, named like the file input, holds the blob's signed_id.
// An input with data-direct-upload-attachment (an attachment handle the server rendered into the page)
// sends it in the header Affix-Attachment-Handle of step 2: the upload is then made for that declared
// attachment, in its service, at its keys, within its rules.
//
//   <input type="file" name="files" multiple data-direct-upload-url="/affix/direct_uploads"
//          data-direct-upload-attachment="…">
//   <script type="module">import { start } from "/js/affix-uploads.js"; start();</script>
//
// Files are uploaded when the form is submitted, as Rails does, or as soon as they are chosen when
// the input has the attribute data-direct-upload-on-select; the form then waits for them on submit.

/** The slice the checksum reads at a time, as @rails/activestorage does. */
export const SLICE_BYTES = 2 * 1024 * 1024;

/** The request header of POST direct_uploads that carries an attachment handle. */
export const ATTACHMENT_HANDLE_HEADER = "Affix-Attachment-Handle";

const INPUTS = "input[type=file][data-direct-upload-url]:not([disabled])";
const ON_SELECT = "data-direct-upload-on-select";

// ---- MD5 (RFC 1321): browsers' SubtleCrypto has none, and the protocol's checksum is MD5. ----

const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];
const SINES = Int32Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32));

/** An MD5 digest computed incrementally: update() with byte arrays of any length, then digest(). */
export class Md5 {
  #state = Int32Array.of(0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476);
  #block = new Uint8Array(64);
  #filled = 0;
  #length = 0;
  #words = new Int32Array(16);

  update(bytes) {
    let offset = 0;
    this.#length += bytes.length;
    if (this.#filled > 0) {
      offset = Math.min(64 - this.#filled, bytes.length);
      this.#block.set(bytes.subarray(0, offset), this.#filled);
      this.#filled += offset;
      if (this.#filled < 64) return this;
      this.#compress(this.#block, 0);
      this.#filled = 0;
    }
    for (; offset + 64 <= bytes.length; offset += 64) this.#compress(bytes, offset);
    this.#block.set(bytes.subarray(offset), 0);
    this.#filled = bytes.length - offset;
    return this;
  }

  /** The 16 bytes of the digest; the instance is spent afterwards. */
  digest() {
    const length = this.#length;
    const padding = new Uint8Array((this.#filled < 56 ? 56 : 120) - this.#filled + 8);
    padding[0] = 0x80;
    const view = new DataView(padding.buffer);
    // the length in bits, as 64 bits little-endian; split because bit operators stop at 32 bits
    view.setUint32(padding.length - 8, (length % 0x20000000) * 8, true);
    view.setUint32(padding.length - 4, Math.floor(length / 0x20000000), true);
    this.update(padding);
    const digest = new Uint8Array(16);
    const out = new DataView(digest.buffer);
    this.#state.forEach((word, i) => out.setInt32(i * 4, word, true));
    return digest;
  }

  #compress(bytes, offset) {
    const w = this.#words;
    for (let i = 0; i < 16; i++) {
      const p = offset + i * 4;
      w[i] = bytes[p] | (bytes[p + 1] << 8) | (bytes[p + 2] << 16) | (bytes[p + 3] << 24);
    }
    let [a, b, c, d] = this.#state;
    for (let i = 0; i < 64; i++) {
      let f, g;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
      else { f = c ^ (b | ~d); g = (7 * i) & 15; }
      const sum = (a + f + SINES[i] + w[g]) | 0;
      const s = SHIFTS[((i >> 4) << 2) | (i & 3)];
      a = d; d = c; c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    const state = this.#state;
    state[0] += a; state[1] += b; state[2] += c; state[3] += d;
  }
}

/** The protocol's checksum of a File or Blob: base64 of its MD5, read SLICE_BYTES at a time. */
export async function checksum(file) {
  const md5 = new Md5();
  for (let start = 0; start < file.size; start += SLICE_BYTES) {
    md5.update(new Uint8Array(await file.slice(start, start + SLICE_BYTES).arrayBuffer()));
  }
  return btoa(String.fromCharCode(...md5.digest()));
}

// ---- One upload ----

/**
 * Why an upload failed: status is the HTTP status (0 when the request never got an answer); violations
 * the rules of the attachment's declaration that the file breaks, as the server named them
 * ([{rule, message}], empty when it named none).
 */
export class DirectUploadError extends Error {
  constructor(message, { status = 0, step, file, violations = [] }) {
    super(message);
    this.name = "DirectUploadError";
    this.status = status;
    this.step = step; // "checksum", "blob" or "storage"
    this.file = file;
    this.violations = violations;
  }
}

let lastId = 0;

/**
 * One file's direct upload. create() resolves to the blob's JSON with its signed_id, or rejects with
 * a DirectUploadError. The callbacks see the XMLHttpRequests before they are sent (to add headers)
 * and the progress, 0 to 100. With an attachment handle, the upload is made for its attachment.
 */
export class DirectUpload {
  constructor(file, url, { headers = {}, metadata, attachment } = {}) {
    this.id = ++lastId;
    this.file = file;
    this.url = url;
    this.headers = attachment ? { ...headers, [ATTACHMENT_HANDLE_HEADER]: attachment } : headers;
    this.metadata = metadata;
  }

  async create({ beforeBlobRequest, beforeStorageRequest, progress } = {}) {
    const { file } = this;
    let digest;
    try {
      digest = await checksum(file);
    } catch (error) {
      throw new DirectUploadError(`Could not read "${file.name}": ${error.message}`, { step: "checksum", file });
    }
    const declaration = { filename: file.name, content_type: file.type || "application/octet-stream", byte_size: file.size, checksum: digest };
    if (this.metadata) declaration.metadata = this.metadata;

    const blobRequest = open("POST", this.url, { ...jsonHeaders(), ...this.headers });
    blobRequest.responseType = "json";
    beforeBlobRequest?.(blobRequest);
    await send(blobRequest, JSON.stringify({ blob: declaration }), "blob", file);
    const blob = blobRequest.response;
    if (!blob?.direct_upload?.url) {
      throw new DirectUploadError(`Could not start the upload of "${file.name}": the answer has no direct_upload`, { status: blobRequest.status, step: "blob", file });
    }
    const { url, headers } = blob.direct_upload;
    delete blob.direct_upload;

    const storageRequest = open("PUT", url, headers);
    storageRequest.upload.addEventListener("progress", event => {
      // 100 only once the service has answered: it still checks the bytes after the last one is sent
      if (event.lengthComputable && event.total > 0) progress?.(Math.min(99, (event.loaded / event.total) * 100));
    });
    beforeStorageRequest?.(storageRequest);
    await send(storageRequest, file, "storage", file);
    progress?.(100);
    return blob;
  }
}

function jsonHeaders() {
  const headers = { "Content-Type": "application/json", Accept: "application/json", "X-Requested-With": "XMLHttpRequest" };
  const csrf = document.querySelector("meta[name=csrf-token]")?.content;
  if (csrf) headers["X-CSRF-Token"] = csrf;
  return headers;
}

function open(method, url, headers) {
  const xhr = new XMLHttpRequest();
  xhr.open(method, url, true);
  for (const [name, value] of Object.entries(headers)) xhr.setRequestHeader(name, value);
  return xhr;
}

function send(xhr, body, step, file) {
  return new Promise((resolve, reject) => {
    const fail = () => {
      const answer = serverError(xhr);
      const reason = answer.error ?? (xhr.status ? `status ${xhr.status}` : "no answer from the server");
      const action = step === "blob" ? "Could not start the upload of" : "Could not store";
      reject(new DirectUploadError(`${action} "${file.name}": ${reason}`, { status: xhr.status, step, file, violations: answer.violations }));
    };
    xhr.addEventListener("load", () => (xhr.status >= 200 && xhr.status < 300 ? resolve() : fail()));
    xhr.addEventListener("error", fail);
    xhr.addEventListener("abort", fail);
    xhr.send(body);
  });
}

/**
 * What Affix's endpoints answer a refusal with, when they say: {"error": "..."}, and, for a file that
 * breaks its attachment's rules, "violations": [{rule, message}].
 */
function serverError(xhr) {
  let body = null;
  try {
    body = xhr.responseType === "json" ? xhr.response : JSON.parse(xhr.responseText);
  } catch {
    // not JSON: nothing said
  }
  const violations = Array.isArray(body?.violations)
    ? body.violations.filter(v => typeof v?.rule === "string" && typeof v?.message === "string") : [];
  return { error: typeof body?.error === "string" ? body.error : null, violations };
}

// ---- Forms: events, hidden inputs, submit ----

const pendingByForm = new WeakMap(); // form -> Set of the upload promises under way
const readyForms = new WeakSet(); // forms whose next submit goes through untouched

function dispatch(target, name, detail = {}) {
  const event = new CustomEvent(name, { bubbles: true, cancelable: true, detail });
  target.dispatchEvent(event);
  return event;
}

/** Counts the work under way on a form: direct-uploads:start when it begins, direct-uploads:end when all is done. */
function track(form, work) {
  if (!form) return work;
  let pending = pendingByForm.get(form);
  if (!pending) pendingByForm.set(form, (pending = new Set()));
  if (pending.size === 0) dispatch(form, "direct-uploads:start");
  pending.add(work);
  const done = () => {
    pending.delete(work);
    if (pending.size === 0) dispatch(form, "direct-uploads:end");
  };
  work.then(done, done);
  return work;
}

/**
 * Uploads files for a file input, all at once, dispatching direct-upload:* events on it. Each success
 * adds a hidden input holding the signed id, named like the input, just before it. Resolves to
 * whether all of them succeeded.
 */
export function uploadFiles(input, files) {
  const uploads = Array.from(files, file => uploadOne(input, file));
  return track(input.form, Promise.all(uploads).then(results => results.every(Boolean)));
}

async function uploadOne(input, file) {
  const upload = await uploadFor(input, file);
  const detail = extra => ({ id: upload.id, file, ...extra });
  dispatch(input, "direct-upload:initialize", detail());
  dispatch(input, "direct-upload:start", detail());
  try {
    const blob = await upload.create({
      beforeBlobRequest: xhr => dispatch(input, "direct-upload:before-blob-request", detail({ xhr })),
      beforeStorageRequest: xhr => dispatch(input, "direct-upload:before-storage-request", detail({ xhr })),
      progress: progress => dispatch(input, "direct-upload:progress", detail({ progress })),
    });
    if (!input.multiple) {
      // one file per field: a new one replaces what an earlier upload put there
      input.form?.querySelectorAll(`input[type=hidden][name="${CSS.escape(input.name)}"]`).forEach(old => old.remove());
    }
    const hidden = document.createElement("input");
    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = blob.signed_id;
    hidden.setAttribute("data-direct-upload-id", upload.id);
    input.insertAdjacentElement("beforebegin", hidden);
    dispatch(input, "direct-upload:end", detail({ blob }));
    return true;
  } catch (error) {
    if (!dispatch(input, "direct-upload:error", detail({ error: error.message, cause: error })).defaultPrevented) {
      alert(error.message);
    }
    dispatch(input, "direct-upload:end", detail());
    return false;
  }
}

/**
 * A large file on an input that names a resumable endpoint (data-resumable-upload-url) goes through
 * Uppy and tus (big-uploads.js, loaded only then); anything else is one direct upload.
 */
async function uploadFor(input, file) {
  const resumable = input.getAttribute("data-resumable-upload-url");
  if (resumable) {
    const { ResumableUpload, RESUMABLE_ABOVE } = await import("./big-uploads.js");
    if (file.size > RESUMABLE_ABOVE) return new ResumableUpload(file, resumable);
  }
  return new DirectUpload(file, input.getAttribute("data-direct-upload-url"),
    { attachment: input.getAttribute("data-direct-upload-attachment") ?? undefined });
}

let started = false;

/**
 * Makes every form on the page direct-upload its file inputs that carry data-direct-upload-url:
 * on submit (the form then submits the signed ids instead of the files), or on selection for inputs
 * with data-direct-upload-on-select. Safe to call more than once.
 */
export function start() {
  if (started) return;
  started = true;
  document.addEventListener("change", event => {
    const input = event.target;
    if (input.matches?.(INPUTS) && input.hasAttribute(ON_SELECT) && input.files.length) {
      const files = Array.from(input.files);
      input.value = ""; // the bytes go to storage, never with the form; the input is free for more
      uploadFiles(input, files);
    }
  });
  document.addEventListener("submit", onSubmit, true);
}

function onSubmit(event) {
  const form = event.target;
  if (readyForms.has(form)) {
    readyForms.delete(form);
    return;
  }
  const inputs = Array.from(form.querySelectorAll(INPUTS)).filter(input => input.files.length);
  const pending = Array.from(pendingByForm.get(form) ?? []);
  if (inputs.length === 0 && pending.length === 0) return;

  event.preventDefault();
  const submitter = event.submitter;
  if (submitter) submitter.disabled = true;
  inputs.forEach(input => (input.disabled = true)); // disabled inputs are not submitted: their files go to storage only
  const work = track(form, (async () => {
    if (!(await Promise.all(pending)).every(Boolean)) return false;
    // one file after the other, stopping at the first failure, as @rails/activestorage does
    for (const input of inputs) {
      for (const file of Array.from(input.files)) {
        if (!(await uploadFiles(input, [file]))) return false;
      }
    }
    return true;
  })());
  work.then(succeeded => {
    if (submitter) submitter.disabled = false;
    if (succeeded) {
      readyForms.add(form);
      form.requestSubmit(submitter);
    } else {
      inputs.forEach(input => (input.disabled = false));
    }
  });
}
