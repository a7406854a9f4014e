package chatlab.load;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * {@code java -jar chat-load.jar}: puts a chat server of labs 03-06 under load and measures it.
 * Bounded on purpose: at most {@value #MAX_CLIENTS} clients for at most {@value #MAX_SECONDS} s,
 * against this machine only. It is a tool to measure your own server, not to flood anybody's.
 */
@Command(name = "java -jar chat-load.jar", mixinStandardHelpOptions = true, sortOptions = false,
        version = "Chat Lab Kit - load tool 1.0",
        description = {"Connects N clients to a chat server on this machine; K of them send R messages/s each for S seconds.",
                "Prints how many clients got in, the deliveries expected and received (loss), deliveries/s,",
                "and the latency of a delivery (p50, p99, max), from when a message was due to when a client got it."})
public final class LoadCommand implements Callable<Integer> {

    static final int MAX_CLIENTS = 10_000;
    static final int MAX_SECONDS = 600;

    @Spec
    private CommandSpec spec;

    @Option(names = "--host", defaultValue = "localhost", paramLabel = "ADDRESS",
            description = "The server's address; this machine only (default: ${DEFAULT-VALUE}).")
    private String host;

    @Option(names = "--port", defaultValue = "12345", paramLabel = "PORT", description = "The server's port (default: ${DEFAULT-VALUE}).")
    private int port;

    @Option(names = {"-n", "--clients"}, defaultValue = "100", paramLabel = "N",
            description = "Clients in the chat, 1-" + MAX_CLIENTS + " (default: ${DEFAULT-VALUE}).")
    private int clients;

    @Option(names = {"-k", "--senders"}, defaultValue = "10", paramLabel = "K",
            description = "How many of the clients send, 1-N (default: ${DEFAULT-VALUE}).")
    private int senders;

    @Option(names = {"-r", "--rate"}, defaultValue = "5", paramLabel = "R",
            description = "Messages per second of each sender (default: ${DEFAULT-VALUE}).")
    private double rate;

    @Option(names = {"-s", "--seconds"}, defaultValue = "10", paramLabel = "S",
            description = "Measured sending time in seconds (default: ${DEFAULT-VALUE}).")
    private int seconds;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "S",
            description = "Sending time before measuring, while the server's JIT warms up (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--size", defaultValue = "64", paramLabel = "BYTES",
            description = "Length of each message's text, 40-4096 (default: ${DEFAULT-VALUE}).")
    private int size;

    @Option(names = "--echo", description = "Each message comes back to its sender only (the lab03 server); "
            + "by default every client gets every message (labs 04-06).")
    private boolean echo;

    @Option(names = "--join-timeout", defaultValue = "60", paramLabel = "S",
            description = "How long the clients may take to get in (default: ${DEFAULT-VALUE}).")
    private int joinTimeout;

    @Option(names = "--stuck", defaultValue = "0", paramLabel = "N",
            description = "Also N clients that join and then never read (default: ${DEFAULT-VALUE}).")
    private int stuck;

    @Option(names = "--join-rate", defaultValue = "0", paramLabel = "N",
            description = "At most N new connections a second; 0: as fast as the server welcomes them (default: ${DEFAULT-VALUE}).")
    private double joinRate;

    @Option(names = "--protocol", defaultValue = "kit", paramLabel = "kit|irc",
            description = "kit: the kit's chat protocol (PROTOCOL.md); irc: NICK, USER, JOIN #chat, PRIVMSG, to measure"
                    + " an IRC server such as ngircd beside the kit's (default: ${DEFAULT-VALUE}).")
    private String protocol;

    @Option(names = "--server-pid", defaultValue = "0", paramLabel = "PID",
            description = "The server's process id (Linux): also report its memory per connected client.")
    private long serverPid;

    @Override
    public Integer call() throws IOException {
        check(clients >= 1 && clients <= MAX_CLIENTS, "--clients must be 1-" + MAX_CLIENTS + ", not " + clients);
        check(senders >= 1 && senders <= clients, "--senders must be 1-" + clients + " (the clients), not " + senders);
        check(rate > 0 && senders * rate <= 100_000, "--rate must be above 0, and senders x rate at most 100000 msg/s");
        check(seconds >= 1 && warmup >= 0 && warmup + seconds <= MAX_SECONDS,
                "--seconds must be 1 or more, --warmup 0 or more, and both together at most " + MAX_SECONDS);
        check(size >= 40 && size <= 4096, "--size must be 40-4096, not " + size);
        check(stuck >= 0 && clients + stuck <= MAX_CLIENTS, "--stuck must be 0 or more, with --clients at most "
                + MAX_CLIENTS + " in all");
        check(joinRate >= 0, "--join-rate must be 0 or more, not " + joinRate);
        check(protocol.equals("kit") || protocol.equals("irc"), "--protocol must be kit or irc, not " + protocol);
        check(!(echo && protocol.equals("irc")), "--echo is the kit's lab03 server: not with --protocol irc");
        check(port >= 1 && port <= 65535, "--port must be 1-65535, not " + port);
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new ParameterException(spec.commandLine(), "--host " + host + ": no such host or address.");
        }
        check(address.isLoopbackAddress(), "--host must be this machine (localhost, 127.0.0.1): "
                + "the tool measures your own server, it does not load other people's machines.");

        LoadSettings settings = new LoadSettings(new InetSocketAddress(address, port), clients, senders, rate,
                Duration.ofSeconds(warmup), Duration.ofSeconds(seconds), size, !echo, Duration.ofSeconds(joinTimeout),
                serverPid, stuck, joinRate, protocol.equals("irc"));
        spec.commandLine().getOut().printf("chat-load: %d clients against %s:%d%n", clients, host, port);
        LoadReport report;
        try {
            report = new LoadRun(settings, System.out).run();
        } catch (IOException e) {
            spec.commandLine().getErr().println("The load run failed: " + e.getMessage()
                    + " (is a chat server running on " + host + ":" + port + "?)");
            return 1;
        }
        report.print(System.out);
        return report.clientsConnected == 0 ? 1 : 0;
    }

    private void check(boolean valid, String problem) {
        if (!valid) {
            throw new ParameterException(spec.commandLine(), problem);
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadCommand()).execute(args));
    }
}
