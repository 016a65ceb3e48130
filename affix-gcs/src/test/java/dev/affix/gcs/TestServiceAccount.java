package dev.affix.gcs;

import com.google.auth.oauth2.ServiceAccountCredentials;
import dev.affix.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A service account that exists only in the test: an RSA key pair made in memory, so URLs can be
 * signed offline and their signatures checked against the public half.
 */
final class TestServiceAccount {

    static final String EMAIL = "affix-test@affix-test-project.iam.gserviceaccount.com";
    static final String PROJECT = "affix-test-project";

    private final KeyPair keys;

    private TestServiceAccount(KeyPair keys) {
        this.keys = keys;
    }

    static TestServiceAccount generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return new TestServiceAccount(generator.generateKeyPair());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks RSA", e);
        }
    }

    PublicKey publicKey() {
        return keys.getPublic();
    }

    ServiceAccountCredentials credentials() {
        return ServiceAccountCredentials.newBuilder()
                .setClientEmail(EMAIL)
                .setClientId("100000000000000000001")
                .setPrivateKey(keys.getPrivate())
                .setPrivateKeyId("affix-test-key")
                .setProjectId(PROJECT)
                .build();
    }

    /** Writes the account as the JSON key file that the Cloud console hands out. */
    Path writeKeyFile(Path file) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(keys.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        Map<String, String> key = new LinkedHashMap<>();
        key.put("type", "service_account");
        key.put("project_id", PROJECT);
        key.put("private_key_id", "affix-test-key");
        key.put("private_key", pem);
        key.put("client_email", EMAIL);
        key.put("client_id", "100000000000000000001");
        key.put("token_uri", "https://oauth2.googleapis.com/token");
        return Files.writeString(file, Json.write(key));
    }
}
