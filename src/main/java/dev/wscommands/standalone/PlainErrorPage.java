package dev.wscommands.standalone;

import org.glassfish.grizzly.http.server.ErrorPageGenerator;
import org.glassfish.grizzly.http.server.Request;

/** The body of the errors Grizzly answers itself: the status alone, with no product name, version or trace. */
enum PlainErrorPage implements ErrorPageGenerator {
    INSTANCE;

    @Override
    public String generate(Request request, int status, String reasonPhrase, String description, Throwable exception) {
        return "<!DOCTYPE html><title>" + status + "</title><p>" + status + " " + reasonPhrase + "</p>\n";
    }
}
