package dev.wscommands.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.session.TokenBucket.Verdict;
import dev.wscommands.settings.RateLimit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong();

    @Test
    void allowsOneSecondsWorthThenRefusesThenDisconnects() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10), now::get);
        for (int i = 0; i < 10; i++) {
            assertEquals(Verdict.ALLOWED, bucket.take(), "request " + i);
        }
        for (int i = 0; i < 9; i++) {
            assertEquals(Verdict.REFUSED, bucket.take(), "request " + (10 + i));
        }
        assertEquals(Verdict.DISCONNECT, bucket.take());
    }

    @Test
    void refillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(new RateLimit(10), now::get);
        for (int i = 0; i < 10; i++) {
            bucket.take();
        }
        assertEquals(Verdict.REFUSED, bucket.take());
        now.addAndGet(300_000_000L); // 0.3 s: three tokens, one of them pays the debt
        assertEquals(Verdict.ALLOWED, bucket.take());
        assertEquals(Verdict.ALLOWED, bucket.take());
        assertEquals(Verdict.REFUSED, bucket.take());
    }

    @Test
    void aClientAtTheRateIsNeverRefused() {
        TokenBucket bucket = new TokenBucket(new RateLimit(100), now::get);
        for (int i = 0; i < 10_000; i++) {
            now.addAndGet(10_000_000L);
            assertEquals(Verdict.ALLOWED, bucket.take());
        }
    }

    @Test
    void parsesRates() {
        assertEquals(new RateLimit(500), RateLimit.parse("500/s"));
        assertEquals(new RateLimit(0.5), RateLimit.parse("30/m"));
        assertEquals("500/s", new RateLimit(500).toString());
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("fast"));
        assertEquals(true, bad.getMessage().startsWith("rate-limit"));
        assertThrows(IllegalArgumentException.class, () -> RateLimit.parse("0/s"));
    }
}
