package chatlab;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;

/**
 * A one-to-one chat between the person at the server's console (the operator) and one client.
 *
 * <p>Both sides may speak at any moment, so one thread cannot do the job: a thread blocked
 * reading the client cannot notice that the operator typed a line, and the other way round.
 * The thread that calls {@link #serve()} accepts a client and reads its lines; the operator
 * thread reads the console and sends each line to the client.
 *
 * <p>One client at a time: while one is chatting, the next one waits in the operating system's
 * queue of pending connections, unanswered, until the first leaves (lab03 lifts this limit).
 *
 * <p>The console shows {@code * alice joined}, {@code alice: hello} for each message and
 * {@code * alice left}.
 */
public class ChatServer implements Closeable {

    /** The name the operator's lines carry: {@code MSG operator <text>}. */
    public static final String OPERATOR = "operator";

    private final ServerSocket serverSocket;
    private final BufferedReader console;
    private final PrintStream screen;
    /**
     * The welcomed client, the one the operator's lines go to; null while nobody is in the chat.
     * Set by the serve() thread, read by the operator thread: volatile.
     */
    private volatile ClientConnection current;
    /** The connection being served, welcomed or still choosing its name; null between clients. */
    private ClientConnection connected; // guarded by this
    /** Set once by close(): from then on no connection is served. */
    private boolean closed; // guarded by this

    /**
     * Opens the server socket.
     *
     * @param port    the port to listen on; 0 for any free port
     * @param console where the operator's lines come from (the keyboard, in {@link #main})
     * @param screen  where the operator sees the conversation
     */
    public ChatServer(int port, BufferedReader console, PrintStream screen) throws IOException {
        this.serverSocket = new ServerSocket(port);
        this.console = console;
        this.screen = screen;
    }

    /** The port the server listens on. */
    public int port() {
        return serverSocket.getLocalPort();
    }

    /** Starts the operator thread, then serves clients one after another until {@link #close()}. */
    public void serve() throws IOException {
        // region Step 4: start the operator thread, once, before the first client
        Thread operator = new Thread(this::relayOperatorLines, "operator");
        operator.setDaemon(true); // a thread blocked on the keyboard must not keep the program alive
        operator.start();
        //> // (until then nobody reads the console)
        // endregion
        // region Step 2: accept clients one by one and chat with each, until close()
        while (true) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (SocketException closed) {
                return; // close() was called
            }
            try (ClientConnection client = new ClientConnection(socket)) {
                chatWith(client);
            } catch (IOException broken) {
                // The connection broke: this conversation is over, the next client may come.
            }
        }
        // endregion
    }

    /** The conversation with one client: its name first, then its messages until it leaves. */
    private void chatWith(ClientConnection client) throws IOException {
        if (!admit(client)) {
            client.send(Protocol.SHUTDOWN); // accepted just as close() was called
            return;
        }
        try {
            String name = askName(client);
            if (name != null) {
                screen.println("* " + name + " joined");
                try {
                    relayClientLines(client, name);
                } finally {
                    screen.println("* " + name + " left");
                }
            }
        } catch (LineReader.LineTooLongException tooLong) {
            client.send(Protocol.lineTooLong()); // a name line or a message: the same rule (PROTOCOL.md §1)
        } finally {
            release();
        }
    }

    /** Makes this the connection close() must tell; false if close() was called already. */
    private synchronized boolean admit(ClientConnection client) {
        if (closed) {
            return false;
        }
        connected = client;
        return true;
    }

    /** Nobody is connected any more. */
    private synchronized void release() {
        connected = null;
        current = null;
    }

    /**
     * Reads name lines until one is valid and welcomes the client.
     *
     * @return the accepted name, or null if the client left before choosing one
     */
    private String askName(ClientConnection client) throws IOException {
        // region Step 2: read name lines, refuse invalid ones, make the client current, then welcome it
        while (true) {
            String name = client.readLine();
            if (name == null || name.equals(Protocol.QUIT)) {
                return null;
            }
            if (Protocol.isValidName(name)) {
                // Current first, WELCOME second: once welcomed, the client may get the operator's lines.
                current = client;
                client.send(Protocol.welcome(name));
                return name;
            }
            client.send(Protocol.refusedInvalidName());
        }
        // endregion
    }

    /** Shows the client's messages on the console until it sends {@code {quit}} or disconnects. */
    private void relayClientLines(ClientConnection client, String name) throws IOException {
        // region Step 3: print each message as "name: text" until {quit} or the end of the stream
        String line;
        while ((line = client.readLine()) != null && !line.equals(Protocol.QUIT)) {
            if (Protocol.isMessage(line)) {
                screen.println(name + ": " + line);
            }
        }
        // endregion
    }

    /** The operator thread: sends each console line to the client; {@code {quit}} ends the chat. */
    private void relayOperatorLines() {
        // region Step 4: read console lines and send them to the current client; {quit} ends its chat
        String line;
        while ((line = readConsole()) != null) {
            ClientConnection client = current; // read once: the client may leave meanwhile
            if (client == null) {
                screen.println("(nobody is in the chat: the line was not sent)");
                continue;
            }
            try {
                if (line.equals(Protocol.QUIT)) {
                    client.send(Protocol.left(OPERATOR, Protocol.LEFT_QUIT));
                    client.close(); // the serve() thread's readLine() ends, and it moves on
                } else if (Protocol.isMessage(line)) {
                    client.send(Protocol.message(OPERATOR, line));
                }
            } catch (IOException gone) {
                // This client vanished; the next line goes to whoever is in the chat then.
                screen.println("(the client has left: the line was not sent)");
            }
        }
        // endregion
    }

    /** The operator's next line; null when the console ends (Ctrl+D) or fails. */
    private String readConsole() {
        try {
            return console.readLine();
        } catch (IOException e) {
            screen.println("(the operator's console failed: " + e.getMessage() + ")");
            return null;
        }
    }

    /**
     * Stops accepting clients, tells the connected one (welcomed or still choosing its name) that
     * the server is shutting down, and closes it; serve() then returns.
     */
    @Override
    public void close() throws IOException {
        // region Step 5: no new client after this; close the server socket, then SHUTDOWN the connected client
        ClientConnection client;
        synchronized (this) { // the same lock as admit(): a client is either admitted before, or refused after
            closed = true;
            client = connected;
        }
        serverSocket.close(); // accept() fails from now on: no queued client is welcomed any more
        if (client != null) {
            // Under the connection's lock, the one send() takes: SHUTDOWN is its last line. The serve
            // thread may be about to send WELCOME, the operator thread a message; each waits, and
            // then finds the connection closed.
            synchronized (client) {
                try {
                    client.send(Protocol.SHUTDOWN);
                    client.close();
                } catch (IOException alreadyGone) {
                    // The client left meanwhile: nothing to tell it.
                }
            }
        }
        // endregion
    }

    /** Runs the chat: {@code ChatServer [port]}; type lines to chat, {quit} ends the current chat. */
    public static void main(String[] args) throws IOException {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : Protocol.DEFAULT_PORT;
        BufferedReader keyboard = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try (ChatServer server = new ChatServer(port, keyboard, System.out)) {
            System.out.println("Chat server on port " + server.port() + ". Connect with: nc localhost "
                    + server.port() + "   (type lines to answer, {quit} ends a chat, Ctrl+C stops)");
            server.serve();
        }
    }
}
