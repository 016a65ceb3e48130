package dev.affix.vips;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class VipsLoadingTest {

    @Test
    void aMissingLibrarySaysHowToInstallIt() {
        assertThatThrownBy(() -> Vips.open(List.of("libaffix-no-such-vips.so.42", "libaffix-no-such-vips.so")))
                .isInstanceOf(VipsUnavailableException.class)
                .hasMessage("libvips (libaffix-no-such-vips.so.42 or libaffix-no-such-vips.so) is not installed: install libvips 8.13 or "
                        + "later (Debian and Ubuntu: apt-get install libvips42)");
    }

    @Test
    void aLibraryWithoutTheFunctionsNeededIsRefusedNamingTheFirstMissing() {
        // zlib loads, as an older or a different library would, but has none of libvips' functions
        assertThatThrownBy(() -> Vips.open(List.of("libz.so.1")))
                .isInstanceOf(VipsUnavailableException.class)
                .hasMessageStartingWith("vips_error_buffer_copy is missing from libz.so.1: libvips 8.13 or later is needed");
    }
}
