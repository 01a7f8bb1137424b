package dev.wscommands.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.client.Heartbeat.Tick;
import org.junit.jupiter.api.Test;

class HeartbeatTest {

    private final Heartbeat heartbeat = new Heartbeat();

    @Test
    void answeredPingsKeepTheConnectionAlive() {
        for (int i = 1; i <= 3; i++) {
            assertEquals(Tick.PING, heartbeat.tick(false));
            heartbeat.pong(heartbeat.lastPing());
        }
        assertEquals(3, heartbeat.succeeded());
        assertEquals(Tick.PING, heartbeat.tick(false));
    }

    @Test
    void pingStillUnansweredAtTheNextTickWithNothingHeardIsDead() {
        assertEquals(Tick.PING, heartbeat.tick(false));
        assertEquals(Tick.DEAD, heartbeat.tick(false));
    }

    @Test
    void otherMessagesMeanWaitForTheQueuedPong() {
        assertEquals(Tick.PING, heartbeat.tick(false));
        assertEquals(Tick.WAIT, heartbeat.tick(true));
        assertEquals(Tick.DEAD, heartbeat.tick(false));
    }

    @Test
    void lateOrUnsolicitedPongsProveNothing() {
        assertEquals(Tick.PING, heartbeat.tick(false));
        heartbeat.pong(heartbeat.lastPing());
        assertEquals(Tick.PING, heartbeat.tick(false));
        heartbeat.pong(heartbeat.lastPing() - 1);
        heartbeat.pong(42);
        assertTrue(heartbeat.awaitingPong(heartbeat.lastPing()));
        assertEquals(1, heartbeat.succeeded());
        heartbeat.pong(heartbeat.lastPing());
        assertFalse(heartbeat.awaitingPong(heartbeat.lastPing()));
    }
}
