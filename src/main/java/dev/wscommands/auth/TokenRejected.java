package dev.wscommands.auth;

/**
 * A token that is not accepted, with a short reason fit for the client and the log: it never quotes the token
 * nor anything the token says.
 */
public final class TokenRejected extends Exception {

    TokenRejected(String reason) {
        super(reason, null, false, false);
    }
}
