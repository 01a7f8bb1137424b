package dev.wscommands.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** README's "Writing a command" shows the example plug-in's own source, which the build compiles and tests. */
class ReadmeExampleSourceTest {

    private static final Path EXAMPLE =
            Path.of("examples/commands/src/main/java/com/example/commands/SleepCommand.java");

    @Test
    void theWalkthroughsCommandIsTheExamplesSourceWordForWord() throws IOException {
        List<String> shown = Readme.load().blocks().stream()
                .filter(block -> block.language().equals("java") && block.text().contains("class SleepCommand"))
                .map(block -> block.text().strip())
                .toList();
        assertEquals(List.of(Files.readString(EXAMPLE).strip()), shown);
    }
}
