package dev.wscommands.dedupe;

import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The example plug-in's {@code counter}, for tests that run a server in this JVM: {@code count N}, N growing by one
 * each run; an argument of milliseconds waits that long first.
 */
final class Counter implements CommandHandler {

    final AtomicLong runs = new AtomicLong();

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public String execute(CommandRequest request) throws InterruptedException {
        if (!request.argument().isBlank()) {
            Thread.sleep(Long.parseLong(request.argument().strip()));
        }
        return "count " + runs.incrementAndGet();
    }
}
