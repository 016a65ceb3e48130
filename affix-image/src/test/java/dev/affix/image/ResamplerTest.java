package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ResamplerTest {

    @Test
    void aPlainColourStaysExactlyThatColourShrunkOrEnlarged() {
        Pixels plain = plain(90, 60, 0xff3366cc, false);

        assertThat(Resampler.resize(plain, 17, 11).argb()).containsOnly(0xff3366cc);
        assertThat(Resampler.resize(plain, 301, 7).argb()).containsOnly(0xff3366cc);
    }

    @Test
    void everyInputPixelCountsWhenShrinking() {
        // one-pixel black and white stripes: dropping pixels would give black or white, a filter gives grey
        int[] stripes = new int[100 * 10];
        for (int p = 0; p < stripes.length; p++) {
            stripes[p] = p % 2 == 0 ? 0xff000000 : 0xffffffff;
        }

        Pixels shrunk = Resampler.resize(new Pixels(stripes, 100, 10, false), 20, 10);

        for (int pixel : shrunk.argb()) {
            assertThat(pixel & 0xff).isBetween(100, 155);
        }
    }

    @Test
    void transparentPixelsLendNoColourToTheirNeighbours() {
        // transparent black on the left, opaque red on the right: no dark fringe where they meet
        int[] argb = new int[40 * 4];
        for (int p = 0; p < argb.length; p++) {
            argb[p] = p % 40 < 20 ? 0x00000000 : 0xffff0000;
        }

        Pixels shrunk = Resampler.resize(new Pixels(argb, 40, 4, true), 9, 2);

        assertThat(shrunk.alpha()).isTrue();
        for (int pixel : shrunk.argb()) {
            if (pixel >>> 24 > 0) {
                assertThat(pixel & 0xffffff).as("%08x", pixel).isEqualTo(0xff0000);
            }
        }
        assertThat(shrunk.argb()[0] >>> 24).isZero();
        assertThat(shrunk.argb()[8] >>> 24).isEqualTo(255);
    }

    @Test
    void theSameSizeIsTheSamePixels() {
        Pixels plain = plain(5, 4, 0xff102030, false);

        assertThat(Resampler.resize(plain, 5, 4)).isSameAs(plain);
    }

    private static Pixels plain(int width, int height, int argb, boolean alpha) {
        int[] pixels = new int[width * height];
        Arrays.fill(pixels, argb);
        return new Pixels(pixels, width, height, alpha);
    }
}
