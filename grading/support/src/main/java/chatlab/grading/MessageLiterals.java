package chatlab.grading;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The failure messages a test source writes as literals, as the in-step check ({@link InStepCheck})
 * reads them: each becomes the text a reason template ({@link Feedback}) must match.
 *
 * <p>How literals are extracted (plain text scanning, no compiler):
 * <ul>
 *   <li>comments are ignored;</li>
 *   <li>the message argument of these calls: the first argument of {@code .as(},
 *       {@code .describedAs(}, {@code .withFailMessage(}, {@code .overridingErrorMessage(},
 *       {@code fail(} and {@code new AssertionError(}; the last argument (if there are two or more)
 *       of JUnit's {@code assertTrue/assertFalse/assertNull/assertNotNull/assertEquals/
 *       assertNotEquals/assertSame/assertNotSame(} and of {@code until(} (Waits.until's message
 *       supplier), and of the lab's own helpers that put a text into a message, named in
 *       grading/in-step.txt ({@code helper next}: the last argument of {@code next(}, e.g.
 *       {@code chat.next(client, "the answer to the name alice")});</li>
 *   <li>in that argument, a leading {@code () ->} is dropped; a conditional {@code c ? a : b}
 *       gives one message per branch; the parts joined with {@code +} make one message, where each
 *       string literal is its text (Java escapes undone) and anything else ({@code x},
 *       {@code f(y)}, {@code (a + b)}) is {@code %s}; {@code String.format("...", ...)} and
 *       {@code "...".formatted(...)} count as their literal;</li>
 *   <li>in the text, format specifiers ({@code %d}, {@code %s}, {@code %.1f}, {@code %1$s}...) become
 *       {@code %s}, {@code %%} becomes {@code %}, white space is folded into one space (as
 *       {@link Reasons} shows it), and consecutive {@code %s} become one;</li>
 *   <li>an argument without any string literal (a variable, {@code e.getMessage()}) gives no
 *       message: its text comes from elsewhere (a helper's literal, the testkit, AssertJ).</li>
 * </ul>
 */
final class MessageLiterals {

    /** One message: its text with %s for what varies, and where its call is in the source. */
    record Message(String text, int offset) {
    }

    private static final Pattern FIRST_ARGUMENT = Pattern.compile(
            "(?:\\.as|\\.describedAs|\\.withFailMessage|\\.overridingErrorMessage|\\bfail|\\bnew\\s+AssertionError)\\s*\\(");
    private static final Pattern LAST_ARGUMENT = Pattern.compile(
            "\\b(?:assertTrue|assertFalse|assertNull|assertNotNull|assertEquals|assertNotEquals|assertSame|assertNotSame"
                    + "|until)\\s*\\(");
    private static final Pattern SPECIFIER = Pattern.compile("%(?:\\d+\\$)?[-#+ 0,(]*\\d*(?:\\.\\d+)?[sSdfxXcbBeEgGn]");
    private static final Pattern LAMBDA = Pattern.compile("^\\(\\s*\\)\\s*->\\s*");
    private static final Pattern FORMAT_CALL = Pattern.compile("^String\\.format\\s*\\(");

    private MessageLiterals() {
    }

    /** The messages of a test source whose comments are already blanked ({@link #withoutComments}). */
    static List<Message> of(String code) {
        return of(code, List.of());
    }

    /** The same, also taking the last argument of calls to these helper methods as a message. */
    static List<Message> of(String code, List<String> helpers) {
        List<Message> messages = new ArrayList<>();
        List<Pattern> calls = new ArrayList<>(List.of(FIRST_ARGUMENT, LAST_ARGUMENT));
        if (!helpers.isEmpty()) {
            calls.add(Pattern.compile("\\b(?:" + String.join("|", helpers.stream().map(Pattern::quote).toList())
                    + ")\\s*\\("));
        }
        for (Pattern call : calls) {
            Matcher found = call.matcher(code);
            while (found.find()) {
                if (insideString(code, found.start())) {
                    continue;
                }
                List<String> arguments = arguments(code, found.end());
                if (arguments.isEmpty() || call == LAST_ARGUMENT && arguments.size() < 2) {
                    continue;
                }
                String argument = call == FIRST_ARGUMENT ? arguments.get(0) : arguments.get(arguments.size() - 1);
                for (String text : texts(argument.trim())) {
                    messages.add(new Message(text, found.start()));
                }
            }
        }
        messages.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return messages;
    }

    /** The message texts of one argument: one per branch of a conditional, none without a literal. */
    static List<String> texts(String argument) {
        String expression = LAMBDA.matcher(argument).replaceFirst("");
        List<String> branches = conditional(expression);
        if (branches.size() > 1) {
            List<String> texts = new ArrayList<>();
            branches.forEach(branch -> texts.addAll(texts(branch.trim())));
            return texts;
        }
        StringBuilder text = new StringBuilder();
        boolean anyLiteral = false;
        for (String operand : split(expression, '+')) {
            String part = operand.trim();
            Matcher format = FORMAT_CALL.matcher(part);
            if (format.find()) {
                part = part.substring(format.end()).trim(); // its first argument: the pattern
            }
            if (part.startsWith("\"") && !part.startsWith("\"\"\"")) {
                int end = endOfString(part, 0);
                String rest = part.substring(end).trim();
                if (end == part.length() || rest.startsWith(".formatted(") || rest.startsWith(",")) {
                    text.append(unescape(part.substring(1, end - 1)));
                    anyLiteral = true;
                    continue;
                }
            }
            text.append("%s");
        }
        if (!anyLiteral) {
            return List.of();
        }
        String message = SPECIFIER.matcher(text.toString().replace("%%", "\u0000")).replaceAll("%s")
                .replace("\u0000", "%").replaceAll("\\s+", " ").trim().replaceAll("(%s)+", "%s");
        return message.replace("%s", "").isBlank() ? List.of() : List.of(message);
    }

    /** {@code c ? a : b} gives [a, b] (nested conditionals in a or b are split again); else [expression]. */
    private static List<String> conditional(String expression) {
        List<String> question = split(expression, '?');
        if (question.size() < 2) {
            return List.of(expression);
        }
        String rest = expression.substring(question.get(0).length() + 1);
        List<String> branches = split(rest, ':');
        if (branches.size() < 2) {
            return List.of(expression);
        }
        String first = branches.get(0);
        return List.of(first, rest.substring(first.length() + 1));
    }

    /** The arguments of a call whose '(' ends at {@code from}, split at its top-level commas. */
    static List<String> arguments(String code, int from) {
        int depth = 0;
        for (int i = from; i < code.length(); i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfString(code, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                if (depth == 0) {
                    String inside = code.substring(from, i);
                    return inside.isBlank() ? List.of() : split(inside, ',');
                }
                depth--;
            }
        }
        return List.of();
    }

    /** Splits at a separator outside strings, parentheses, brackets and braces. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfString(text, i) - 1;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            } else if (c == separator && depth == 0 && !(separator == ':' && i + 1 < text.length()
                    && text.charAt(i + 1) == ':') && !(separator == ':' && i > 0 && text.charAt(i - 1) == ':')
                    && !(separator == '?' && isWildcardGeneric(text, i))) {
                parts.add(text.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(text.substring(start));
        return parts;
    }

    /** A '?' of a generic type such as {@code List<?>}, not a conditional. */
    private static boolean isWildcardGeneric(String text, int i) {
        return i > 0 && text.charAt(i - 1) == '<';
    }

    /** The index just after the string or char literal starting at {@code start}. */
    private static int endOfString(String text, int start) {
        char quote = text.charAt(start);
        if (text.startsWith("\"\"\"", start)) {
            int end = text.indexOf("\"\"\"", start + 3);
            return end < 0 ? text.length() : end + 3;
        }
        for (int i = start + 1; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == quote || c == '\n') {
                return i + 1;
            }
        }
        return text.length();
    }

    private static boolean insideString(String code, int offset) {
        int lineStart = code.lastIndexOf('\n', offset) + 1;
        for (int i = lineStart; i < offset; i++) {
            char c = code.charAt(i);
            if (c == '"' || c == '\'') {
                int end = endOfString(code, i);
                if (end > offset) {
                    return true;
                }
                i = end - 1;
            }
        }
        return false;
    }

    /** A Java string literal's text. */
    static String unescape(String literal) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c != '\\' || i + 1 == literal.length()) {
                text.append(c);
                continue;
            }
            char next = literal.charAt(++i);
            switch (next) {
                case 'n' -> text.append('\n');
                case 't' -> text.append('\t');
                case 'r' -> text.append('\r');
                case 'b' -> text.append('\b');
                case 'f' -> text.append('\f');
                case 's' -> text.append(' ');
                case '0' -> text.append('\0');
                case 'u' -> {
                    text.append((char) Integer.parseInt(literal.substring(i + 1, i + 5), 16));
                    i += 4;
                }
                default -> text.append(next); // \" \' \\
            }
        }
        return text.toString();
    }

    /** The source with its comments blanked (same length and lines, so offsets and line numbers hold). */
    static String withoutComments(String source) {
        StringBuilder code = new StringBuilder(source);
        for (int i = 0; i < source.length(); i++) {
            char c = source.charAt(i);
            if (c == '"' || c == '\'') {
                i = endOfString(source, i) - 1;
            } else if (source.startsWith("//", i)) {
                int end = source.indexOf('\n', i);
                end = end < 0 ? source.length() : end;
                blank(code, i, end);
                i = end - 1;
            } else if (source.startsWith("/*", i)) {
                int end = source.indexOf("*/", i + 2);
                end = end < 0 ? source.length() : end + 2;
                blank(code, i, end);
                i = end - 1;
            }
        }
        return code.toString();
    }

    private static void blank(StringBuilder code, int from, int to) {
        for (int i = from; i < to; i++) {
            if (code.charAt(i) != '\n') {
                code.setCharAt(i, ' ');
            }
        }
    }
}
