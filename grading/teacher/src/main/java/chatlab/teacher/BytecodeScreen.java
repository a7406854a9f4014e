package chatlab.teacher;

import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Screens a student's compiled classes, before they run, for what no lab needs and an attack on
 * the grader does: starting processes, stopping the JVM, private reflection and method handles,
 * the test framework or the kit's own classes, class loaders, {@code Unsafe}, native code,
 * writing system properties or the standard streams, and paths outside the lab's working folder
 * written as constants. Each finding is "file:line: what", for the teacher. A flagged submission
 * is still graded; the screen only points at code to read. Every reference solution passes it
 * (its test checks that), so correct code is not flagged.
 */
final class BytecodeScreen {

    /** Packages a student's code never needs: the test framework, the kit's tests and tools, the JDK's internals. */
    private static final List<String> FORBIDDEN_PACKAGES = List.of("org/junit/", "org/opentest4j/", "org/assertj/",
            "org/awaitility/", "net/bytebuddy/", "chatlab/grading/", "chatlab/testkit/", "chatlab/teacher/",
            "sun/misc/", "jdk/internal/", "sun/reflect/", "java/lang/instrument/", "com/sun/tools/attach/",
            "jdk/jshell/", "javax/tools/", "javax/script/", "jdk/incubator/foreign/", "java/lang/foreign/");
    private static final Set<String> CLASS_LOADERS = Set.of("java/lang/ClassLoader", "java/net/URLClassLoader",
            "java/security/SecureClassLoader");
    /** Constants that look like a path outside the working folder: a system folder, a home, a parent folder. */
    private static final Pattern OUTSIDE_PATH = Pattern.compile(
            "^(/(proc|etc|home|root|tmp|usr|var|dev|sys|bin|opt|mnt|run|srv|boot|lib)(/.*)?|~(/.*)?|[A-Za-z]:[\\\\/].*)$"
                    + "|(^|[/\\\\])\\.\\.([/\\\\]|$)|\\.m2([/\\\\]|$)|hidden-test|solutions[/\\\\]");
    /** System properties that tell where the kit and its results are. */
    private static final Set<String> TELLING_PROPERTIES = Set.of("grading.result", "java.class.path",
            "jdk.module.path", "sun.java.command", "user.home");

    private BytecodeScreen() {
    }

    /** Screens every class under {@code classes}, and the resources the submission ships. */
    static List<String> screen(Path classes, Path resources) throws IOException {
        Set<String> findings = new LinkedHashSet<>();
        if (Files.isDirectory(classes)) {
            try (Stream<Path> files = Files.walk(classes)) {
                for (Path file : files.filter(path -> path.toString().endsWith(".class")).sorted().toList()) {
                    screenClass(Files.readAllBytes(file), findings);
                }
            }
        }
        if (resources != null && Files.isDirectory(resources)) {
            try (Stream<Path> files = Files.walk(resources)) {
                for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
                    String name = resources.relativize(file).toString().replace('\\', '/');
                    if (name.startsWith("META-INF/services/") || name.equals("junit-platform.properties")
                            || name.endsWith(".class") || name.endsWith(".jar") || name.endsWith(".so")
                            || name.endsWith(".dll") || name.endsWith(".dylib") || name.startsWith("META-INF/versions/")) {
                        findings.add("src/main/resources/" + name + ": a resource that plugs into the JVM or the test"
                                + " framework (services, JUnit settings, classes, native libraries)");
                    }
                }
            }
        }
        return new ArrayList<>(findings);
    }

    static void screenClass(byte[] bytes, Set<String> findings) {
        new ClassReader(bytes).accept(new Screen(findings), 0);
    }

    private static final class Screen extends ClassVisitor {
        private final Set<String> findings;
        private String className;
        private String sourceFile;

        Screen(Set<String> findings) {
            super(Opcodes.ASM9);
            this.findings = findings;
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            className = name;
            if (forbidden(name)) {
                flag(0, "declares a class in a package of the kit or the test framework (" + name.replace('/', '.') + ")");
            }
            if (superName != null && (CLASS_LOADERS.contains(superName) || forbidden(superName))) {
                flag(0, "extends " + superName.replace('/', '.'));
            }
            for (String each : interfaces == null ? new String[0] : interfaces) {
                if (forbidden(each)) {
                    flag(0, "implements " + each.replace('/', '.'));
                }
            }
        }

        @Override
        public void visitSource(String source, String debug) {
            sourceFile = source;
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            if ((access & Opcodes.ACC_NATIVE) != 0) {
                flag(0, "declares a native method " + name + "()");
            }
            boolean main = name.equals("main") && descriptor.equals("([Ljava/lang/String;)V")
                    && (access & Opcodes.ACC_STATIC) != 0;
            return new MethodVisitor(Opcodes.ASM9) {
                private int line;
                private Object lastConstant;

                @Override
                public void visitLineNumber(int number, Label start) {
                    line = number;
                }

                @Override
                public void visitLdcInsn(Object value) {
                    lastConstant = value;
                    constant(value, line);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    lastConstant = null;
                    if (forbidden(type)) {
                        flag(line, "uses " + type.replace('/', '.'));
                    } else if (opcode == Opcodes.NEW && (type.equals("java/lang/ProcessBuilder") || CLASS_LOADERS.contains(type))) {
                        flag(line, "creates a " + type.substring(type.lastIndexOf('/') + 1));
                    }
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String descriptor) {
                    lastConstant = null;
                    if (forbidden(owner)) {
                        flag(line, "uses " + owner.replace('/', '.') + "." + field);
                    } else if (owner.equals("java/io/FileDescriptor")) {
                        flag(line, "opens the process's standard streams directly (FileDescriptor." + field + ")");
                    }
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String descriptor, boolean isInterface) {
                    String what = call(owner, method, main, lastConstant);
                    lastConstant = null;
                    if (what != null) {
                        flag(line, what);
                    }
                }

                @Override
                public void visitInvokeDynamicInsn(String name, String descriptor, Handle bootstrap, Object... arguments) {
                    lastConstant = null;
                    for (Object argument : arguments) {
                        constant(argument, line);
                    }
                }

                @Override
                public void visitInsn(int opcode) {
                    lastConstant = null;
                }

                @Override
                public void visitVarInsn(int opcode, int variable) {
                    lastConstant = null;
                }
            };
        }

        private void constant(Object value, int line) {
            if (value instanceof String text) {
                if (OUTSIDE_PATH.matcher(text).find()) {
                    flag(line, "names a path outside the lab's working folder: \"" + shorten(text) + "\"");
                } else if (TELLING_PROPERTIES.contains(text)) {
                    flag(line, "names the system property " + text + " (where the grader's files are)");
                }
            } else if (value instanceof Type type && type.getSort() == Type.OBJECT && forbidden(type.getInternalName())) {
                flag(line, "uses " + type.getClassName());
            } else if (value instanceof Handle handle) {
                String what = call(handle.getOwner(), handle.getName(), false, null);
                if (what != null || forbidden(handle.getOwner())) {
                    flag(line, what != null ? what : "uses " + handle.getOwner().replace('/', '.'));
                }
            }
        }

        /** What is wrong with calling this method, or null. */
        private String call(String owner, String method, boolean inMain, Object constantArgument) {
            if (forbidden(owner)) {
                return "uses " + owner.replace('/', '.') + "." + method + "()";
            }
            switch (owner) {
                case "java/lang/Runtime" -> {
                    switch (method) {
                        case "exec" -> { return "starts a process (Runtime.exec)"; }
                        case "halt" -> { return "stops the JVM at once (Runtime.halt)"; }
                        case "exit" -> { return "stops the JVM (Runtime.exit)"; }
                        case "load", "loadLibrary" -> { return "loads native code (Runtime." + method + ")"; }
                        default -> { return null; }
                    }
                }
                case "java/lang/System" -> {
                    switch (method) {
                        case "exit" -> { return inMain ? null : "stops the JVM (System.exit outside a main method)"; }
                        case "load", "loadLibrary" -> { return "loads native code (System." + method + ")"; }
                        case "setProperty", "clearProperty", "setProperties" -> { return "changes system properties (System." + method + ")"; }
                        case "setOut", "setErr", "setIn" -> { return "replaces a standard stream (System." + method + ")"; }
                        case "setSecurityManager" -> { return "installs a security manager"; }
                        default -> { return null; }
                    }
                }
                case "java/lang/ProcessBuilder", "java/lang/ProcessHandle", "java/lang/ProcessHandle$Info", "java/lang/Process" -> {
                    return "starts or inspects processes (" + owner.substring(owner.lastIndexOf('/') + 1).replace('$', '.') + "." + method + ")";
                }
                case "java/lang/reflect/AccessibleObject", "java/lang/reflect/Field", "java/lang/reflect/Method",
                        "java/lang/reflect/Constructor" -> {
                    return method.equals("setAccessible") || method.equals("trySetAccessible")
                            ? "overrides access checks (setAccessible)" : null;
                }
                case "java/lang/Class" -> {
                    if (method.startsWith("getDeclared") && !method.equals("getDeclaredAnnotations")) {
                        return "reads private members by reflection (Class." + method + ")";
                    }
                    if (method.equals("forName")) {
                        if (!(constantArgument instanceof String name)) {
                            return "loads a class whose name is computed at run time (Class.forName)";
                        }
                        return forbidden(name.replace('.', '/')) || name.endsWith("Test") ? "loads " + name + " by reflection" : null;
                    }
                    return null;
                }
                case "java/lang/invoke/MethodHandles", "java/lang/invoke/MethodHandles$Lookup" -> {
                    return "uses method handles (MethodHandles." + method + ")";
                }
                case "java/lang/ClassLoader", "java/net/URLClassLoader", "java/security/SecureClassLoader" -> {
                    return method.equals("<init>") || method.startsWith("define") || method.equals("newInstance")
                            ? "creates or feeds a class loader (" + method + ")" : null;
                }
                default -> {
                    return null;
                }
            }
        }

        private void flag(int line, String what) {
            String folder = className.contains("/") ? className.substring(0, className.lastIndexOf('/') + 1) : "";
            String file = sourceFile != null ? folder + sourceFile : className + ".class";
            findings.add(file + (line > 0 ? ":" + line : "") + ": " + what);
        }
    }

    private static boolean forbidden(String internalName) {
        return FORBIDDEN_PACKAGES.stream().anyMatch(internalName::startsWith);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
