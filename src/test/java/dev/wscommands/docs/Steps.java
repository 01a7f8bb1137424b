package dev.wscommands.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The steps of a documented block: for a {@code sh} block each command (lines joined at a trailing
 * backslash, comments dropped); for a {@code text} session each {@code $ } command with the output shown
 * after it.
 */
public final class Steps {

    /** One command and the output lines the README shows for it. */
    public record Step(String command, List<String> expected) {
    }

    private Steps() {
    }

    /** The commands of a {@code sh} block, in order. */
    public static List<String> commands(String block) {
        List<String> commands = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : block.split("\n")) {
            String code = withoutComment(line);
            if (code.endsWith("\\")) {
                current.append(code, 0, code.length() - 1);
                continue;
            }
            current.append(code);
            String command = current.toString().trim().replaceAll("\\s+", " ");
            if (!command.isEmpty()) {
                commands.add(command);
            }
            current.setLength(0);
        }
        return commands;
    }

    /** The {@code $ } commands of a shell session and the lines shown after each. */
    public static List<Step> session(String block) {
        List<Step> steps = new ArrayList<>();
        for (String line : block.split("\n")) {
            if (line.startsWith("$ ")) {
                steps.add(new Step(line.substring(2).trim(), new ArrayList<>()));
            } else if (!steps.isEmpty() && !line.isBlank()) {
                steps.get(steps.size() - 1).expected().add(line);
            } else if (!line.isBlank()) {
                throw new IllegalArgumentException("output before the first $ command: " + line);
            }
        }
        return steps;
    }

    /**
     * What is missing from {@code output}: null when it holds every expected line, in order. In an expected
     * line {@code ...} stands for any text; a line that is only {@code ...} stands for any lines.
     */
    public static String missing(List<String> expected, String output) {
        String[] lines = output.split("\n");
        int at = 0;
        for (String line : expected) {
            if (line.trim().equals("...")) {
                continue;
            }
            Pattern pattern = pattern(line);
            while (at < lines.length && !pattern.matcher(lines[at].stripTrailing()).matches()) {
                at++;
            }
            if (at == lines.length) {
                return line;
            }
            at++;
        }
        return null;
    }

    private static Pattern pattern(String line) {
        StringBuilder regex = new StringBuilder();
        String[] parts = line.stripTrailing().split("\\.\\.\\.", -1);
        for (int i = 0; i < parts.length; i++) {
            if (i > 0) {
                regex.append(".*");
            }
            regex.append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString());
    }

    /** The line without a shell comment: a {@code #} that starts a word outside quotes. */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
                return line.substring(0, i).stripTrailing();
            }
        }
        return line.stripTrailing();
    }
}
