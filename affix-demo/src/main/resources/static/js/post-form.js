// The new-post form: drop zones, and one row per file that follows the upload's events with a
// progress bar, then shows "Uploaded" or why it failed. The uploading itself is affix-uploads.js.
import { start } from "./affix-uploads.js";

const form = document.getElementById("post-form");
const publish = form.querySelector("[data-publish]");
const status = form.querySelector("[data-upload-status]");
const PREVIEWABLE = /^image\/(png|jpeg|gif|webp|avif)$/;

start();

// ---- drop zones: a dropped file goes into the zone's input, which then uploads it ----

for (const zone of form.querySelectorAll("[data-dropzone]")) {
  const input = zone.querySelector("input[type=file]");
  zone.addEventListener("dragover", event => {
    event.preventDefault();
    zone.classList.add("dragging");
  });
  zone.addEventListener("dragleave", () => zone.classList.remove("dragging"));
  zone.addEventListener("drop", event => {
    event.preventDefault();
    zone.classList.remove("dragging");
    const dropped = Array.from(event.dataTransfer.files).slice(0, input.multiple ? undefined : 1);
    if (dropped.length === 0) return;
    const files = new DataTransfer();
    dropped.forEach(file => files.items.add(file));
    input.files = files.files;
    input.dispatchEvent(new Event("change", { bubbles: true }));
  });
}

// ---- one row per upload ----

const rows = new Map(); // upload id -> row

function listFor(input) {
  return form.querySelector(`[data-uploads-for="${input.name}"]`);
}

function humanSize(bytes) {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1024;
    unit++;
  } while (value >= 1024 && unit < units.length - 1);
  return `${Number.isInteger(value) ? value : value.toFixed(1)} ${units[unit]}`;
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function createRow(id, file) {
  const row = element("li", "upload");
  row.dataset.uploadId = id;
  row.dataset.state = "queued";
  const thumb = element("span", "upload-thumb");
  if (PREVIEWABLE.test(file.type)) {
    const image = element("img");
    image.alt = "";
    image.src = URL.createObjectURL(file);
    image.onload = () => URL.revokeObjectURL(image.src);
    thumb.append(image);
  } else {
    thumb.textContent = (file.name.includes(".") ? file.name.split(".").pop() : "file").slice(0, 4);
  }
  const main = element("div", "upload-main");
  const head = element("div", "upload-head");
  head.append(element("span", "upload-name", file.name), element("span", "upload-size", humanSize(file.size)));
  const progress = element("div", "progress");
  progress.setAttribute("role", "progressbar");
  progress.setAttribute("aria-valuemin", "0");
  progress.setAttribute("aria-valuemax", "100");
  progress.setAttribute("aria-label", `Upload of ${file.name}`);
  progress.append(element("div", "progress-bar"));
  main.append(head, progress, element("div", "upload-status", "Checking…"));
  const remove = element("button", "upload-remove", "×");
  remove.type = "button";
  remove.setAttribute("aria-label", `Remove ${file.name}`);
  row.append(thumb, main, remove);
  return row;
}

function setProgress(row, percent) {
  const rounded = Math.round(percent);
  row.querySelector(".progress-bar").style.width = `${percent}%`;
  row.querySelector(".progress").setAttribute("aria-valuenow", String(rounded));
  row.querySelector(".upload-status").textContent = `Uploading… ${rounded}%`;
}

/**
 * A rule the server says the file breaks, in its words, with byte counts as sizes:
 * "'a.png' is 12582912 bytes, more than 10485760" reads "'a.png' is 12 MB, more than 10 MB".
 */
function readable(violation) {
  return violation.message.replace(/(\d+) bytes, (more|less) than (\d+)$/,
    (_, size, comparison, limit) => `${humanSize(Number(size))}, ${comparison} than ${humanSize(Number(limit))}`);
}

/** The reason in words: the rules of the file's attachment as the server names them, else the endpoint's limits, else its message. */
function describe(error, file) {
  const { cause } = error;
  if (cause?.violations?.length) return `Not accepted: ${cause.violations.map(readable).join("; ")}.`;
  if (cause?.status === 413) return `Too large: files may be up to ${form.dataset.maxSize}.`;
  if (cause?.status === 415) return `${file.type || "This type of file"} is not accepted here.`;
  if (cause?.status === 403) return "Refused: reload the page and add the file again.";
  return error.error;
}

form.addEventListener("direct-upload:initialize", event => {
  const { id, file } = event.detail;
  const input = event.target;
  const list = listFor(input);
  if (!input.multiple) {
    // a new cover replaces the old one, even if its upload fails
    list.replaceChildren();
    form.querySelectorAll(`input[type=hidden][name="${input.name}"]`).forEach(old => old.remove());
  }
  const row = createRow(id, file);
  rows.set(id, row);
  list.append(row);
});

form.addEventListener("direct-upload:start", event => {
  rows.get(event.detail.id).dataset.state = "uploading";
});

form.addEventListener("direct-upload:progress", event => {
  setProgress(rows.get(event.detail.id), event.detail.progress);
});

form.addEventListener("direct-upload:error", event => {
  event.preventDefault(); // shown in the row, not in an alert
  const row = rows.get(event.detail.id);
  row.dataset.state = "error";
  row.querySelector(".upload-status").textContent = describe(event.detail, event.detail.file);
  row.querySelector(".upload-status").setAttribute("role", "alert");
});

form.addEventListener("direct-upload:end", event => {
  const row = rows.get(event.detail.id);
  if (row.dataset.state !== "error") {
    row.dataset.state = "done";
    setProgress(row, 100);
    row.querySelector(".upload-status").textContent = "Uploaded";
  }
});

form.addEventListener("direct-uploads:start", () => {
  publish.disabled = true;
  status.textContent = "Uploading…";
});

form.addEventListener("direct-uploads:end", () => {
  publish.disabled = false;
  status.textContent = "";
});

// removing a row takes its signed id out of the form: the file is not attached
form.addEventListener("click", event => {
  const button = event.target.closest(".upload-remove");
  if (!button) return;
  const row = button.closest(".upload");
  form.querySelector(`input[type=hidden][data-direct-upload-id="${row.dataset.uploadId}"]`)?.remove();
  row.remove();
});
