package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OrientationTest {

    // stored, 3 wide and 2 high:   1 2 3
    //                              4 5 6
    private static final Pixels STORED = new Pixels(new int[] {1, 2, 3, 4, 5, 6}, 3, 2, false);

    @Test
    void turnsAndMirrorsThePixelsAsEachExifValueSays() {
        assertShown(1, 3, 2, 1, 2, 3, 4, 5, 6);
        assertShown(2, 3, 2, 3, 2, 1, 6, 5, 4);
        assertShown(3, 3, 2, 6, 5, 4, 3, 2, 1);
        assertShown(4, 3, 2, 4, 5, 6, 1, 2, 3);
        assertShown(5, 2, 3, 1, 4, 2, 5, 3, 6);
        assertShown(6, 2, 3, 4, 1, 5, 2, 6, 3);
        assertShown(7, 2, 3, 6, 3, 5, 2, 4, 1);
        assertShown(8, 2, 3, 3, 6, 2, 5, 1, 4);
    }

    @Test
    void valuesFiveToEightSwapTheDimensionsAndUnknownValuesShowThePixelsAsStored() {
        for (int value = 1; value <= 8; value++) {
            assertThat(Orientation.ofExif(value).swapsDimensions()).isEqualTo(value >= 5);
        }
        assertThat(Orientation.ofExif(0)).isEqualTo(Orientation.NORMAL);
        assertThat(Orientation.ofExif(9)).isEqualTo(Orientation.NORMAL);
    }

    private static void assertShown(int exif, int width, int height, int... rgb) {
        Pixels shown = Orientation.ofExif(exif).apply(STORED);
        assertThat(shown.width()).as("width for %d", exif).isEqualTo(width);
        assertThat(shown.height()).as("height for %d", exif).isEqualTo(height);
        assertThat(shown.argb()).as("pixels for %d", exif).containsExactly(rgb);
    }
}
