package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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

    private static String hash(BufferedImage image, int x, int y) {
        RgbPixels pixels = RgbPixels.of(image);
        return Blurhash.encode(pixels.rgb(), pixels.width(), pixels.height(), x, y);
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
