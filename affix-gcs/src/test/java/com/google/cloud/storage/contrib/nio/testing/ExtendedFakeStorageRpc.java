package com.google.cloud.storage.contrib.nio.testing;

import com.google.api.client.googleapis.json.GoogleJsonError;
import com.google.api.client.http.HttpTransport;
import com.google.api.client.http.LowLevelHttpRequest;
import com.google.api.client.http.LowLevelHttpResponse;
import com.google.api.client.json.gson.GsonFactory;
import com.google.api.client.testing.http.MockHttpTransport;
import com.google.api.client.testing.http.MockLowLevelHttpRequest;
import com.google.api.client.testing.http.MockLowLevelHttpResponse;
import com.google.api.client.util.Data;
import com.google.api.client.util.DateTime;
import com.google.api.services.storage.model.StorageObject;
import com.google.cloud.Tuple;
import com.google.cloud.storage.StorageException;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.spi.v1.RpcBatch;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * LocalStorageHelper's in-memory fake (google-cloud-nio's FakeStorageRpc), completed with what Affix's
 * GCS service needs and the fake leaves out or gets wrong. It lives in the fake's package only
 * because FakeStorageRpc is package-private. Each addition follows GCS's documented behaviour:
 * <ul>
 *   <li>An object becomes visible when its resumable upload is finalized, not when the session
 *       starts: until then {@code get} and {@code list} show the previous object, or none (the fake
 *       registers the object when the session opens).</li>
 *   <li>{@code compose}: concatenates up to 32 generation-pinned sources, refusing more with 400 and
 *       a missing source with 404 (the fake returns null and does nothing).</li>
 *   <li>{@code patch}: merges content type, disposition, cache control and custom metadata, where a
 *       null custom value removes the key; 404 for a missing object (the fake returns null).</li>
 *   <li>batch requests of gets and deletes, answering 404 per missing object (the fake has none).</li>
 *   <li>Object names in URLs are percent-encoded in upload session URLs (the fake uses the raw name,
 *       so its upload handler cut a name at its first {@code ?}), and a {@code +} in a URL path is a
 *       plus (the fake decoded it as a space).</li>
 *   <li>{@code ifGenerationMatch=0} ("only if no object exists"): an upload session carrying it is
 *       refused with 412 when it starts if a finalized object is at the key, and again when it is
 *       finalized if one appeared meanwhile; a compose carrying it is refused with 412 if its target
 *       exists. (The fake checked it only when the session started, counted an unfinalized upload
 *       as an object, answered without 412, and ignored it on compose.)</li>
 * </ul>
 * It records the number of sources of every compose request and shows what unfinalized upload
 * sessions received, so tests can see how a long compose was split and what an abandoned upload
 * sent. Not thread-safe, like the fake.
 */
public final class ExtendedFakeStorageRpc extends FakeStorageRpc {

    private static final int MAX_COMPOSE_SOURCES = 32;
    /** An upload session URL as {@link #open} makes it: bucket and percent-encoded object name. */
    private static final Pattern UPLOAD_URL = Pattern.compile("http://localhost:65555/b/([^/?]+)/o/([^?]*)(?:[?].*)?");

    /** For keys with an unfinalized upload: the finalized object the key showed when the upload began. */
    private final Map<String, StorageObject> visibleDuringUpload = new HashMap<>();
    /** Keys whose unfinalized upload may only create the object ({@code ifGenerationMatch=0}). */
    private final Set<String> createOnlyUploads = new HashSet<>();
    private final List<Integer> composeSourceCounts = new ArrayList<>();
    private final AtomicLong generations = new AtomicLong(System.currentTimeMillis() * 1000);

    public ExtendedFakeStorageRpc() {
        super(false);
    }

    /** Options for a Storage client that talks to this fake. */
    public StorageOptions.Builder storageOptions() {
        return StorageOptions.newBuilder()
                .setProjectId("fake-project-for-testing")
                .setServiceRpcFactory(new LocalStorageHelper.FakeStorageRpcFactory(this));
    }

    public List<Integer> composeSourceCounts() {
        return List.copyOf(composeSourceCounts);
    }

    /** How many bytes an upload session that was not finalized has received for the object so far. */
    public int unfinalizedUploadBytes(String bucket, String name) {
        byte[] received = futureContents.get(key(bucket, name));
        return received == null ? 0 : received.length;
    }

    @Override
    public String open(StorageObject object, Map<Option, ?> options) {
        String key = key(object.getBucket(), object.getName());
        boolean createOnly = requiresNoObject(options);
        if (createOnly && visible(key) != null) {
            throw preconditionFailed();
        }
        StorageObject current = metadata.get(key);
        if (current != null && isFinalized(current)) {
            visibleDuringUpload.put(key, current);
        }
        Map<Option, Object> rest = new HashMap<>(options);
        rest.remove(Option.IF_GENERATION_MATCH);
        super.open(object, rest);
        if (createOnly) {
            createOnlyUploads.add(key);
        } else {
            createOnlyUploads.remove(key);
        }
        return "http://localhost:65555/b/" + object.getBucket() + "/o/"
                + URLEncoder.encode(object.getName(), StandardCharsets.UTF_8).replace("+", "%20");
    }

    /**
     * The fake's own transport, but with a literal {@code +} in a URL path kept a plus, as in any URL
     * path, and with the create-only precondition checked when an upload session is finalized.
     */
    @Override
    public com.google.api.services.storage.Storage getStorage() {
        HttpTransport transport = new MockHttpTransport() {
            @Override
            public LowLevelHttpRequest buildRequest(String method, String url) {
                String literal = plusAsLiteral(url);
                return new FinalizationCheck(create(method, literal), method, literal);
            }
        };
        return new com.google.api.services.storage.Storage.Builder(transport, GsonFactory.getDefaultInstance(), request -> {
        }).setApplicationName("affix-gcs-tests").build();
    }

    /** The fake decodes object names as form data, where {@code +} means a space. */
    private static String plusAsLiteral(String url) {
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        return path.replace("+", "%2B") + (query < 0 ? "" : url.substring(query));
    }

    @Override
    public StorageObject get(StorageObject object, Map<Option, ?> options) {
        return visible(key(object.getBucket(), object.getName()));
    }

    @Override
    public Tuple<String, Iterable<StorageObject>> list(String bucket, Map<Option, ?> options) {
        Tuple<String, Iterable<StorageObject>> listed = super.list(bucket, options);
        List<StorageObject> visible = new ArrayList<>();
        for (StorageObject object : listed.y()) {
            StorageObject shown = visible(key(object.getBucket(), object.getName()));
            if (shown != null) {
                visible.add(shown);
            }
        }
        return Tuple.of(listed.x(), visible);
    }

    @Override
    public boolean delete(StorageObject object, Map<Option, ?> options) {
        String key = key(object.getBucket(), object.getName());
        boolean existed = visible(key) != null;
        visibleDuringUpload.remove(key);
        metadata.remove(key);
        contents.remove(key);
        return existed;
    }

    @Override
    public StorageObject compose(Iterable<StorageObject> sources, StorageObject target, Map<Option, ?> targetOptions) {
        if (requiresNoObject(targetOptions) && visible(key(target.getBucket(), target.getName())) != null) {
            throw preconditionFailed();
        }
        List<byte[]> parts = new ArrayList<>();
        for (StorageObject source : sources) {
            String key = key(target.getBucket(), source.getName());
            StorageObject found = visible(key);
            if (found == null || (source.getGeneration() != null && !source.getGeneration().equals(found.getGeneration()))) {
                throw new StorageException(404, "No such object: " + target.getBucket() + "/" + source.getName());
            }
            parts.add(contents.get(key));
        }
        composeSourceCounts.add(parts.size());
        if (parts.size() > MAX_COMPOSE_SOURCES) {
            throw new StorageException(400, "The number of source components provided (" + parts.size()
                    + ") exceeds the maximum (" + MAX_COMPOSE_SOURCES + ")");
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        parts.forEach(joined::writeBytes);
        String key = key(target.getBucket(), target.getName());
        StorageObject stored = target.clone();
        stored.setGeneration(generations.incrementAndGet());
        stored.setSize(BigInteger.valueOf(joined.size()));
        stored.setComponentCount(parts.size());
        stored.setUpdated(new DateTime(System.currentTimeMillis()));
        visibleDuringUpload.remove(key);
        metadata.put(key, stored);
        contents.put(key, joined.toByteArray());
        return stored.clone();
    }

    @Override
    public StorageObject patch(StorageObject patch, Map<Option, ?> options) {
        String key = key(patch.getBucket(), patch.getName());
        StorageObject current = visible(key);
        if (current == null) {
            throw new StorageException(404, "No such object: " + patch.getBucket() + "/" + patch.getName());
        }
        if (patch.getContentType() != null) {
            current.setContentType(Data.isNull(patch.getContentType()) ? null : patch.getContentType());
        }
        if (patch.getContentDisposition() != null) {
            current.setContentDisposition(Data.isNull(patch.getContentDisposition()) ? null : patch.getContentDisposition());
        }
        if (patch.getCacheControl() != null) {
            current.setCacheControl(Data.isNull(patch.getCacheControl()) ? null : patch.getCacheControl());
        }
        if (patch.getMetadata() != null) {
            Map<String, String> merged = current.getMetadata() == null ? new HashMap<>() : new HashMap<>(current.getMetadata());
            patch.getMetadata().forEach((name, value) -> {
                if (value == null || Data.isNull(value)) {
                    merged.remove(name);
                } else {
                    merged.put(name, value);
                }
            });
            current.setMetadata(merged);
        }
        return current.clone();
    }

    @Override
    public RpcBatch createBatch() {
        return new RpcBatch() {
            private final List<Runnable> queued = new ArrayList<>();

            @Override
            public void addDelete(StorageObject object, Callback<Void> callback, Map<Option, ?> options) {
                queued.add(() -> {
                    if (delete(object, options)) {
                        callback.onSuccess(null);
                    } else {
                        callback.onFailure(notFound());
                    }
                });
            }

            @Override
            public void addPatch(StorageObject object, Callback<StorageObject> callback, Map<Option, ?> options) {
                queued.add(() -> {
                    try {
                        callback.onSuccess(patch(object, options));
                    } catch (StorageException e) {
                        callback.onFailure(notFound());
                    }
                });
            }

            @Override
            public void addGet(StorageObject object, Callback<StorageObject> callback, Map<Option, ?> options) {
                queued.add(() -> {
                    StorageObject found = get(object, options);
                    if (found != null) {
                        callback.onSuccess(found);
                    } else {
                        callback.onFailure(notFound());
                    }
                });
            }

            @Override
            public void submit() {
                queued.forEach(Runnable::run);
                queued.clear();
            }
        };
    }

    /** What GCS shows at the key: the finalized object, or while an upload runs the one it replaces. */
    private StorageObject visible(String key) {
        StorageObject current = metadata.get(key);
        StorageObject shown = current != null && isFinalized(current) ? current : visibleDuringUpload.get(key);
        if (shown == null || !contents.containsKey(key)) {
            return null;
        }
        shown.setSize(BigInteger.valueOf(contents.get(key).length));
        shown.setId(key);
        return shown;
    }

    private static boolean requiresNoObject(Map<Option, ?> options) {
        return Long.valueOf(0).equals(options.get(Option.IF_GENERATION_MATCH));
    }

    /** GCS's answer to a write whose precondition does not hold. */
    private static StorageException preconditionFailed() {
        return new StorageException(412, "At least one of the pre-conditions you specified did not hold.");
    }

    /**
     * A request to the fake's upload handler that, when it is the chunk finalizing a create-only
     * upload, first checks that no other object was finalized at the key since the upload began.
     * LowLevelHttpRequest's setters are final, so the request is built here and handed over whole.
     */
    private final class FinalizationCheck extends MockLowLevelHttpRequest {

        private final MockLowLevelHttpRequest handler;
        private final String method;

        FinalizationCheck(MockLowLevelHttpRequest handler, String method, String url) {
            super(url);
            this.handler = handler;
            this.method = method;
        }

        @Override
        public LowLevelHttpResponse execute() throws IOException {
            Matcher upload = UPLOAD_URL.matcher(getUrl());
            if (method.equals("PUT") && upload.matches() && finalizes()) {
                String key = key(upload.group(1), URLDecoder.decode(upload.group(2), StandardCharsets.UTF_8));
                StorageObject current = metadata.get(key);
                if (createOnlyUploads.remove(key) && current != null && isFinalized(current)) {
                    return new MockLowLevelHttpResponse().setStatusCode(412).setContentType("application/json")
                            .setContent("{\"error\":{\"code\":412,\"message\":\"At least one of the pre-conditions you "
                                    + "specified did not hold.\",\"errors\":[{\"reason\":\"conditionNotMet\"}]}}");
                }
            }
            for (Map.Entry<String, List<String>> header : getHeaders().entrySet()) {
                for (String value : header.getValue()) {
                    handler.addHeader(header.getKey(), value);
                }
            }
            handler.setContentType(getContentType());
            handler.setContentEncoding(getContentEncoding());
            handler.setContentLength(getContentLength());
            handler.setStreamingContent(getStreamingContent());
            return handler.execute();
        }

        /** The last chunk of a resumable upload names the total size in its Content-Range ({@code bytes a-b/total}). */
        private boolean finalizes() {
            String range = getFirstHeaderValue("Content-Range");
            return range != null && !range.endsWith("/*");
        }
    }

    /** The fake's upload handler gives an object its generation when the upload is finalized. */
    private static boolean isFinalized(StorageObject object) {
        return object.getGeneration() != null;
    }

    private static GoogleJsonError notFound() {
        GoogleJsonError error = new GoogleJsonError();
        error.setCode(404);
        error.setMessage("Not Found");
        return error;
    }

    /** The fake's own key format (FakeStorageRpc#fullname is private). */
    private static String key(String bucket, String name) {
        return String.format("http://localhost:65555/b/%s/o/%s", bucket, name);
    }
}
