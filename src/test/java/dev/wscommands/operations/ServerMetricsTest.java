package dev.wscommands.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.wscommands.testing.Metrics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {

    private static final String CLOSED = "ws_commands_sessions_closed_total";

    @Test
    void closeCodesWithoutACounterOfTheirOwnShowAsOther() {
        try (ServerMetrics metrics = new ServerMetrics(Set.of("heartbeat"))) {
            int[] withoutCounter = {1004, 1010, 1012, 1014, 1015, 4000};
            for (int code : withoutCounter) {
                metrics.sessionClosed(code);
            }
            Metrics scraped = Metrics.parse(metrics.scrape().orElseThrow());
            assertEquals(withoutCounter.length, scraped.value(CLOSED + "{code=\"other\"}"));
            assertEquals(withoutCounter.length, scraped.sum(CLOSED + "{"), "counted once each, and only as other");
        }
    }

    @Test
    void everyCodeWithACounterShowsUnderItsOwnLabel() {
        try (ServerMetrics metrics = new ServerMetrics(Set.of("heartbeat"))) {
            // A different count per code: a code counted under another code's label shows.
            int[] codes = ServerMetrics.CLOSE_CODES;
            for (int i = 0; i < codes.length; i++) {
                for (int n = 0; n <= i; n++) {
                    metrics.sessionClosed(codes[i]);
                }
            }
            Metrics scraped = Metrics.parse(metrics.scrape().orElseThrow());
            for (int i = 0; i < codes.length; i++) {
                assertEquals(i + 1, scraped.value(CLOSED + "{code=\"" + codes[i] + "\"}"), "code " + codes[i]);
            }
            assertEquals(0, scraped.value(CLOSED + "{code=\"other\"}"));
        }
    }

    @Test
    void aRegistryThatCannotBeBuiltIsLoggedOnceAsSevereAndCountingGoesOn() {
        // A null command name is refused by Micrometer's tags: the one way to make the real registry fail to build
        // without replacing a part of it.
        Set<String> commands = new HashSet<>();
        commands.add(null);
        Logger log = Logger.getLogger(ServerMetrics.class.getName());
        List<LogRecord> records = new ArrayList<>();
        Handler recorder = new Handler() {
            @Override
            public synchronized void publish(LogRecord record) {
                records.add(record);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        log.addHandler(recorder);
        try (ServerMetrics metrics = new ServerMetrics(commands)) {
            assertTrue(metrics.scrape().isEmpty(), "no scrape without a registry");
            // Counting and recording latency must neither throw nor wait for a registry that will never come.
            metrics.replied("heartbeat", Outcome.SUCCESS, System.nanoTime());
            metrics.undecodable(System.nanoTime());
            metrics.sessionClosed(1000);
            assertTrue(metrics.scrape().isEmpty(), "no scrape without a registry");
        } finally {
            log.removeHandler(recorder);
        }
        List<LogRecord> severe;
        synchronized (recorder) {
            severe = records.stream().filter(r -> r.getLevel() == Level.SEVERE).toList();
        }
        assertEquals(1, severe.size(), "one SEVERE record, not one per request");
        assertTrue(severe.get(0).getMessage().contains("metrics unavailable"), severe.get(0).getMessage());
        assertFalse(severe.get(0).getThrown() == null, "the cause is logged with it");
    }
}
