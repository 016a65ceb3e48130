package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class BlurhashTest {

    // Expected values: Wolt's reference C encoder (woltapp/blurhash, C/encode_stb.c, built with gcc) run
    // on these same pixels written as PNG files by Fixtures.
    @Test
    void matchesTheReferenceEncoder() {
        assertThat(hash(Fixtures.gradient(64, 48), 4, 3)).isEqualTo("L$HVC#2Y$4Sgl|azjsf7gbfjfPfj");
        assertThat(hash(Fixtures.gradient(64, 48), 8, 8)).isEqualTo(
                ":$HVC#2Y$4Sgo0bHa{j[l|azjsf7fPf7fPf7gbfjfPfjfPfjfPfjnSa|jsfQfPfQfPfQfifQfPfQfPfQfPfQoLa|jsfQfPfQfPfQf6fQfPfQfPfQfPfQoea|jsfQfPfPfOfP");
        assertThat(hash(Fixtures.gradient(30, 57), 3, 5)).isEqualTo("c$HetT2swwl|afjsgbfifPnSa{jsf$fPfP");
        assertThat(hash(Fixtures.solid(20, 20, 0x3366cc), 4, 4)).isEqualTo("U95?~Ep3fQp3p3flfQflfQfQfQfQp3flfQfl");
        assertThat(hash(Fixtures.solid(20, 20, 0x3366cc), 1, 1)).isEqualTo("005?~E");
    }

    @Test
    void scalesByTheLargestMagnitudeEvenWhenTheStrongestComponentIsNegative() {
        // io.trbl:blurhash 1.0.0 scales by the largest signed value and gets these wrong
        assertThat(hash(Fixtures.darkThenLight(40, 30), 4, 3)).isEqualTo("L~KUZk00Rj-;ofWBfQj[fQfQfQfQ");
        assertThat(hash(Fixtures.darkThenLight(40, 30), 2, 1)).isEqualTo("1~KUZk00");
    }

    @Test
    void keepsTheAverageColourExactlyInCharactersTwoToSix() {
        String hash = hash(Fixtures.solid(7, 5, 0x3366cc), 4, 3);
        assertThat(decodeBase83(hash.substring(2, 6))).isEqualTo(0x3366cc);
        assertThat(hash).hasSize(6 + 2 * (4 * 3 - 1));
        assertThat(decodeBase83(hash.substring(0, 1))).isEqualTo((4 - 1) + (3 - 1) * 9);
    }

    @Test
    void refusesComponentsOutsideOneToNineAndPixelsThatDoNotMatchTheSize() {
        assertThatThrownBy(() -> Blurhash.encode(new int[4], 2, 2, 0, 3)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blurhash.encode(new int[4], 2, 2, 4, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blurhash.encode(new int[5], 2, 2, 4, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesASolidColourBackToThatColourOnAverage() {
        int[] pixels = Blurhash.decode(hash(Fixtures.solid(20, 20, 0x3366cc), 4, 4), 32, 24);

        // the average colour is kept exactly; the small cosine terms a flat image still gets (the
        // reference's basis does not sum to zero over the pixels) shade the edges a little
        assertThat(average(pixels, 16, 0, 0, 32, 24)).isCloseTo(0x33, within(8.0));
        assertThat(average(pixels, 8, 0, 0, 32, 24)).isCloseTo(0x66, within(8.0));
        assertThat(average(pixels, 0, 0, 0, 32, 24)).isCloseTo(0xcc, within(8.0));
    }

    @Test
    void decodesAPlaceholderThatKeepsTheImagesLayout() {
        // red grows to the right and green downwards in the image: so they do in its placeholder
        int[] pixels = Blurhash.decode(hash(Fixtures.gradient(64, 48), 4, 3), 32, 24);

        assertThat(average(pixels, 16, 16, 0, 32, 24)).as("red, right half").isGreaterThan(average(pixels, 16, 0, 0, 16, 24) + 80);
        assertThat(average(pixels, 8, 0, 12, 32, 24)).as("green, bottom half").isGreaterThan(average(pixels, 8, 0, 0, 32, 12) + 80);
    }

    /** The mean of one channel (by its shift) over the rectangle from (x0, y0) to (x1, y1), exclusive. */
    private static double average(int[] pixels, int shift, int x0, int y0, int x1, int y1) {
        double sum = 0;
        for (int y = y0; y < y1; y++) {
            for (int x = x0; x < x1; x++) {
                sum += (pixels[y * 32 + x] >> shift) & 0xff;
            }
        }
        return sum / ((x1 - x0) * (y1 - y0));
    }

    @Test
    void refusesMalformedHashesAndLargePlaceholders() {
        assertThatThrownBy(() -> Blurhash.decode("L$HVC#2Y", 8, 8)).hasMessageContaining("characters");
        assertThatThrownBy(() -> Blurhash.decode("L$HVC#2Y$4Sgl|azjsf7gbfjf fj", 8, 8)).hasMessageContaining("not a blurhash character");
        assertThatThrownBy(() -> Blurhash.decode(null, 8, 8)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Blurhash.decode("L$HVC#2Y$4Sgl|azjsf7gbfjfPfj", 129, 8)).hasMessageContaining("128");
    }

    private static String hash(BufferedImage image, int x, int y) {
        Pixels pixels = Pixels.of(image);
        return Blurhash.encode(pixels.argb(), pixels.width(), pixels.height(), x, y);
    }

    private static int decodeBase83(String digits) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~";
        int value = 0;
        for (char digit : digits.toCharArray()) {
            value = value * 83 + alphabet.indexOf(digit);
        }
        return value;
    }
}
