package dev.wscommands.testing;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The example plug-in's {@code counter}, for tests that run a server in this JVM: {@code count N}, N growing by one
 * each run; an argument of milliseconds waits that long first (without one, the wait given here).
 */
public final class Counter implements CommandHandler {

    private final AtomicLong runs = new AtomicLong();
    private final AtomicLong started = new AtomicLong();
    private final long defaultWaitMillis;

    public Counter() {
        this(Duration.ZERO);
    }

    /** A counter that waits {@code wait} before it counts when its request has no argument. */
    public Counter(Duration wait) {
        this.defaultWaitMillis = wait.toMillis();
    }

    /** How many runs began, whether or not they counted (a cancelled one does not). */
    public long started() {
        return started.get();
    }

    /** How many times it ran. */
    public long runs() {
        return runs.get();
    }

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public String execute(CommandRequest request) throws InterruptedException {
        started.incrementAndGet();
        long wait = request.argument().isBlank() ? defaultWaitMillis : Long.parseLong(request.argument().strip());
        if (wait > 0) {
            Thread.sleep(wait);
        }
        return "count " + runs.incrementAndGet();
    }
}
