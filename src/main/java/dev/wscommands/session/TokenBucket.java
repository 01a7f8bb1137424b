package dev.wscommands.session;

import dev.wscommands.settings.RateLimit;
import java.util.function.LongSupplier;

/**
 * The per-connection rate limit: a token bucket holding one second's worth of requests. A request over the
 * limit is refused and puts the bucket into debt; a client whose debt reaches another second's worth keeps
 * sending far past the limit and is disconnected. Not thread-safe: one connection's messages arrive one at a
 * time.
 */
final class TokenBucket {

    /** What the bucket says about one request. */
    enum Verdict { ALLOWED, REFUSED, DISCONNECT }

    private final double perNano;
    private final double capacity;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    TokenBucket(RateLimit limit, LongSupplier nanoClock) {
        this.perNano = limit.perSecond() / 1e9;
        this.capacity = Math.max(1, limit.perSecond());
        this.nanoClock = nanoClock;
        this.tokens = capacity;
        this.last = nanoClock.getAsLong();
    }

    Verdict take() {
        long now = nanoClock.getAsLong();
        tokens = Math.min(capacity, tokens + (now - last) * perNano);
        last = now;
        tokens -= 1;
        if (tokens >= 0) {
            return Verdict.ALLOWED;
        }
        return tokens <= -capacity ? Verdict.DISCONNECT : Verdict.REFUSED;
    }
}
