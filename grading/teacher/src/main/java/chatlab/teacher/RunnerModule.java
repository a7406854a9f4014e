package chatlab.teacher;

import chatlab.teacher.run.RunLabTests;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ModuleVisitor;
import org.objectweb.asm.Opcodes;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The test runner (package {@code chatlab.teacher.run}) as a named module of its own, for the
 * test JVM's module path. Its descriptor, written here, exports and opens nothing: student code
 * in the same JVM (the unnamed module) cannot reflect into the runner and read the run's secret.
 */
final class RunnerModule {

    static final String NAME = "chatlab.runner";
    private static final String PACKAGE = RunLabTests.class.getPackageName().replace('.', '/');

    private RunnerModule() {
    }

    /** The runner's class files and its module-info.class. */
    static FileTree files() throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        Path location;
        try {
            location = Path.of(RunLabTests.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IOException("cannot find the test runner's classes", e);
        }
        if (Files.isDirectory(location)) {
            try (Stream<Path> classes = Files.list(location.resolve(PACKAGE))) {
                for (Path file : classes.filter(path -> path.toString().endsWith(".class")).toList()) {
                    files.put(PACKAGE + "/" + file.getFileName(), Files.readAllBytes(file));
                }
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                for (JarEntry entry : jar.stream().toList()) {
                    String name = entry.getName();
                    if (name.startsWith(PACKAGE + "/") && name.endsWith(".class") && name.indexOf('/', PACKAGE.length() + 1) < 0) {
                        try (InputStream in = jar.getInputStream(entry)) {
                            files.put(name, in.readAllBytes());
                        }
                    }
                }
            }
        }
        files.put("module-info.class", descriptor());
        return FileTree.of(files);
    }

    /** {@code module chatlab.runner { }}: requires java.base only (the rest it reads with --add-reads). */
    private static byte[] descriptor() {
        ClassWriter writer = new ClassWriter(0);
        writer.visit(Opcodes.V11, Opcodes.ACC_MODULE, "module-info", null, null, null);
        ModuleVisitor module = writer.visitModule(NAME, 0, null);
        module.visitRequire("java.base", Opcodes.ACC_MANDATED, null);
        module.visitPackage(PACKAGE);
        module.visitEnd();
        writer.visitEnd();
        return writer.toByteArray();
    }
}
