package dev.wscommands.auth;

/** A key file that cannot be used, with a one-line message naming the setting, the file and the problem. */
public final class KeyFileException extends IllegalArgumentException {

    KeyFileException(String message) {
        super(message);
    }
}
