package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.image.PixelSteps.Size;
import dev.affix.variant.Transformations;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class PixelStepsTest {

    @Test
    void fitAndCoverKeepTheAspectRatioAndRound() {
        assertThat(PixelSteps.fitted(4000, 3000, 400, 400)).isEqualTo(new Size(400, 300));
        assertThat(PixelSteps.fitted(3000, 4000, 400, 400)).isEqualTo(new Size(300, 400));
        assertThat(PixelSteps.fitted(1000, 333, 100, 100)).isEqualTo(new Size(100, 33));
        assertThat(PixelSteps.fitted(10000, 1, 100, 100)).isEqualTo(new Size(100, 1));
        assertThat(PixelSteps.fitted(50, 40, 100, 100)).isEqualTo(new Size(100, 80));
        assertThat(PixelSteps.limited(50, 40, 100, 100)).isEqualTo(new Size(50, 40));
        assertThat(PixelSteps.limited(4000, 3000, 400, 400)).isEqualTo(new Size(400, 300));
        assertThat(PixelSteps.covering(4000, 3000, 400, 400)).isEqualTo(new Size(533, 400));
        assertThat(PixelSteps.covering(3000, 4000, 400, 400)).isEqualTo(new Size(400, 533));
        assertThat(PixelSteps.covering(200, 100, 50, 50)).isEqualTo(new Size(100, 50));
    }

    @Test
    void aDecodeIsSubsampledOnlyForAFirstResizeToLessThanHalf() {
        assertThat(PixelSteps.subsampling(Transformations.builder().resizeToLimit(400, 400).build().steps(), 4000, 3000)).isEqualTo(5);
        // a fill covers 533x400, so it keeps more
        assertThat(PixelSteps.subsampling(Transformations.builder().resizeToFill(400, 400).build().steps(), 4000, 3000)).isEqualTo(3);
        assertThat(PixelSteps.subsampling(Transformations.builder().resizeToLimit(1500, 1500).build().steps(), 4000, 3000)).isEqualTo(1);
        assertThat(PixelSteps.subsampling(Transformations.builder().resizeToLimit(400, 400).build().steps(), 300, 200)).isEqualTo(1);
        // a turn first is looked through; a crop first needs every pixel; no resize needs every pixel
        assertThat(PixelSteps.subsampling(Transformations.builder().rotate(90).resizeToFit(100, 400).build().steps(), 4000, 3000))
                .isEqualTo(15);
        assertThat(PixelSteps.subsampling(Transformations.builder().crop(0, 0, 4000, 3000).resizeToLimit(400, 400).build().steps(),
                4000, 3000)).isEqualTo(1);
        assertThat(PixelSteps.subsampling(Transformations.builder().rotate(90).build().steps(), 4000, 3000)).isEqualTo(1);
    }

    @Test
    void subsampledPixelsAreSizedAsTheImageTheyStandFor() {
        // 4000x3001 decoded one pixel in 5 is 800x601; resize_to_limit 400 must give what the full image gives
        Pixels subsampled = new Pixels(filled(800 * 601), 800, 601, false);

        Pixels result = PixelSteps.run(Transformations.builder().resizeToLimit(400, 400).build().steps(), subsampled, 4000, 3001);

        assertThat(result.width() + "x" + result.height()).isEqualTo("400x300");
    }

    @Test
    void aTurnBeforeTheResizeSwapsTheSizeTheSubsampledPixelsStandFor() {
        // 4000x3000 decoded one pixel in 15 is 267x200; turned, it stands for 3000x4000
        Pixels subsampled = new Pixels(filled(267 * 200), 267, 200, false);

        Pixels result = PixelSteps.run(Transformations.builder().rotate(270).resizeToFit(100, 400).build().steps(), subsampled, 4000, 3000);

        assertThat(result.width() + "x" + result.height()).isEqualTo("100x133");
    }

    private static int[] filled(int count) {
        int[] pixels = new int[count];
        Arrays.fill(pixels, 0xff808080);
        return pixels;
    }
}
