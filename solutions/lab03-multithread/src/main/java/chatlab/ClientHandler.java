package chatlab;

import java.io.IOException;

/**
 * Serves one client, on a thread of its own: the client's name first, then its messages, until
 * it leaves. Whatever way the conversation ends, the handler removes its client from the server
 * and closes the connection, and its thread ends.
 */
public class ClientHandler implements Runnable {

    private final ChatServer server;
    private final ClientConnection connection;
    /** Null until the client is welcomed. Written by this handler's thread, read by others: volatile. */
    private volatile String name;

    public ClientHandler(ChatServer server, ClientConnection connection) {
        this.server = server;
        this.connection = connection;
    }

    /** The client's name, or null while it has not chosen a valid one. */
    public String name() {
        return name;
    }

    @Override
    public void run() {
        // region Step 1: chat with the client; however it ends, close the connection and remove the client
        try {
            chat();
        } catch (IOException gone) {
            // The connection broke or was closed: this conversation is over.
        } finally {
            closeConnection();
            server.remove(this);
        }
        // endregion
    }

    /** The conversation: a name, then messages until {@code {quit}} or the end of the stream. */
    private void chat() throws IOException {
        try {
            if (!askName()) {
                return;
            }
            String line;
            while ((line = connection.readLine()) != null && !line.equals(Protocol.QUIT)) {
                if (Protocol.isMessage(line)) {
                    connection.send(Protocol.message(name, line));
                }
            }
        } catch (LineReader.LineTooLongException tooLong) { // a name line too, not only a message
            connection.send(Protocol.lineTooLong());
        }
    }

    /** Reads name lines until one is valid; false if the client left before choosing one. */
    private boolean askName() throws IOException {
        while (true) {
            String line = connection.readLine();
            if (line == null || line.equals(Protocol.QUIT)) {
                return false;
            }
            if (Protocol.isValidName(line)) {
                name = line;
                connection.send(Protocol.welcome(line));
                return true;
            }
            connection.send(Protocol.refusedInvalidName());
        }
    }

    /** Tells the client the server is shutting down and closes the connection; its thread then ends. */
    public void shutDown() {
        try {
            connection.send(Protocol.SHUTDOWN);
        } catch (IOException alreadyGone) {
            // It left meanwhile: closing below is all that is left to do.
        }
        closeConnection();
    }

    private void closeConnection() {
        try {
            connection.close();
        } catch (IOException ignored) {
            // Closing a socket that is already broken may fail; it is closed either way.
        }
    }
}
