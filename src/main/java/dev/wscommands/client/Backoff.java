package dev.wscommands.client;

import java.time.Duration;

/**
 * Exponential backoff with full jitter: before retry number {@code attempt} (0 for the first) the client waits a
 * random time between zero and {@code min(cap, first * 2^attempt)}. Jitter spreads the retries of many clients
 * that lost the same server, so that they do not all come back in the same instant. An immutable value: the
 * client keeps the current one and replaces it with {@link #next()} or {@link #reset()}.
 *
 * @param first   the ceiling of the first delay
 * @param cap     the largest ceiling
 * @param attempt how many retries came before this one
 */
public record Backoff(Duration first, Duration cap, int attempt) {

    public Backoff {
        if (first.isNegative() || first.isZero()) {
            throw new IllegalArgumentException("first backoff must be positive, was " + first);
        }
        if (cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("backoff cap " + cap + " must not be below the first backoff " + first);
        }
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must not be negative, was " + attempt);
        }
    }

    /** The backoff before the first retry. */
    public static Backoff of(Duration first, Duration cap) {
        return new Backoff(first, cap, 0);
    }

    /** The largest delay this attempt may wait: {@code first * 2^attempt}, at most {@code cap}. */
    public Duration ceiling() {
        // Beyond 2^30 the product overflows, and every sensible cap has been reached long before.
        if (attempt >= 30) {
            return cap;
        }
        long nanos = first.toNanos();
        long factor = 1L << attempt;
        return nanos > cap.toNanos() / factor ? cap : Duration.ofNanos(nanos * factor);
    }

    /**
     * The delay for this attempt.
     *
     * @param random a value in {@code [0, 1)}, for example from {@code ThreadLocalRandom.current().nextDouble()}
     */
    public Duration delay(double random) {
        if (random < 0 || random >= 1) {
            throw new IllegalArgumentException("random must be in [0, 1), was " + random);
        }
        return Duration.ofNanos((long) (ceiling().toNanos() * random));
    }

    /** The backoff for the retry after this one. */
    public Backoff next() {
        return new Backoff(first, cap, attempt == Integer.MAX_VALUE ? attempt : attempt + 1);
    }

    /** The backoff after a healthy connection: the next retry is again a first retry. */
    public Backoff reset() {
        return new Backoff(first, cap, 0);
    }
}
