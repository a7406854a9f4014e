// solution-only
package chatlab;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
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
@Command(name = "server", mixinStandardHelpOptions = true, sortOptions = false) // its texts: ChatApp.commandLine
final class ServerCommand implements Callable<Integer> {

    private static final Logger LOG = LoggerFactory.getLogger(ServerCommand.class);
    /** How long Ctrl+C waits for the clients to get their SHUTDOWN before the program ends. */
    private static final Duration GOODBYE_TIME = Duration.ofSeconds(3);

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "ADDRESS",
            descriptionKey = "server.host")
    private String host;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT",
            descriptionKey = "server.port")
    private int port;

    @Option(names = "--log", defaultValue = Protocol.DEFAULT_LOG_FILE, paramLabel = "FILE",
            descriptionKey = "server.log")
    private Path log;

    @Option(names = "--history", defaultValue = "20", paramLabel = "N",
            descriptionKey = "server.history")
    private int history;

    @Option(names = "--log-max-mb", defaultValue = "64", paramLabel = "MB",
            descriptionKey = "server.logMaxMb")
    private int logMaxMegabytes;

    @Option(names = "--log-keep", defaultValue = "4", paramLabel = "N",
            descriptionKey = "server.logKeep")
    private int logKeep;

    @Option(names = "--max-clients", defaultValue = "" + Protocol.MAX_CLIENTS, paramLabel = "N",
            descriptionKey = "server.maxClients")
    private int maxClients;

    @Option(names = "--name-timeout", defaultValue = "30", paramLabel = "SECONDS",
            descriptionKey = "server.nameTimeout")
    private int nameTimeout;

    @Option(names = "--send-queue", defaultValue = "" + Protocol.SEND_QUEUE_BYTES / 1024, paramLabel = "KB",
            descriptionKey = "server.sendQueue")
    private int sendQueueKb;

    @Option(names = "--send-queue-grace", defaultValue = "5", paramLabel = "SECONDS",
            descriptionKey = "server.sendQueueGrace")
    private int sendQueueGrace;

    @Option(names = "--flood-lines", defaultValue = "10", paramLabel = "N",
            descriptionKey = "server.floodLines")
    private int floodLines;

    @Option(names = "--flood-burst", defaultValue = "30", paramLabel = "N",
            descriptionKey = "server.floodBurst")
    private int floodBurst;

    @Option(names = "--flood-bytes", defaultValue = "16384", paramLabel = "BYTES",
            descriptionKey = "server.floodBytes")
    private int floodBytes;

    @Option(names = "--flood-delay", defaultValue = "10", paramLabel = "SECONDS",
            descriptionKey = "server.floodDelay")
    private int floodDelay;

    @Option(names = "--gui", descriptionKey = "server.gui")
    private boolean gui;

    @Mixin
    private LanguageOption language;

    @Override
    public Integer call() {
        check(port >= 0 && port <= 65535, Texts.get("server.port.wrong", port));
        check(history >= 0 && history <= Protocol.MAX_HISTORY, Texts.get("server.history.wrong", Protocol.MAX_HISTORY, history));
        check(maxClients >= 1, Texts.get("server.maxClients.wrong", maxClients));
        check(nameTimeout >= 1, Texts.get("server.nameTimeout.wrong", nameTimeout));
        // A FIFO would hang the start (opening it waits for a reader); a device or a folder is no log either.
        check(!Files.exists(log) || Files.isRegularFile(log), Texts.get("server.log.wrong", log));
        check(logMaxMegabytes >= 1, Texts.get("server.logMaxMb.wrong", logMaxMegabytes));
        check(logKeep >= 1, Texts.get("server.logKeep.wrong", logKeep));
        check(sendQueueKb >= 8 && sendQueueGrace >= 1, Texts.get("server.sendQueue.wrong"));
        check(floodLines == 0 || (floodBurst >= 1 && floodBytes >= 1024 && floodDelay >= 0), Texts.get("server.flood.wrong"));
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
            throw new ParameterException(spec.commandLine(), Texts.get("server.host.unknown", host));
        } catch (BindException e) {
            err.println(String.valueOf(e.getMessage()).contains("in use")
                    ? Texts.get("server.bind.inUse", host, port, e.getMessage())
                    : Texts.get("server.bind.notHere", host, port, e.getMessage()));
            return 1;
        } catch (IOException e) {
            err.println(Texts.get("server.cannotStart", host, port, e.getMessage()));
            return 1;
        }

        LOG.info(ServerThreads.virtual() ? Texts.get("server.threads.virtual", limits.maxClients())
                : Texts.get("server.threads.platform", limits.maxClients()));
        spec.commandLine().getOut().println(Texts.get("server.listening", host, server.port(), log.toAbsolutePath(),
                history));
        spec.commandLine().getOut().flush();
        CountDownLatch served = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(server, served), "chat server shutdown"));
        try {
            server.serve();
        } catch (IOException e) {
            LOG.error(Texts.get("server.stoppedByError", e));
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
        LOG.info(Texts.get("server.stopping"));
        try {
            server.close();
            long deadline = System.nanoTime() + GOODBYE_TIME.toNanos();
            served.await(GOODBYE_TIME.toMillis(), TimeUnit.MILLISECONDS);
            // Each client leaves the list once its writer has sent SHUTDOWN and closed the connection.
            while (!server.online().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
        } catch (IOException | InterruptedException e) {
            LOG.warn(Texts.get("server.stoppingFailed", e));
        }
        LOG.info(Texts.get("server.stopped"));
    }
}
