package dev.wscommands.session;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/** A nanosecond clock that moves only when the test says so. */
final class TestClock implements LongSupplier {

    /** Far from zero, like {@link System#nanoTime()}: 0 means "not writing" to a {@link Peer}. */
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Override
    public long getAsLong() {
        return now.get();
    }

    void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
