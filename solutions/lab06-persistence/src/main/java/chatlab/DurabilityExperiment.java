package chatlab;

import java.io.BufferedWriter;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The handout's experiment: what do flush() and fsync cost? Writes the same records to a file
 * three ways and prints how long each way took.
 * <ul>
 *   <li>{@code buffered}: write only. The buffer goes to the operating system when it is full.
 *       Fastest; a crash of the program loses what is still in the buffer.</li>
 *   <li>{@code flush}: flush after every record, as {@link ChatLog} does. Survives a crash of the
 *       program ({@code kill -9}); a power cut may still lose what the operating system had not
 *       written to the disk yet.</li>
 *   <li>{@code fsync}: flush, then force the record onto the disk. Survives a power cut; slowest.</li>
 * </ul>
 * Run it: {@code java -cp target/classes chatlab.DurabilityExperiment [records]} (default 2000).
 */
public final class DurabilityExperiment {

    private enum Way { BUFFERED, FLUSH, FSYNC }

    private DurabilityExperiment() {
    }

    public static void main(String[] args) throws IOException {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : 2000;
        Path folder = Files.createTempDirectory("durability");
        System.out.printf("%d records of about 60 bytes, in %s%n", records, folder);
        Path warmUp = folder.resolve("warm-up.txt");
        write(warmUp, records, Way.FLUSH); // the first round also pays for loading and compiling the code: not timed
        Files.delete(warmUp);
        for (Way way : Way.values()) {
            Path file = folder.resolve(way.name().toLowerCase() + ".txt");
            long start = System.nanoTime();
            write(file, records, way);
            long micros = (System.nanoTime() - start) / 1000;
            System.out.printf("%-9s %8.1f ms in all, %7.2f us a record%n", way.name().toLowerCase(),
                    micros / 1000.0, (double) micros / records);
            Files.delete(file);
        }
        Files.delete(folder);
    }

    private static void write(Path file, int records, Way way) throws IOException {
        String record = Instant.now() + " MSG alice this is one more message\n"; // a record as ChatLog writes it
        try (FileOutputStream bytes = new FileOutputStream(file.toFile(), true);
             Writer out = new BufferedWriter(new OutputStreamWriter(bytes, StandardCharsets.UTF_8))) {
            for (int i = 1; i <= records; i++) {
                out.write(record);
                if (way != Way.BUFFERED) {
                    out.flush(); // program's buffer -> operating system
                }
                if (way == Way.FSYNC) {
                    bytes.getFD().sync(); // operating system -> disk, and wait until it is there
                }
            }
        }
    }
}
