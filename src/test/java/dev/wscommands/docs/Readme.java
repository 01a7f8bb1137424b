package dev.wscommands.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of README.md, each with the marker comment written on the line before its fence:
 * {@code <!-- run by TestClass: block-id -->} for a block a test runs as written, {@code <!-- not run here:
 * reason -->} for one no test can run. Tests take the documented steps from here, so a change to the README
 * changes what they run.
 */
public final class Readme {

    /** README.md of the project the tests run in (Maven runs them from the project's directory). */
    public static final Path PATH = Path.of("README.md");

    private static final Pattern FENCE = Pattern.compile("^```(\\S*)\\s*$");
    private static final Pattern RUN_BY = Pattern.compile("^<!--\\s*run by (\\w+):\\s*([\\w-]+)\\s*-->$");
    private static final Pattern NOT_RUN = Pattern.compile("^<!--\\s*not run here:\\s*(.*?)\\s*-->$");

    /** One fenced block; {@code line} is the line of its opening fence, counted from 1. */
    public record Block(int line, String language, String text, String testClass, String id, String notRunReason) {

        /** Whether a marker says who runs it, or why nobody does. */
        public boolean isMarked() {
            return id != null || notRunReason != null;
        }

        @Override
        public String toString() {
            return "README.md:" + line + " (```" + language + (id == null ? "" : ", " + id) + ")";
        }
    }

    private final List<Block> blocks;

    private Readme(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /** Reads README.md. */
    public static Readme load() {
        try {
            return parse(Files.readString(PATH));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses Markdown text: fences of three backticks, the marker on the last non-blank line before one. */
    static Readme parse(String markdown) {
        List<Block> blocks = new ArrayList<>();
        String[] lines = markdown.split("\n", -1);
        String lastNonBlank = "";
        for (int i = 0; i < lines.length; i++) {
            Matcher open = FENCE.matcher(lines[i]);
            if (!open.matches()) {
                if (!lines[i].isBlank()) {
                    lastNonBlank = lines[i].trim();
                }
                continue;
            }
            int start = i;
            StringBuilder text = new StringBuilder();
            for (i++; i < lines.length && !lines[i].startsWith("```"); i++) {
                text.append(lines[i]).append('\n');
            }
            if (i == lines.length) {
                throw new IllegalStateException("README.md:" + (start + 1) + ": code block never closed");
            }
            Matcher runBy = RUN_BY.matcher(lastNonBlank);
            Matcher notRun = NOT_RUN.matcher(lastNonBlank);
            blocks.add(new Block(start + 1, open.group(1), text.toString(),
                    runBy.matches() ? runBy.group(1) : null, runBy.matches() ? runBy.group(2) : null,
                    notRun.matches() ? notRun.group(1) : null));
            lastNonBlank = "";
        }
        return new Readme(blocks);
    }

    /** Every fenced block, in order. */
    public List<Block> blocks() {
        return blocks;
    }

    /** The text of the block marked {@code <!-- run by …: id -->}. */
    public String block(String id) {
        List<Block> found = blocks.stream().filter(b -> id.equals(b.id())).toList();
        if (found.size() != 1) {
            throw new IllegalStateException("README.md should hold one block marked \"run by …: " + id + "\", holds "
                    + found.size());
        }
        return found.get(0).text();
    }
}
