package dev.affix.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class WaveformFolderTest {

    @Test
    void theExpectedSampleCountGivesExactlyThePointsAsked() {
        WaveformFolder folder = new WaveformFolder(500, 16_000);
        feed(folder, 16_000, i -> (short) 16384);

        assertThat(folder.amplitudes()).hasSize(500).containsOnly(0.5);
    }

    @Test
    void fewerSamplesThanPointsGiveOnePointEach() {
        WaveformFolder folder = new WaveformFolder(500, 3);
        folder.add((short) 0);
        folder.add(Short.MIN_VALUE);
        folder.add((short) -8192);

        assertThat(folder.amplitudes()).containsExactly(0.0, 1.0, 0.25);
    }

    @Test
    void moreSamplesThanExpectedMergePointsAndStayWithinTheLimit() {
        for (int points : List.of(1, 2, 3, 7, 500)) {
            // the header promised 1,000 samples; ten million come
            WaveformFolder folder = new WaveformFolder(points, 1_000);
            feed(folder, 10_000_000, i -> (short) (i < 5_000_000 ? 0 : 32767));

            List<Double> amplitudes = folder.amplitudes();
            assertThat(amplitudes).as("%d points", points).hasSizeBetween((points + 1) / 2, points);
            assertThat(amplitudes).allSatisfy(amplitude -> assertThat(amplitude).isBetween(0.0, 1.0));
            if (points >= 7) {
                // the shape survives merging: silence first, full scale last
                assertThat(amplitudes.get(0)).isEqualTo(0.0);
                assertThat(amplitudes.get(amplitudes.size() - 1)).isEqualTo(1.0);
            }
        }
    }

    @Test
    void anUnknownLengthStillEndsWithinTheLimit() {
        WaveformFolder folder = new WaveformFolder(500, 0);
        feed(folder, 1_234_567, i -> (short) 1000);

        assertThat(folder.amplitudes()).hasSizeBetween(250, 500).containsOnly(Math.round(1000 / 32768.0 * 10_000) / 10_000.0);
    }

    @Test
    void pcmSamplesSplitBetweenReadsAreJoined() {
        byte[] pcm = ByteBuffer.allocate(6).order(ByteOrder.LITTLE_ENDIAN).putShort((short) 16384).putShort((short) -16384)
                .putShort((short) 0).array();
        WaveformFolder folder = new WaveformFolder(3, 3);

        folder.addPcm(pcm, 0, 3);
        folder.addPcm(pcm, 3, 1);
        folder.addPcm(pcm, 4, 2);

        assertThat(folder.amplitudes()).containsExactly(0.5, 0.5, 0.0);
    }

    private interface SampleSource {
        short at(long index);
    }

    private static void feed(WaveformFolder folder, long count, SampleSource source) {
        for (long i = 0; i < count; i++) {
            folder.add(source.at(i));
        }
    }
}
