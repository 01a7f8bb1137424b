package dev.wscommands.bench;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Request latencies in nanoseconds, recorded from any thread without locking. Each {@link #interval()} hands
 * over what was recorded since the previous one, so the caller can print a progress line and add the interval
 * to the run's total.
 */
final class LatencyRecorder {

    /** Latencies up to a minute are kept at three significant digits; longer ones are clamped. */
    private static final long HIGHEST = 60_000_000_000L;

    private final Recorder recorder = new Recorder(1, HIGHEST, 3);
    private Histogram recycled;

    void record(long nanos) {
        recorder.recordValue(Math.min(Math.max(nanos, 1), HIGHEST));
    }

    /** Everything recorded since the previous call. Not thread-safe: one thread collects intervals. */
    Histogram interval() {
        Histogram interval = recorder.getIntervalHistogram(recycled);
        recycled = null;
        return interval;
    }

    /** Gives an interval histogram back for reuse, once its figures have been read. */
    void recycle(Histogram interval) {
        recycled = interval;
    }

    /** An empty histogram with this recorder's range and precision, to add intervals to. */
    static Histogram emptyTotal() {
        return new Histogram(1, HIGHEST, 3);
    }
}
