package health.isthmus.systemtests;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;

/**
 * DCMTK's command-line tools (Debian package {@code dcmtk}) as a modality uses them against the running stack:
 * {@code storescu} to port 11112, {@code findscu -W} to port 11113, and {@code img2dcm} to make an instance from a
 * JPEG. {@code TCP_NODELAY=1}, as DCMTK needs for honest round trips.
 */
final class Dcmtk {

    private Dcmtk() {}

    /** Runs a tool and returns what it printed; fails when it fails or takes over a minute. */
    static String run(String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("TCP_NODELAY", "1");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed: " + output);
        }
        return output;
    }

    /** Sends a file to the archive (AE title ISTHMUS_PACS) in the transfer syntax option given ({@code -xy}). */
    static String storescu(String syntax, Path file) throws IOException, InterruptedException {
        String output = run("storescu", "-aec", "ISTHMUS_PACS", syntax, "localhost", "11112", file.toString());
        if (output.contains("E:") || output.contains("Failed")) {
            throw new IllegalStateException("storescu reported a failure: " + output);
        }
        return output;
    }

    /**
     * An instance made by {@code img2dcm} from a JPEG (secondary capture, JPEG baseline as sent), with the attributes
     * given as {@code keyword=value}.
     */
    static Path jpegInstance(byte[] jpeg, Path file, String... attributes) throws IOException, InterruptedException {
        Path source = file.resolveSibling(file.getFileName() + ".jpg");
        Files.write(source, jpeg);
        List<String> command = new ArrayList<>(List.of("img2dcm", "-i", "JPEG"));
        for (String attribute : attributes) {
            command.add("-k");
            command.add(attribute);
        }
        command.add(source.toString());
        command.add(file.toString());
        run(command.toArray(String[]::new));
        return file;
    }

    /** A grayscale JPEG of {@code size x size} with a diagonal ramp. */
    static byte[] grayJpeg(int size) throws IOException {
        BufferedImage image = new BufferedImage(size, size, BufferedImage.TYPE_BYTE_GRAY);
        for (int y = 0; y < size; y++) {
            for (int x = 0; x < size; x++) {
                image.getRaster().setSample(x, y, 0, (x * 7 + y * 3) & 0xFF);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "jpeg", out);
        return out.toByteArray();
    }

    /**
     * The worklist entries ({@code findscu -W -v} output per pending response) of an accession number, with the
     * return keys given as {@code gggg,eeee} (sequence items as {@code 0040,0100[0].0008,0060}).
     */
    static List<String> worklist(String accession, String... returnKeys) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                "findscu", "-v", "-W", "-aec", "ISTHMUS_MWL", "localhost", "11113", "-k", "0008,0050=" + accession));
        for (String key : returnKeys) {
            command.add("-k");
            command.add(key);
        }
        String output = run(command.toArray(String[]::new));
        String[] blocks = output.split("Find Response: ");
        List<String> entries = new ArrayList<>();
        for (int i = 1; i < blocks.length; i++) {
            if (blocks[i].contains("(Pending)")) {
                entries.add(blocks[i]);
            }
        }
        return entries;
    }
}
