// solution-only
package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.BindException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** {@code java -jar chat.jar server}: the chat server, until Ctrl+C. */
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs the chat server. Ctrl+C stops it cleanly: every client gets SHUTDOWN first.",
                "Every message is appended to the log file; a newcomer gets the last ones as history."})
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);
    /** How long Ctrl+C waits for the clients to get their SHUTDOWN before the program ends. */
    private static final Duration GOODBYE_TIME = Duration.ofSeconds(3);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "ADDRESS",
            description = "Address to listen on (default: ${DEFAULT-VALUE}, this machine only)."
                    + " Use 0.0.0.0 to let other machines of the network connect.")
    private String host;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT",
            description = "TCP port, 1-65535, or 0 for any free port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = "--log", defaultValue = Protocol.DEFAULT_LOG_FILE, paramLabel = "FILE",
            description = "The chat log, read at start and appended to (default: ${DEFAULT-VALUE}"
                    + " in the working directory).")
    private Path log;

    @Option(names = "--history", defaultValue = "20", paramLabel = "N",
            description = "How many past messages and notices a newcomer gets, 0-" + Protocol.MAX_HISTORY
                    + " (default: ${DEFAULT-VALUE}).")
    private int history;

    @Option(names = "--log-max-mb", defaultValue = "64", paramLabel = "MB",
            description = "The log is rotated once it has this many megabytes: chat_log.txt becomes chat_log.1.txt"
                    + " and a new one begins, so a restart stays fast whatever the past (default: ${DEFAULT-VALUE}).")
    private int logMaxMegabytes;

    @Option(names = "--log-keep", defaultValue = "4", paramLabel = "N",
            description = "How many rotated logs are kept (chat_log.1.txt to chat_log.N.txt); older ones are"
                    + " deleted (default: ${DEFAULT-VALUE}).")
    private int logKeep;

    @Option(names = "--max-clients", defaultValue = "" + Protocol.MAX_CLIENTS, paramLabel = "N",
            description = "Connections at once; more are refused with ERROR SERVER_FULL (default: ${DEFAULT-VALUE}).")
    private int maxClients;

    @Option(names = "--name-timeout", defaultValue = "30", paramLabel = "SECONDS",
            description = "A connection not welcomed (no good name) within this time is closed (default: ${DEFAULT-VALUE}).")
    private int nameTimeout;

    @Option(names = "--send-queue", defaultValue = "" + Protocol.SEND_QUEUE_BYTES / 1024, paramLabel = "KB",
            description = "A client's send queue budget: a client with more than this waiting for it for longer"
                    + " than --send-queue-grace is dropped (default: ${DEFAULT-VALUE}).")
    private int sendQueueKb;

    @Option(names = "--send-queue-grace", defaultValue = "5", paramLabel = "SECONDS",
            description = "See --send-queue (default: ${DEFAULT-VALUE}).")
    private int sendQueueGrace;

    @Option(names = "--flood-lines", defaultValue = "10", paramLabel = "N",
            description = "Lines a second one client may send on average; 0: no flood limit at all (default: ${DEFAULT-VALUE}).")
    private int floodLines;

    @Option(names = "--flood-burst", defaultValue = "30", paramLabel = "N",
            description = "Lines one client may send at once (default: ${DEFAULT-VALUE}).")
    private int floodBurst;

    @Option(names = "--flood-bytes", defaultValue = "16384", paramLabel = "BYTES",
            description = "Bytes a second one client may send on average; four times that at once (default: ${DEFAULT-VALUE}).")
    private int floodBytes;

    @Option(names = "--flood-delay", defaultValue = "10", paramLabel = "SECONDS",
            description = "How long a client over its allowance is slowed down before its lines over it are"
                    + " refused with ERROR FLOOD (default: ${DEFAULT-VALUE}).")
    private int floodDelay;

    @Option(names = "--gui", description = "Also open a monitor window: the address, who is online, live messages.")
    private boolean gui;

    @Override
    public Integer call() {
        check(port >= 0 && port <= 65535, "--port must be 1-65535 (or 0 for any free port), not " + port);
        check(history >= 0 && history <= Protocol.MAX_HISTORY,
                "--history must be 0-" + Protocol.MAX_HISTORY + ", not " + history);
        check(maxClients >= 1, "--max-clients must be 1 or more, not " + maxClients);
        check(nameTimeout >= 1, "--name-timeout must be 1 second or more, not " + nameTimeout);
        // A FIFO would hang the start (opening it waits for a reader); a device or a folder is no log either.
        check(!Files.exists(log) || Files.isRegularFile(log), "--log " + log + " is not a regular file (a folder,"
                + " a FIFO or a device?): give the path of a file, which is created if it does not exist.");
        check(logMaxMegabytes >= 1, "--log-max-mb must be 1 or more, not " + logMaxMegabytes);
        check(logKeep >= 1, "--log-keep must be 1 or more, not " + logKeep);
        check(sendQueueKb >= 8 && sendQueueGrace >= 1, "--send-queue must be 8 KB or more, --send-queue-grace 1 s or more");
        check(floodLines == 0 || (floodBurst >= 1 && floodBytes >= 1024 && floodDelay >= 0),
                "--flood-burst must be 1 or more, --flood-bytes 1024 or more, --flood-delay 0 or more");
        FloodLimit flood = floodLines == 0 ? FloodLimit.NONE : new FloodLimit(floodLines, floodBurst, floodBytes,
                Math.max(4 * floodBytes, Protocol.MAX_LINE_BYTES + 1), Duration.ofSeconds(floodDelay));
        ServerLimits limits = new ServerLimits(maxClients, Duration.ofSeconds(nameTimeout))
                .withSendQueue(sendQueueKb * 1024L, Duration.ofSeconds(sendQueueGrace)).withFlood(flood);
        ChatLog.Rotation rotation = new ChatLog.Rotation((long) logMaxMegabytes << 20, logKeep);
        PrintWriter err = spec.commandLine().getErr();
        ChatServer server;
        try {
            InetAddress address = InetAddress.getByName(host);
            server = gui ? ServerMonitor.open(address, port, log, history, limits, rotation)
                    : new ChatServer(address, port, log, history, limits, rotation);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--host " + host + ": no such host or address.");
        } catch (BindException e) {
            err.println("Cannot listen on " + host + ":" + port + " (" + e.getMessage() + "). "
                    + (String.valueOf(e.getMessage()).contains("in use")
                    ? "Another program (another chat server?) uses that port: stop it, or pick another --port."
                    : "Is " + host + " an address of this machine?"));
            return 1;
        } catch (IOException e) {
            err.println("Cannot start the server on " + host + ":" + port + ": " + e.getMessage());
            return 1;
        }

        LOG.info("One {} thread per client reader; at most {} connections", ServerThreads.virtual()
                ? "virtual" : "platform", limits.maxClients());
        spec.commandLine().getOut().printf("Chat server on %s:%d, log %s, history %d. Ctrl+C stops it.%n"
                        + "Connect with: java -jar chat.jar client --host %s --port %d   or   nc %s %d%n",
                host, server.port(), log.toAbsolutePath(), history, host, server.port(), host, server.port());
        spec.commandLine().getOut().flush();
        CountDownLatch served = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, served), "chat server shutdown"));
        try {
            server.serve();
        } catch (IOException e) {
            LOG.error("The server stopped: {}", e.toString());
            return 1;
        } finally {
            served.countDown();
        }
        return 0;
    }

    private void check(boolean valid, String problem) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    /**
     * Runs on Ctrl+C (and on a normal kill): closes the server, whose serve() then sends SHUTDOWN
     * to every client, and gives the clients' writers a moment to deliver it. The program ends
     * when this method returns, whatever is still running.
     */
    private static void stop(ChatServer server, CountDownLatch served) {
        LOG.info("Stopping: telling the clients");
        try {
            server.close();
            long deadline = System.nanoTime() + GOODBYE_TIME.toNanos();
            served.await(GOODBYE_TIME.toMillis(), TimeUnit.MILLISECONDS);
            // Each client leaves the list once its writer has sent SHUTDOWN and closed the connection.
            while (!server.online().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            LOG.warn("Stopping did not go smoothly: {}", e.toString());
        }
        LOG.info("Server stopped");
    }
}
