package dev.wscommands.cli;

/**
 * One line of a {@code client --stdin} script: the command, then optionally a TAB and its argument. Commands
 * may contain spaces (the built-in one does), so only a TAB separates; in the argument {@code \t}, {@code \n},
 * {@code \r} and {@code \\} stand for a TAB, a line feed, a carriage return and a backslash, so that an argument
 * can be any text. The command is taken as it is.
 *
 * @param command  the request's {@code Command}
 * @param argument the request's {@code SomeOtherThing}, unescaped; empty without a TAB
 */
record ScriptLine(String command, String argument) {

    /** A line that is not a request, and why; the script goes on with the next line. */
    static final class Invalid extends Exception {

        private static final long serialVersionUID = 1L;

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads {@code line}, without its line terminator.
     *
     * @return the request, or null for an empty line (skipped)
     * @throws Invalid for an empty command or an unknown escape
     */
    static ScriptLine parse(String line) throws Invalid {
        if (line.isEmpty()) {
            return null;
        }
        int tab = line.indexOf('\t');
        String command = tab < 0 ? line : line.substring(0, tab);
        if (command.isEmpty()) {
            throw new Invalid("no command before the TAB");
        }
        return new ScriptLine(command, tab < 0 ? "" : unescape(line.substring(tab + 1)));
    }

    private static String unescape(String escaped) throws Invalid {
        if (escaped.indexOf('\\') < 0) {
            return escaped;
        }
        StringBuilder text = new StringBuilder(escaped.length());
        for (int i = 0; i < escaped.length(); i++) {
            char c = escaped.charAt(i);
            if (c != '\\') {
                text.append(c);
                continue;
            }
            if (++i == escaped.length()) {
                throw new Invalid("the argument ends in a lone backslash (write \\\\ for one)");
            }
            switch (escaped.charAt(i)) {
                case 't' -> text.append('\t');
                case 'n' -> text.append('\n');
                case 'r' -> text.append('\r');
                case '\\' -> text.append('\\');
                default -> throw new Invalid("unknown escape \\" + escaped.charAt(i)
                        + " in the argument (\\t, \\n, \\r and \\\\ are known)");
            }
        }
        return text.toString();
    }
}
