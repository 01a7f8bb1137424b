package dev.wscommands.standalone;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * The WARNING of a standalone server that other machines may reach without authentication: listening on an
 * address other than loopback (an interface's address, or every interface's, {@code 0.0.0.0} or {@code ::})
 * with neither {@code --jwt-secret-file} nor {@code --jwt-jwks-file}.
 */
final class OpenPortWarning {

    private OpenPortWarning() {
    }

    /** The line to log at start for a server on {@code host}, or none when only this machine reaches it. */
    static Optional<String> of(String host, boolean authenticationOn) {
        if (authenticationOn || loopback(host)) {
            return Optional.empty();
        }
        return Optional.of("listening on " + host + " without authentication: anyone who reaches the port may run "
                + "every command (set --jwt-secret-file or --jwt-jwks-file)");
    }

    /** An address that cannot be resolved is taken as reachable from elsewhere: the warning errs on the safe side. */
    private static boolean loopback(String host) {
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
