package dev.wscommands.protocol;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The codec on the server's hot path: reading the seed request and writing its reply. Run with
 * {@code mvn -B -P jmh -DskipTests test-compile exec:exec} (see docs/BENCHMARKS.md).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class MessageJsonBenchmark {

    /** The Go original's seed request, as clients send it. */
    private final String request =
            "{\"RequestID\":1,\"Command\":\"Eject the hot dog.\",\"SomeOtherThing\":\"\",\"Success\":false}";
    /** The same request as another client may format it: not in the canonical form, so read through JSON-B. */
    private final String spacedRequest =
            "{ \"RequestID\": 1, \"Command\": \"Eject the hot dog.\", \"SomeOtherThing\": \"\", \"Success\": false }";
    /** The reply the server writes to it. */
    private final Message reply = Message.success(1, "The hot dog left the castle as requested.");

    @Benchmark
    public Message read() {
        return MessageJson.read(request);
    }

    @Benchmark
    public Message readOtherForm() {
        return MessageJson.read(spacedRequest);
    }

    @Benchmark
    public String write() {
        return MessageJson.write(reply);
    }
}
