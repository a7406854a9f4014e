package chatlab;

import javax.swing.text.AttributeSet;
import javax.swing.text.BadLocationException;
import javax.swing.text.DocumentFilter;
import javax.swing.text.Element;

/**
 * Keeps a document to its last lines: each insert that makes it longer than that removes the
 * oldest lines. Without it a chat left open all day, or a classmate's flood, grows the transcript
 * (and the memory of the client) without end. Runs on the EDT, like every change to the document.
 */
final class KeepLastLines extends DocumentFilter {

    private final int maxLines;

    KeepLastLines(int maxLines) {
        this.maxLines = maxLines;
    }

    @Override
    public void insertString(FilterBypass bypass, int offset, String text, AttributeSet style)
            throws BadLocationException {
        super.insertString(bypass, offset, text, style);
        dropOldest(bypass);
    }

    @Override
    public void replace(FilterBypass bypass, int offset, int length, String text, AttributeSet style)
            throws BadLocationException {
        super.replace(bypass, offset, length, text, style);
        dropOldest(bypass);
    }

    private void dropOldest(FilterBypass bypass) throws BadLocationException {
        Element lines = bypass.getDocument().getDefaultRootElement();
        // The last element is the empty line after the final '\n': it is not a line of text.
        int extra = lines.getElementCount() - 1 - maxLines;
        if (extra > 0) {
            bypass.remove(0, lines.getElement(extra).getStartOffset());
        }
    }
}
