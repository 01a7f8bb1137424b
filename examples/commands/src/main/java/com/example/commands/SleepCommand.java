package com.example.commands;

import dev.wscommands.api.CommandFailure;
import dev.wscommands.api.CommandHandler;
import dev.wscommands.api.CommandRequest;

/**
 * {@code sleep}: waits the number of milliseconds in its argument (0 to 60000), then replies {@code slept N ms}.
 * It blocks, so it keeps the default {@link dev.wscommands.api.Execution#BLOCKING} and runs on the worker pool.
 */
public final class SleepCommand implements CommandHandler {

    static final long MAX_MILLIS = 60_000;

    @Override
    public String name() {
        return "sleep";
    }

    @Override
    public String execute(CommandRequest request) throws InterruptedException {
        long millis = millis(request.argument());
        // Interrupted when the command times out or its connection closes: let the exception end the command.
        Thread.sleep(millis);
        return "slept " + millis + " ms";
    }

    private static long millis(String argument) {
        long millis;
        try {
            millis = Long.parseLong(argument.strip());
        } catch (NumberFormatException e) {
            throw new CommandFailure("sleep needs a whole number of milliseconds from 0 to " + MAX_MILLIS);
        }
        if (millis < 0 || millis > MAX_MILLIS) {
            throw new CommandFailure("sleep needs a whole number of milliseconds from 0 to " + MAX_MILLIS);
        }
        return millis;
    }
}
