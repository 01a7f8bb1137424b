package dev.wscommands.war;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's table of TCP sockets ({@code /proc/net/tcp} and {@code tcp6}, Linux), read to see the server's end
 * of one loopback connection as {@code ss} shows it: its state and the bytes it has not yet sent.
 */
final class TcpTable {

    /** The state the kernel numbers 1. */
    static final String ESTABLISHED = "ESTABLISHED";
    private static final String[] STATES = {"?", ESTABLISHED, "SYN_SENT", "SYN_RECV", "FIN_WAIT1", "FIN_WAIT2",
            "TIME_WAIT", "CLOSE", "CLOSE_WAIT", "LAST_ACK", "LISTEN", "CLOSING"};

    /** One socket: its state, and its send and receive queues in bytes. */
    record Socket(int localPort, int remotePort, String state, long sendQueue, long receiveQueue) {
    }

    private TcpTable() {
    }

    /** The socket whose local port is {@code localPort} and remote port {@code remotePort}, if the kernel has one. */
    static Optional<Socket> find(int localPort, int remotePort) throws IOException {
        return sockets().stream().filter(s -> s.localPort() == localPort && s.remotePort() == remotePort).findFirst();
    }

    static List<Socket> sockets() throws IOException {
        List<Socket> sockets = new ArrayList<>();
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path file = Path.of(table);
            if (!Files.exists(file)) {
                continue;
            }
            List<String> lines = Files.readAllLines(file);
            for (String line : lines.subList(1, lines.size())) {
                // sl local_address rem_address st tx_queue:rx_queue ...; addresses are HEXADDRESS:HEXPORT
                String[] fields = line.trim().split("\\s+");
                String[] queues = fields[4].split(":");
                int state = Integer.parseInt(fields[3], 16);
                sockets.add(new Socket(port(fields[1]), port(fields[2]),
                        state < STATES.length ? STATES[state] : "?",
                        Long.parseLong(queues[0], 16), Long.parseLong(queues[1], 16)));
            }
        }
        return sockets;
    }

    private static int port(String address) {
        return Integer.parseInt(address.substring(address.indexOf(':') + 1), 16);
    }
}
