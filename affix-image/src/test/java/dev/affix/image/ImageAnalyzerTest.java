package dev.affix.image;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.analysis.AnalysisResult;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageAnalyzerTest {

    private final ImageAnalyzer analyzer = new ImageAnalyzer(ImageSettings.DEFAULTS);

    @TempDir
    Path folder;

    @ParameterizedTest
    @CsvSource({"jpg, image/jpeg", "png, image/png", "gif, image/gif", "bmp, image/bmp", "tiff, image/tiff"})
    void readsWidthAndHeightOfEachFormatItWrites(String format, String contentType) throws Exception {
        Path file = Fixtures.write(folder, "picture." + format, Fixtures.encode(Fixtures.gradient(300, 200), format));

        assertThat(analyzer.analyze(Fixtures.input(contentType, file)).facts()).containsExactly(
                Map.entry("width", 300), Map.entry("height", 200));
    }

    @Test
    void readsAWebpHeader() throws Exception {
        Path file = Fixtures.write(folder, "picture.webp", Fixtures.webp(0));

        assertThat(analyzer.analyze(Fixtures.input("image/webp", file)).facts()).containsExactly(
                Map.entry("width", 6), Map.entry("height", 4));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 5, 6, 7, 8})
    void givesTheDimensionsAsDisplayedAfterTheJpegExifOrientation(int orientation) throws Exception {
        byte[] jpeg = Fixtures.jpegWithOrientation(Fixtures.encode(Fixtures.gradient(300, 200), "jpg"), orientation);
        Path file = Fixtures.write(folder, "photo.jpg", jpeg);

        Map<String, Object> facts = analyzer.analyze(Fixtures.input("image/jpeg", file)).facts();

        boolean quarterTurn = orientation >= 5;
        assertThat(facts).containsExactly(Map.entry("width", quarterTurn ? 200 : 300), Map.entry("height", quarterTurn ? 300 : 200));
    }

    @Test
    void appliesTheOrientationOfAPngExifChunk() throws Exception {
        Path png = Fixtures.write(folder, "turned.png", Fixtures.pngWithOrientation(Fixtures.encode(Fixtures.gradient(300, 200), "png"), 8));

        assertThat(analyzer.analyze(Fixtures.input("image/png", png)).facts()).containsExactly(
                Map.entry("width", 200), Map.entry("height", 300));
    }

    @Test
    void appliesTheOrientationOfAWebpExifChunk() throws Exception {
        Path webp = Fixtures.write(folder, "turned.webp", Fixtures.webp(6));

        assertThat(analyzer.analyze(Fixtures.input("image/webp", webp)).facts()).containsExactly(
                Map.entry("width", 4), Map.entry("height", 6));
    }

    @Test
    void givesAGifItsLogicalScreenSizeWhichItsFirstFrameNeedNotFill() throws Exception {
        Path file = Fixtures.write(folder, "small-frame.gif", Fixtures.gif(40, 30, 1, 1, 1));

        assertThat(analyzer.analyze(Fixtures.input("image/gif", file)).facts()).containsExactly(
                Map.entry("width", 40), Map.entry("height", 30));
    }

    @Test
    void writesNothingButWidthAndHeightWhateverTheFileCarries() throws Exception {
        byte[] jpeg = Fixtures.encode(Fixtures.gradient(120, 80), "jpg");
        byte[] commented = Fixtures.insertJpegSegment(jpeg, 0xFE, "secret comment".getBytes(StandardCharsets.US_ASCII));
        byte[] withXmp = Fixtures.insertJpegSegment(commented, 0xE1,
                "http://ns.adobe.com/xap/1.0/\0<x:xmpmeta xmlns:x='adobe:ns:meta/'>secret</x:xmpmeta>".getBytes(StandardCharsets.US_ASCII));
        Path file = Fixtures.write(folder, "chatty.jpg", Fixtures.jpegWithOrientation(withXmp, 1));

        AnalysisResult result = analyzer.analyze(Fixtures.input("image/jpeg", file));

        assertThat(result.facts()).containsOnlyKeys("width", "height");
        assertThat(result.facts().toString()).doesNotContain("secret");
    }

    @Test
    void aSubclassBuildsOnWhatItReads() throws Exception {
        ImageAnalyzer megapixels = new ImageAnalyzer(ImageSettings.DEFAULTS) {
            @Override
            public AnalysisResult analyze(dev.affix.analysis.AnalysisInput input) throws java.io.IOException {
                Map<String, Object> facts = new java.util.LinkedHashMap<>(super.analyze(input).facts());
                facts.put("megapixels", (int) facts.get("width") * (double) (int) facts.get("height") / 1e6);
                return AnalysisResult.of(facts);
            }
        };
        Path file = Fixtures.write(folder, "photo.jpg", Fixtures.jpegWithOrientation(Fixtures.encode(Fixtures.gradient(500, 400), "jpg"), 6));

        assertThat(megapixels.analyze(Fixtures.input("image/jpeg", file)).facts()).containsExactly(
                Map.entry("width", 400), Map.entry("height", 500), Map.entry("megapixels", 0.2));
    }

    @ParameterizedTest
    @CsvSource({"image/jpeg, true", "image/pjpeg, true", "image/png, true", "image/gif, true", "image/webp, true", "image/bmp, true",
        "image/x-ms-bmp, true", "image/tiff, true", "IMAGE/PNG; charset=binary, true", "image/svg+xml, false", "image/avif, false",
        "image/heic, false", "image/x-icon, false", "application/pdf, false", "application/octet-stream, false"})
    void acceptsTheFormatsItHasAnAllowedReaderFor(String contentType, boolean accepted) {
        assertThat(analyzer.accepts(Fixtures.blob(contentType))).isEqualTo(accepted);
        assertThat(new BlurhashAnalyzer(ImageSettings.DEFAULTS).accepts(Fixtures.blob(contentType))).isEqualTo(accepted);
    }
}
