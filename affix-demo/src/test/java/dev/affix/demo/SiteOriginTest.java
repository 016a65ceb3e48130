package dev.affix.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The demo's origin against what browsers write in {@code Origin}. */
class SiteOriginTest {

    private final SiteOrigin site = SiteOrigin.of(URI.create("http://localhost:8080"));

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "HTTP://LocalHost:8080"})
    void isNamedByItsOwnOriginInAnyCase(String origin) {
        assertThat(site.isNamedBy(origin)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost", "https://localhost:8080", "http://127.0.0.1:8080", "http://localhost:8081",
            "http://localhost.attacker.example:8080", "http://localhost:8080/", "http://user@localhost:8080", "null", "", "localhost:8080",
            "http://localhost:8080?x", "not a url"})
    void isNotNamedByAnyOtherOrByWhatIsNoOrigin(String origin) {
        assertThat(site.isNamedBy(origin)).isFalse();
    }

    @Test
    void isNotNamedByAnAbsentHeader() {
        assertThat(site.isNamedBy(null)).isFalse();
    }

    @Test
    void writesTheDefaultPortAsBrowsersDo() {
        SiteOrigin https = SiteOrigin.of(URI.create("https://demo.example/app/"));
        assertThat(https).hasToString("https://demo.example");
        assertThat(https.isNamedBy("https://demo.example")).isTrue();
        assertThat(https.isNamedBy("https://demo.example:443")).isTrue();
        assertThat(site).hasToString("http://localhost:8080");
    }
}
