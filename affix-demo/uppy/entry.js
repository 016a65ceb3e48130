// The parts of Uppy the demo uses, bundled into one ES module (static/js/uppy/uppy.js) when the demo
// is built, so that the page loads nothing from a CDN: the core, tus for resumable uploads through
// Affix, and S3 multipart for parts sent straight to a bucket.
export { default as Uppy } from "@uppy/core";
export { default as Tus } from "@uppy/tus";
export { default as AwsS3 } from "@uppy/aws-s3";
