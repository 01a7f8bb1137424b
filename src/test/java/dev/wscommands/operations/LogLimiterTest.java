package dev.wscommands.operations;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client cannot flood the log: lines past the minute's budget are held back, and counted in the next one. */
class LogLimiterTest {

    private final Logger log = Logger.getLogger("dev.wscommands.test.LogLimiterTest");
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            lines.add(record.getMessage());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    LogLimiterTest() {
        log.setUseParentHandlers(false);
        log.addHandler(handler);
    }

    @AfterEach
    void detach() {
        log.removeHandler(handler);
    }

    @Test
    void holdsBackLinesPastTheBudgetAndSaysHowManyInTheNextMinute() {
        AtomicLong now = new AtomicLong();
        LogLimiter limiter = new LogLimiter(log, 3, now::get);
        for (int i = 1; i <= 10; i++) {
            int n = i;
            limiter.log(Level.INFO, () -> "refused " + n);
        }
        assertEquals(List.of("refused 1", "refused 2", "refused 3"), lines);

        now.addAndGet(TimeUnit.SECONDS.toNanos(61));
        limiter.log(Level.INFO, () -> "refused 11");
        limiter.log(Level.INFO, () -> "refused 12");
        assertEquals(List.of("refused 1", "refused 2", "refused 3",
                "refused 11 (7 similar lines not logged before)", "refused 12"), lines);
    }
}
