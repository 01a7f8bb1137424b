package dev.wscommands.client;

import java.util.concurrent.atomic.LongAdder;

/** The counts behind {@link ClientStats}: bumped by any of the client's threads, read by any thread. */
final class ClientCounters {

    final LongAdder sent = new LongAdder();
    final LongAdder answered = new LongAdder();
    final LongAdder resent = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder reconnects = new LongAdder();
    final LongAdder unmatched = new LongAdder();

    ClientStats stats() {
        return new ClientStats(sent.sum(), answered.sum(), resent.sum(), failed.sum(), reconnects.sum(),
                unmatched.sum());
    }
}
