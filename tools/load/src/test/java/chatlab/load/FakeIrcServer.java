package chatlab.load;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Just enough of an IRC server for the load tool's {@code --protocol irc} (RFC 2812): on loopback,
 * a thread per connection. It asks every newcomer for a PONG before it registers it (as many IRC
 * servers do), answers {@code 001} once it has NICK, USER and the PONG, confirms {@code JOIN #chat}
 * to the joiner, and relays {@code PRIVMSG #chat} to every other member of #chat, not to its
 * sender, as IRC does. It keeps every line each connection sent, as sent (with its "\r\n"), and
 * counts the messages it relayed: a test compares them with what the tool says it sent and got.
 */
final class FakeIrcServer implements Closeable {

    private static final String HOST = "fake.irc.invalid";

    private final ServerSocket listening;
    /** Every line each connection sent, in order, raw ("\r\n" kept), by connection number. */
    final Map<Integer, List<String>> received = new ConcurrentHashMap<>();
    /** PRIVMSG #chat lines taken from senders, and the copies relayed to other members. */
    final AtomicLong messagesIn = new AtomicLong();
    final AtomicLong copiesOut = new AtomicLong();
    /** Lines that broke the rules this server checks (a missing "\r\n", a PRIVMSG before JOIN...). */
    final List<String> wrong = new CopyOnWriteArrayList<>();
    /** The members of #chat and where to write to them; writes to the channel are one at a time. */
    private final Map<String, OutputStream> channel = new ConcurrentHashMap<>();

    FakeIrcServer() throws IOException {
        listening = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(this::accept, "fake IRC accept");
        accepting.setDaemon(true);
        accepting.start();
    }

    int port() {
        return listening.getLocalPort();
    }

    private void accept() {
        int number = 0;
        while (true) {
            Socket socket;
            try {
                socket = listening.accept();
            } catch (IOException closed) {
                return;
            }
            int connection = number++;
            received.put(connection, new CopyOnWriteArrayList<>());
            Thread serving = new Thread(() -> serve(connection, socket), "fake IRC " + connection);
            serving.setDaemon(true);
            serving.start();
        }
    }

    private void serve(int connection, Socket socket) {
        String nick = null;
        boolean user = false;
        boolean pinged = false;
        boolean ponged = false;
        boolean registered = false;
        boolean joined = false;
        String pingToken = "fake-" + connection;
        try (socket) {
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            String raw;
            while ((raw = readRawLine(in)) != null) {
                received.get(connection).add(raw);
                if (!raw.endsWith("\r\n")) {
                    wrong.add(connection + ": not ended by \\r\\n: " + raw);
                }
                String line = raw.strip();
                if (line.startsWith("NICK ")) {
                    nick = line.substring(5);
                } else if (line.startsWith("USER ")) {
                    user = true;
                } else if (line.equals("PONG :" + pingToken) || line.equals("PONG " + pingToken)) {
                    ponged = true;
                } else if (line.equals("JOIN #chat") && registered) {
                    joined = true;
                    channel.put(nick, out);
                    write(out, ":" + nick + "!" + nick + "@" + HOST + " JOIN #chat");
                } else if (line.startsWith("PRIVMSG #chat :") && joined) {
                    messagesIn.incrementAndGet();
                    relay(nick, ":" + nick + "!" + nick + "@" + HOST + " " + line);
                } else {
                    wrong.add(connection + ": unexpected now: " + line);
                }
                if (nick != null && user && !pinged) {
                    pinged = true;
                    write(out, "PING :" + pingToken); // to be answered before this client may register
                } else if (nick != null && user && ponged && !registered) {
                    registered = true;
                    write(out, ":" + HOST + " 001 " + nick + " :Welcome to the fake IRC network " + nick);
                }
            }
        } catch (IOException gone) {
            // the tool closed the connection
        } finally {
            if (nick != null) {
                channel.remove(nick);
            }
        }
    }

    /** To every member of #chat but the sender, as IRC does. */
    private synchronized void relay(String sender, String line) throws IOException {
        for (Map.Entry<String, OutputStream> member : channel.entrySet()) {
            if (!member.getKey().equals(sender)) {
                write(member.getValue(), line);
                copiesOut.incrementAndGet();
            }
        }
    }

    private static void write(OutputStream out, String line) throws IOException {
        synchronized (out) {
            out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
    }

    /** One line with its end ("\r\n" or "\n") kept; null at the end of the stream. */
    private static String readRawLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1) {
            line.write(b);
            if (b == '\n') {
                return line.toString(StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() throws IOException {
        listening.close();
    }
}
