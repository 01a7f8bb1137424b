package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    private static final Backoff DEFAULTS = Backoff.of(Duration.ofSeconds(1), Duration.ofSeconds(30));

    private static Backoff after(int failures) {
        Backoff backoff = DEFAULTS;
        for (int i = 0; i < failures; i++) {
            backoff = backoff.next();
        }
        return backoff;
    }

    @Test
    void ceilingDoublesWithEveryAttempt() {
        assertEquals(Duration.ofSeconds(1), after(0).ceiling());
        assertEquals(Duration.ofSeconds(2), after(1).ceiling());
        assertEquals(Duration.ofSeconds(4), after(2).ceiling());
        assertEquals(Duration.ofSeconds(16), after(4).ceiling());
    }

    @Test
    void ceilingStopsAtTheCap() {
        assertEquals(Duration.ofSeconds(30), after(5).ceiling());
        assertEquals(Duration.ofSeconds(30), after(6).ceiling());
        assertEquals(Duration.ofSeconds(30), after(10_000).ceiling());
        assertEquals(Duration.ofSeconds(30), new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), Integer.MAX_VALUE)
                .next().ceiling());
    }

    @Test
    void fullJitterSpansZeroToTheCeiling() {
        Backoff third = after(2);
        assertEquals(Duration.ZERO, third.delay(0));
        assertEquals(Duration.ofSeconds(2), third.delay(0.5));
        Duration largest = third.delay(Math.nextDown(1.0));
        assertTrue(largest.compareTo(third.ceiling()) < 0, largest.toString());
        assertTrue(largest.compareTo(Duration.ofMillis(3_999)) > 0, largest.toString());
        assertThrows(IllegalArgumentException.class, () -> third.delay(1.0));
        assertThrows(IllegalArgumentException.class, () -> third.delay(-0.1));
    }

    @Test
    void firstRetryComesWithinTheFirstBackoff() {
        for (double random = 0; random < 1; random += 0.01) {
            assertTrue(DEFAULTS.delay(random).compareTo(Duration.ofSeconds(1)) < 0);
        }
    }

    @Test
    void resetStartsOverAtTheFirstBackoff() {
        Backoff reset = after(7).reset();
        assertEquals(0, reset.attempt());
        assertEquals(Duration.ofSeconds(1), reset.ceiling());
        assertEquals(DEFAULTS, reset);
    }

    @Test
    void refusesSettingsThatMakeNoSense() {
        assertThrows(IllegalArgumentException.class, () -> Backoff.of(Duration.ZERO, Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> Backoff.of(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
