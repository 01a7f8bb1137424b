package com.example.commands;

import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code counter}: a number that grows by one each time the command runs in this server, replied as
 * {@code count N}; so a client sees whether a resent request ran again. An optional argument, a number of
 * milliseconds (0 to 60000), makes it wait that long before it counts, so that a resend can come while it runs.
 */
public final class CounterCommand implements CommandHandler {

    static final long MAX_MILLIS = 60_000;

    // One instance per server (the loader makes one per command), so the count is the server's.
    private final AtomicLong count = new AtomicLong();

    @Override
    public String name() {
        return "counter";
    }

    @Override
    public String execute(CommandRequest request) throws InterruptedException {
        long millis = millis(request.argument());
        if (millis > 0) {
            Thread.sleep(millis);
        }
        return "count " + count.incrementAndGet();
    }

    private static long millis(String argument) {
        if (argument.isBlank()) {
            return 0;
        }
        long millis;
        try {
            millis = Long.parseLong(argument.strip());
        } catch (NumberFormatException e) {
            millis = -1;
        }
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new CommandFailure("counter takes an optional wait, a whole number of milliseconds from 0 to "
                    + MAX_MILLIS);
        }
        return millis;
    }
}
