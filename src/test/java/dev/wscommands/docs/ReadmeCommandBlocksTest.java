package dev.wscommands.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.wscommands.docs.Readme.Block;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every command block of README.md that a user copies is run by a test, or says why no test can run it: a new
 * block without either fails the build, and so does a marker naming a test that no longer takes its block.
 */
class ReadmeCommandBlocksTest {

    /** Languages of blocks a user runs in a shell, or whose {@code $ } lines are a shell session. */
    private static final Set<String> COMMAND_LANGUAGES = Set.of("sh", "bash", "shell", "console", "text");

    private static final Path TEST_SOURCES = Path.of("src", "test", "java");

    @Test
    void everyCommandBlockIsRunByATestOrSaysWhyNot() {
        List<String> unmarked = Readme.load().blocks().stream()
                .filter(block -> COMMAND_LANGUAGES.contains(block.language()))
                .filter(block -> !block.isMarked())
                .map(Block::toString)
                .toList();
        assertEquals(List.of(), unmarked, "command blocks without <!-- run by TestClass: id --> or "
                + "<!-- not run here: reason --> on the line before their fence");
    }

    @Test
    void everyRunByMarkerNamesATestThatTakesThatBlock() throws IOException {
        List<String> wrong = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (Block block : Readme.load().blocks()) {
            if (block.id() == null) {
                continue;
            }
            if (!ids.add(block.id())) {
                wrong.add(block + ": the id is used twice");
            }
            Optional<Path> source = testSource(block.testClass());
            if (source.isEmpty()) {
                wrong.add(block + ": no test class " + block.testClass() + " under " + TEST_SOURCES);
            } else if (!Files.readString(source.get()).contains("\"" + block.id() + "\"")) {
                wrong.add(block + ": " + source.get() + " never takes the block \"" + block.id() + "\"");
            }
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyNotRunMarkerGivesAReason() {
        Readme.load().blocks().stream()
                .filter(block -> block.notRunReason() != null)
                .forEach(block -> assertFalse(block.notRunReason().isBlank(), block + ": not run here, but why?"));
    }

    @Test
    void readsTheMarkerOnTheLineBeforeTheFence() {
        Readme readme = Readme.parse("""
                Text.

                <!-- run by SomeIT: first-step -->
                ```sh
                echo one
                ```

                <!-- not run here: needs root -->

                ```text
                $ sudo true
                ```
                Between.
                ```sh
                echo three
                ```
                """);

        List<Block> blocks = readme.blocks();
        assertEquals(3, blocks.size());
        assertEquals("echo one\n", readme.block("first-step"));
        assertEquals("SomeIT", blocks.get(0).testClass());
        assertEquals("needs root", blocks.get(1).notRunReason());
        assertEquals(10, blocks.get(1).line());
        assertFalse(blocks.get(2).isMarked(), "a marker belongs to the next block only");
        assertThrows(IllegalStateException.class, () -> readme.block("missing"));
        assertThrows(IllegalStateException.class, () -> Readme.parse("```sh\nnever closed\n"));
    }

    private static Optional<Path> testSource(String simpleName) throws IOException {
        try (Stream<Path> files = Files.walk(TEST_SOURCES)) {
            return files.filter(file -> file.getFileName().toString().equals(simpleName + ".java")).findFirst();
        }
    }
}
