package dev.affix.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.affix.storage.ByteRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RangeRequestTest {

    @ParameterizedTest
    @CsvSource({
        "bytes=0-0,                 100, 0,  0",
        "bytes=10-19,               100, 10, 19",
        "bytes=90-,                 100, 90, 99",
        "bytes=-10,                 100, 90, 99",
        "bytes=-1000,               100, 0,  99",
        "bytes=0-9223372036854775807, 100, 0, 99",
        "bytes=5-99999999999999999999999999, 100, 5, 99",
        "' bytes = 3-4 ',           100, 3,  4"})
    void readsOneRange(String header, long size, long first, long last) {
        assertThat(RangeRequest.parse(header, size, Long.MAX_VALUE)).isEqualTo(new RangeRequest.Partial(ByteRange.inclusive(first, last)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=100-", "bytes=100-200", "bytes=-0", "bytes=0-1,2-3", "bytes=x-y", "bytes=2-1", "bytes=", "bytes=-",
        "bytes=1-2-3", "bytes=+1-2", "bytes=1.5-2"})
    void refusesWhatCannotBeServedAsOneRange(String header) {
        assertThat(RangeRequest.parse(header, 100, Long.MAX_VALUE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"items=0-1", "0-1", "bytes"})
    void ignoresOtherUnits(String header) {
        assertThat(RangeRequest.parse(header, 100, Long.MAX_VALUE)).isInstanceOf(RangeRequest.Whole.class);
    }

    @Test
    void noHeaderMeansTheWholeObject() {
        assertThat(RangeRequest.parse(null, 100, 10)).isInstanceOf(RangeRequest.Whole.class);
    }

    @Test
    void theCapRefusesClosedAndSuffixRangesButCutsOpenOnes() {
        assertThat(RangeRequest.parse("bytes=0-9", 100, 10)).isEqualTo(new RangeRequest.Partial(ByteRange.inclusive(0, 9)));
        assertThat(RangeRequest.parse("bytes=0-10", 100, 10)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=-11", 100, 10)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=50-", 100, 10)).isEqualTo(new RangeRequest.Partial(ByteRange.inclusive(50, 59)));
        assertThat(RangeRequest.parse("bytes=95-", 100, 10)).isEqualTo(new RangeRequest.Partial(ByteRange.inclusive(95, 99)));
    }

    @Test
    void nothingOfAnEmptyObjectCanBeAskedFor() {
        assertThat(RangeRequest.parse("bytes=0-", 0, Long.MAX_VALUE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
        assertThat(RangeRequest.parse("bytes=-5", 0, Long.MAX_VALUE)).isInstanceOf(RangeRequest.Unsatisfiable.class);
    }
}
