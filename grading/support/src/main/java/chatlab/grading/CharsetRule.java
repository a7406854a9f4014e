package chatlab.grading;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The charset rule: a program that turns text into bytes or bytes into text (a socket, a file)
 * names the charset, UTF-8, every time. Code that leaves it out uses the platform's default
 * charset, which is UTF-8 on most machines today but not on all (Windows with Java 17, a server
 * started with another locale): the same program then garbles every accent for some users.
 *
 * <p>A test cannot see this by running the code, because the default charset is fixed when the
 * JVM starts: an IDE and the graded run would give different verdicts. So the rule is checked in
 * the compiled classes, the same everywhere, and a break is reported with its file and line.
 * Each lab has a {@link Guard} test that calls {@link #assertKeptBy(Class)}.
 *
 * <p>Reading the keyboard ({@code System.in}) or writing to the console ({@code System.out},
 * {@code System.err}) with the default charset is allowed: that is the console's own charset.
 */
public final class CharsetRule {

    /** One place that uses the platform's default charset. */
    public record Violation(String file, int line, String problem) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + problem;
        }
    }

    private static final String DECODES = "decodes with the platform's default charset";
    private static final String ENCODES = "encodes with the platform's default charset";
    private static final String NAME_IT = ": name UTF-8 (StandardCharsets.UTF_8)";

    /** "owner.name descriptor" of each call that leaves out the charset, and what to say about it. */
    private static final Map<String, String> CALLS = Map.ofEntries(
            Map.entry("java/io/InputStreamReader.<init>(Ljava/io/InputStream;)V",
                    "new InputStreamReader(stream) " + DECODES + NAME_IT + " as its second argument"),
            Map.entry("java/io/OutputStreamWriter.<init>(Ljava/io/OutputStream;)V",
                    "new OutputStreamWriter(stream) " + ENCODES + NAME_IT + " as its second argument"),
            Map.entry("java/io/FileReader.<init>(Ljava/lang/String;)V", "new FileReader(name) " + DECODES + NAME_IT),
            Map.entry("java/io/FileReader.<init>(Ljava/io/File;)V", "new FileReader(file) " + DECODES + NAME_IT),
            Map.entry("java/io/FileWriter.<init>(Ljava/lang/String;)V", "new FileWriter(name) " + ENCODES + NAME_IT),
            Map.entry("java/io/FileWriter.<init>(Ljava/lang/String;Z)V", "new FileWriter(name, append) " + ENCODES + NAME_IT),
            Map.entry("java/io/FileWriter.<init>(Ljava/io/File;)V", "new FileWriter(file) " + ENCODES + NAME_IT),
            Map.entry("java/io/FileWriter.<init>(Ljava/io/File;Z)V", "new FileWriter(file, append) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintStream.<init>(Ljava/io/OutputStream;)V", "new PrintStream(stream) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintStream.<init>(Ljava/io/OutputStream;Z)V", "new PrintStream(stream, autoFlush) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintStream.<init>(Ljava/lang/String;)V", "new PrintStream(fileName) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintStream.<init>(Ljava/io/File;)V", "new PrintStream(file) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintWriter.<init>(Ljava/io/OutputStream;)V",
                    "new PrintWriter(stream) " + ENCODES + NAME_IT + " (wrap an OutputStreamWriter)"),
            Map.entry("java/io/PrintWriter.<init>(Ljava/io/OutputStream;Z)V",
                    "new PrintWriter(stream, autoFlush) " + ENCODES + NAME_IT + " (wrap an OutputStreamWriter)"),
            Map.entry("java/io/PrintWriter.<init>(Ljava/lang/String;)V", "new PrintWriter(fileName) " + ENCODES + NAME_IT),
            Map.entry("java/io/PrintWriter.<init>(Ljava/io/File;)V", "new PrintWriter(file) " + ENCODES + NAME_IT),
            Map.entry("java/util/Scanner.<init>(Ljava/io/InputStream;)V", "new Scanner(stream) " + DECODES + NAME_IT),
            Map.entry("java/util/Scanner.<init>(Ljava/io/File;)V", "new Scanner(file) " + DECODES + NAME_IT),
            Map.entry("java/util/Scanner.<init>(Ljava/nio/file/Path;)V", "new Scanner(path) " + DECODES + NAME_IT),
            Map.entry("java/util/Scanner.<init>(Ljava/nio/channels/ReadableByteChannel;)V",
                    "new Scanner(channel) " + DECODES + NAME_IT),
            Map.entry("java/util/Formatter.<init>(Ljava/io/OutputStream;)V", "new Formatter(stream) " + ENCODES + NAME_IT),
            Map.entry("java/util/Formatter.<init>(Ljava/lang/String;)V", "new Formatter(fileName) " + ENCODES + NAME_IT),
            Map.entry("java/util/Formatter.<init>(Ljava/io/File;)V", "new Formatter(file) " + ENCODES + NAME_IT),
            Map.entry("java/lang/String.<init>([B)V", "new String(bytes) " + DECODES + NAME_IT),
            Map.entry("java/lang/String.<init>([BII)V", "new String(bytes, offset, length) " + DECODES + NAME_IT),
            Map.entry("java/lang/String.<init>([BI)V",
                    "new String(bytes, hibyte) keeps one byte per character" + NAME_IT + " instead"),
            Map.entry("java/lang/String.<init>([BIII)V",
                    "new String(bytes, hibyte, offset, length) keeps one byte per character" + NAME_IT + " instead"),
            Map.entry("java/lang/String.getBytes()[B", "text.getBytes() " + ENCODES + NAME_IT),
            Map.entry("java/io/ByteArrayOutputStream.toString()Ljava/lang/String;",
                    "bytes.toString() " + DECODES + NAME_IT + " (toString(StandardCharsets.UTF_8))"),
            Map.entry("java/net/URLDecoder.decode(Ljava/lang/String;)Ljava/lang/String;",
                    "URLDecoder.decode(text) " + DECODES + NAME_IT),
            Map.entry("java/net/URLEncoder.encode(Ljava/lang/String;)Ljava/lang/String;",
                    "URLEncoder.encode(text) " + ENCODES + NAME_IT),
            Map.entry("java/nio/charset/Charset.defaultCharset()Ljava/nio/charset/Charset;",
                    "Charset.defaultCharset() is the platform's charset, not the protocol's" + NAME_IT + " instead"),
            Map.entry("java/io/DataOutputStream.writeBytes(Ljava/lang/String;)V",
                    "writeBytes(text) writes only the low byte of each character" + NAME_IT
                            + " and write the bytes of text.getBytes(StandardCharsets.UTF_8)"));

    private CharsetRule() {
    }

    /**
     * Fails, naming every place (file and line), if the compiled classes that hold this class
     * (its folder or jar: the lab's own code) leave out a charset.
     */
    public static void assertKeptBy(Class<?> anyClassOfTheLab) {
        List<Violation> violations = check(rootOf(anyClassOfTheLab));
        if (!violations.isEmpty()) {
            StringBuilder message = new StringBuilder("text must be turned into bytes and back with UTF-8, named in the code"
                    + " (on a machine whose default charset is not UTF-8, this code garbles accents): ");
            violations.stream().limit(5).forEach(each -> message.append(each).append("; "));
            if (violations.size() > 5) {
                message.append("and ").append(violations.size() - 5).append(" more");
            }
            throw new AssertionError(message.toString().replaceAll("; $", ""));
        }
    }

    /** Every place in the classes under this folder (or in this jar) that leaves out a charset. */
    public static List<Violation> check(Path classes) {
        List<Violation> violations = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            scan(classes, violations);
        } else {
            try (FileSystem jar = FileSystems.newFileSystem(classes)) {
                scan(jar.getPath("/"), violations);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the classes in " + classes, e);
            }
        }
        return violations;
    }

    private static void scan(Path root, List<Violation> violations) {
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(file -> file.toString().endsWith(".class")).sorted().forEach(file -> {
                try (InputStream bytes = Files.newInputStream(file)) {
                    new ClassReader(bytes).accept(new Checker(violations), ClassReader.SKIP_FRAMES);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read " + file, e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + root, e);
        }
    }

    private static Path rootOf(Class<?> type) {
        CodeSource source = type.getProtectionDomain().getCodeSource();
        if (source == null) {
            throw new IllegalStateException("cannot find where the classes of " + type.getName() + " were loaded from");
        }
        try {
            return Path.of(source.getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot find the classes of " + type.getName(), e);
        }
    }

    /** Finds the calls of {@link #CALLS} in one class, with their source file and line. */
    private static final class Checker extends ClassVisitor {
        private final List<Violation> violations;
        /** The class's package as a folder, e.g. "chatlab/", and its source file in it. */
        private String folder = "";
        private String file = "?";

        Checker(List<Violation> violations) {
            super(Opcodes.ASM9);
            this.violations = violations;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName,
                          String[] interfaces) {
            int slash = name.lastIndexOf('/');
            String folder = slash < 0 ? "" : name.substring(0, slash + 1);
            file = folder + name.substring(slash + 1).replaceAll("\\$.*", "") + ".java";
            this.folder = folder;
        }

        @Override
        public void visitSource(String source, String debug) {
            if (source != null) {
                file = folder + source;
            }
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                         String[] exceptions) {
            return new MethodVisitor(Opcodes.ASM9) {
                private int line;
                /** The last two instructions: to see "new InputStreamReader(System.in)". */
                private String previous = "";
                private String beforePrevious = "";

                @Override
                public void visitLineNumber(int number, Label start) {
                    line = number;
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String type) {
                    remember(opcode == Opcodes.GETSTATIC && owner.equals("java/lang/System")
                            && List.of("in", "out", "err").contains(field) ? "console" : "field");
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String type, boolean isInterface) {
                    String fix = CALLS.get(owner + "." + method + type);
                    boolean console = previous.equals("console")
                            || beforePrevious.equals("console") && previous.equals("constant") && type.endsWith("Z)V");
                    if (fix != null && !console) {
                        violations.add(new Violation(file, line, fix));
                    }
                    remember("call");
                }

                @Override
                public void visitInsn(int opcode) {
                    remember(opcode >= Opcodes.ICONST_M1 && opcode <= Opcodes.ICONST_5 ? "constant" : "other");
                }

                @Override
                public void visitVarInsn(int opcode, int variable) {
                    remember("other");
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    remember("other");
                }

                @Override
                public void visitIntInsn(int opcode, int operand) {
                    remember("other");
                }

                @Override
                public void visitLdcInsn(Object value) {
                    remember("other");
                }

                @Override
                public void visitJumpInsn(int opcode, Label label) {
                    remember("other");
                }

                private void remember(String instruction) {
                    beforePrevious = previous;
                    previous = instruction;
                }
            };
        }
    }
}
