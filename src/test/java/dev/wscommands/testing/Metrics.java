package dev.wscommands.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A server's {@code /metrics} as samples, for tests: scraped over real HTTP, or parsed from the text. */
public final class Metrics {

    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

    private final Map<String, Double> samples;

    private Metrics(Map<String, Double> samples) {
        this.samples = samples;
    }

    /** Scrapes {@code uri}, which must answer 200 in the Prometheus text format. */
    public static Metrics scrape(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(uri).timeout(RecordingClient.TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return parse(response.body());
    }

    /** Reads samples from {@code text} in the Prometheus text format. */
    public static Metrics parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return new Metrics(samples);
    }

    /**
     * The value of the sample named exactly as Prometheus prints it, labels included
     * ({@code ws_commands_replies_total{command="heartbeat",outcome="success"}}).
     *
     * @throws AssertionError when there is no such sample: a meter that is not exported must fail the test, not
     *                        read as 0
     */
    public double value(String sample) {
        Double value = samples.get(sample);
        if (value == null) {
            fail("no sample " + sample + " in /metrics; samples of that name: " + named(sample));
        }
        return value;
    }

    /**
     * The sum of every sample whose name, labels included, starts with {@code prefix}.
     *
     * @throws AssertionError when no sample does
     */
    public double sum(String prefix) {
        List<Double> values = samples.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(Map.Entry::getValue).toList();
        if (values.isEmpty()) {
            fail("no sample starting with " + prefix + " in /metrics; samples of that name: " + named(prefix));
        }
        return values.stream().mapToDouble(Double::doubleValue).sum();
    }

    /** The samples of the meter that {@code sample} names, whatever their labels: what a failure shows. */
    private List<String> named(String sample) {
        int brace = sample.indexOf('{');
        String name = brace < 0 ? sample : sample.substring(0, brace);
        return samples.keySet().stream().filter(k -> k.equals(name) || k.startsWith(name + "{")).sorted().toList();
    }
}
