package dev.affix.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.affix.config.ConfigurationException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InProcessJobRunnerTest {

    @Test
    void runsAsManyJobsAtOnceAsItHasThreads() throws Exception {
        CountDownLatch allRunning = new CountDownLatch(3);
        CountDownLatch release = new CountDownLatch(1);
        Set<String> threads = ConcurrentHashMap.newKeySet();
        try (InProcessJobRunner runner = new InProcessJobRunner(new JobSettings(3, 1), Duration.ofMillis(10))) {
            runner.start(Map.of("wait", arguments -> {
                threads.add(Thread.currentThread().getName());
                allRunning.countDown();
                release.await();
            }));
            for (int i = 0; i < 4; i++) {
                runner.enqueue(Job.of("wait", Map.of()));
            }

            assertThat(allRunning.await(5, TimeUnit.SECONDS)).as("three jobs run side by side").isTrue();
            assertThat(threads).containsExactlyInAnyOrder("affix-job-1", "affix-job-2", "affix-job-3");
            release.countDown();
        }
    }

    @Test
    void aFailingJobGetsMaxAttemptsAttemptsAndNoMore() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        CountDownLatch gaveUp = new CountDownLatch(4);
        try (InProcessJobRunner runner = new InProcessJobRunner(new JobSettings(1, 4), Duration.ofMillis(10))) {
            runner.start(Map.of("fail", arguments -> {
                attempts.incrementAndGet();
                gaveUp.countDown();
                throw new IllegalStateException("always");
            }));
            runner.enqueue(Job.of("fail", Map.of()));

            assertThat(gaveUp.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(500);
            assertThat(attempts).as("four attempts, then it gives up").hasValue(4);
        }
    }

    @Test
    void settingsComeFromTheJobsSectionAndBadValuesNameTheirKey() {
        assertThat(JobSettings.fromConfig(Map.of("runner", "in_process", "threads", 5, "max_attempts", "3"), JobSettings.DEFAULTS))
                .isEqualTo(new JobSettings(5, 3));
        assertThat(JobSettings.fromConfig(Map.of(), JobSettings.DEFAULTS)).isEqualTo(JobSettings.DEFAULTS);
        assertThatThrownBy(() -> JobSettings.fromConfig(Map.of("threads", "many"), JobSettings.DEFAULTS))
                .isInstanceOf(ConfigurationException.class).hasMessage("jobs.threads must be a whole number, not 'many'");
        assertThatThrownBy(() -> JobSettings.fromConfig(Map.of("threads", 0), JobSettings.DEFAULTS))
                .isInstanceOf(ConfigurationException.class).hasMessage("jobs.threads must be positive, not 0");
        assertThatThrownBy(() -> JobSettings.fromConfig(Map.of("max_attempts", -2), JobSettings.DEFAULTS))
                .isInstanceOf(ConfigurationException.class).hasMessage("jobs.max_attempts must be positive, not -2");
        assertThatThrownBy(() -> JobSettings.fromConfig(Map.of("max_attempts", 2.5), JobSettings.DEFAULTS))
                .isInstanceOf(ConfigurationException.class).hasMessage("jobs.max_attempts must be a whole number, not '2.5'");
    }
}
