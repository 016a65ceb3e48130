package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.geom.AffineTransform;
import java.awt.image.AffineTransformOp;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BlurhashAnalyzerTest {

    private final BlurhashAnalyzer analyzer = new BlurhashAnalyzer(ImageSettings.DEFAULTS);

    @TempDir
    Path folder;

    @Test
    void hashesTheImageWithFourComponentsAlongTheLongerSideAndThreeAlongTheShorterOfAFourByThreePhoto() throws Exception {
        BufferedImage photo = Fixtures.gradient(400, 300);
        Path file = Fixtures.write(folder, "photo.png", Fixtures.encode(photo, "png"));

        Map<String, Object> facts = analyzer.analyze(Fixtures.input("image/png", file)).facts();

        assertThat(facts).containsOnlyKeys("blurhash");
        // decoded keeping one pixel in 400 / 64 = 6 along each axis, as ImageIO's subsampling picks them
        Pixels subsampled = Pixels.of(subsample(photo, 6));
        assertThat(facts.get("blurhash")).isEqualTo(Blurhash.encode(subsampled.argb(), subsampled.width(), subsampled.height(), 4, 3));
    }

    @Test
    void choosesComponentsInProportionToTheDisplayedSides() {
        assertThat(sizeFlag(BlurhashAnalyzer.encode(Pixels.of(Fixtures.gradient(64, 16))))).isEqualTo(3); // 4x1
        assertThat(sizeFlag(BlurhashAnalyzer.encode(Pixels.of(Fixtures.gradient(16, 64))))).isEqualTo(27); // 1x4
        assertThat(sizeFlag(BlurhashAnalyzer.encode(Pixels.of(Fixtures.gradient(48, 64))))).isEqualTo(2 + 3 * 9); // 3x4
        assertThat(sizeFlag(BlurhashAnalyzer.encode(Pixels.of(Fixtures.gradient(50, 50))))).isEqualTo(3 + 3 * 9); // 4x4
    }

    @Test
    void hashesTheImageAsDisplayedWhenItsExifOrientationTurnsIt() throws Exception {
        BufferedImage stored = Fixtures.gradient(40, 30);
        Path turned = Fixtures.write(folder, "turned.png", Fixtures.pngWithOrientation(Fixtures.encode(stored, "png"), 6));
        Path upright = Fixtures.write(folder, "upright.png", Fixtures.encode(rotateClockwise(stored), "png"));

        Object turnedHash = analyzer.analyze(Fixtures.input("image/png", turned)).facts().get("blurhash");
        Object uprightHash = analyzer.analyze(Fixtures.input("image/png", upright)).facts().get("blurhash");

        assertThat(turnedHash).isNotNull().isEqualTo(uprightHash);
        Object storedHash = analyzer.analyze(Fixtures.input("image/png", Fixtures.write(folder, "s.png", Fixtures.encode(stored, "png"))))
                .facts().get("blurhash");
        assertThat(turnedHash).isNotEqualTo(storedHash);
    }

    @Test
    void decodesALargeJpegSubsampledToAboutSixtyFourPixels() throws Exception {
        Path file = Fixtures.write(folder, "large.jpg", Fixtures.encode(Fixtures.gradient(4000, 3000), "jpg"));
        try (OpenImage image = new ImageReaders().open(file, ImageFormat.JPEG)) {
            Pixels decoded = image.firstFrame(4000 / BlurhashAnalyzer.DECODED_SIZE);
            assertThat(decoded.width()).isEqualTo(65); // ceil(4000 / 62)
            assertThat(decoded.height()).isEqualTo(49); // ceil(3000 / 62)
        }

        assertThat(analyzer.analyze(Fixtures.input("image/jpeg", file)).facts().get("blurhash")).asString().hasSize(28);
    }

    @Test
    void hashesOnlyTheFirstFrameOfAnAnimatedGif() throws Exception {
        // frame 1 is red (colour 0 of the table), the others would be too: a solid red first frame
        Path file = Fixtures.write(folder, "animated.gif", Fixtures.gif(1, 1, 3, 1, 1));

        String hash = (String) analyzer.analyze(Fixtures.input("image/gif", file)).facts().get("blurhash");

        assertThat(hash.substring(2, 6)).isEqualTo(Blurhash.encode(new int[] {0xff0000}, 1, 1, 4, 4).substring(2, 6));
    }

    @Test
    void hashesAWebp() throws Exception {
        Path file = Fixtures.write(folder, "picture.webp", Fixtures.webp(0));

        String hash = (String) analyzer.analyze(Fixtures.input("image/webp", file)).facts().get("blurhash");

        assertThat(hash).isEqualTo(Blurhash.encode(Pixels.of(Fixtures.solid(6, 4, 0x3366cc)).argb(), 6, 4, 4, 3));
    }

    private static int sizeFlag(String hash) {
        return "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz#$%*+,-.:;=?@[]^_{|}~".indexOf(hash.charAt(0));
    }

    private static BufferedImage subsample(BufferedImage image, int step) {
        int width = (image.getWidth() + step - 1) / step;
        int height = (image.getHeight() + step - 1) / step;
        return Fixtures.image(width, height, (x, y) -> image.getRGB(x * step, y * step) & 0xffffff);
    }

    private static BufferedImage rotateClockwise(BufferedImage image) {
        AffineTransform turn = new AffineTransform(0, 1, -1, 0, image.getHeight(), 0);
        BufferedImage turned = new BufferedImage(image.getHeight(), image.getWidth(), BufferedImage.TYPE_INT_RGB);
        return new AffineTransformOp(turn, AffineTransformOp.TYPE_NEAREST_NEIGHBOR).filter(image, turned);
    }
}
