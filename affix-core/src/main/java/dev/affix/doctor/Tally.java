package dev.affix.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Counts what one check finds and repairs, keeping the first few as samples. */
final class Tally {

    private final int sampleLimit;
    private final List<Map<String, Object>> samples = new ArrayList<>();
    private long found;
    private long fixed;

    Tally(int sampleLimit) {
        this.sampleLimit = sampleLimit;
    }

    /** Whether the next problem found becomes a sample, so that a check describes only those. */
    boolean wantsSample() {
        return samples.size() < sampleLimit;
    }

    /** One problem found; {@code sample} describes it, or is null when {@link #wantsSample()} was false. */
    void found(Map<String, Object> sample) {
        found++;
        if (sample != null && wantsSample()) {
            samples.add(sample);
        }
    }

    /** {@code count} problems found, of which {@code described} are the first. */
    void found(long count, List<Map<String, Object>> described) {
        found += count;
        for (Map<String, Object> sample : described) {
            if (!wantsSample()) {
                break;
            }
            samples.add(sample);
        }
    }

    void fixed() {
        fixed++;
    }

    long count() {
        return found;
    }

    DoctorReport.Finding finding() {
        return new DoctorReport.Finding(found, fixed, samples);
    }
}
