package health.isthmus.dicomweb.wado;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.jspecify.annotations.Nullable;

/**
 * Renders a frame for display (PS3.18 8.3.5): native grayscale pixels through the Modality LUT (rescale slope and
 * intercept) and a window (the request's, else the instance's first, else the frame's range), MONOCHROME1 inverted;
 * native 8-bit RGB as is; JPEG baseline frames decoded with the JDK's decoder. Everything else is refused.
 */
final class Renderer {

    private Renderer() {}

    /** A window: center, width and VOI LUT function ({@code LINEAR}, {@code LINEAR_EXACT}, {@code SIGMOID}). */
    record Window(double center, double width, String function) {

        /** Parses {@code center,width[,function]} of the {@code window} query parameter. */
        static Window parse(String parameter) {
            String[] parts = parameter.split(",");
            if (parts.length < 2 || parts.length > 3) {
                throw WadoProblem.badRequest("window is center,width[,function]");
            }
            try {
                double center = Double.parseDouble(parts[0].strip());
                double width = Double.parseDouble(parts[1].strip());
                String function = parts.length == 3
                        ? parts[2].strip().toUpperCase(Locale.ROOT).replace('-', '_')
                        : "LINEAR";
                if (!(width >= 1) || !function.matches("LINEAR|LINEAR_EXACT|SIGMOID")) {
                    throw WadoProblem.badRequest(
                            "window width must be at least 1 and function linear," + " linear-exact or sigmoid");
                }
                return new Window(center, width, function);
            } catch (NumberFormatException e) {
                throw WadoProblem.badRequest("window center and width must be numbers");
            }
        }

        /** The display value 0..255 of a modality value. */
        int apply(double x) {
            double y;
            switch (function) {
                case "LINEAR_EXACT" -> {
                    if (x <= center - width / 2) {
                        y = 0;
                    } else if (x > center + width / 2) {
                        y = 1;
                    } else {
                        y = (x - center) / width + 0.5;
                    }
                }
                case "SIGMOID" -> y = 1 / (1 + Math.exp(-4 * (x - center) / width));
                default -> {
                    if (width <= 1) {
                        y = x <= center - 0.5 ? 0 : 1;
                    } else if (x <= center - 0.5 - (width - 1) / 2) {
                        y = 0;
                    } else if (x > center - 0.5 + (width - 1) / 2) {
                        y = 1;
                    } else {
                        y = (x - (center - 0.5)) / (width - 1) + 0.5;
                    }
                }
            }
            return (int) Math.round(Math.max(0, Math.min(1, y)) * 255);
        }
    }

    /**
     * Renders native pixel data of one frame (little endian).
     *
     * @param header the instance's attributes (image pixel module, rescale, window)
     * @param window the request's window, or null
     */
    static BufferedImage renderNative(Attributes header, byte[] frame, @Nullable Window window) {
        int rows = header.getInt(Tag.Rows, 0);
        int columns = header.getInt(Tag.Columns, 0);
        int samples = header.getInt(Tag.SamplesPerPixel, 1);
        int bitsAllocated = header.getInt(Tag.BitsAllocated, 0);
        String photometric =
                String.valueOf(header.getString(Tag.PhotometricInterpretation)).strip();
        if (rows <= 0 || columns <= 0) {
            throw WadoProblem.notAcceptable("the instance has no image to render");
        }
        if (samples == 3 && bitsAllocated == 8 && photometric.equals("RGB")) {
            return rgb(frame, rows, columns, header.getInt(Tag.PlanarConfiguration, 0) == 1);
        }
        if (samples != 1
                || (bitsAllocated != 8 && bitsAllocated != 16)
                || !(photometric.equals("MONOCHROME1") || photometric.equals("MONOCHROME2"))) {
            throw WadoProblem.notAcceptable(
                    "rendering supports grayscale (MONOCHROME1/2, 8 or 16 bits) and 8-bit RGB images only");
        }
        int pixels = rows * columns;
        int bytesPerPixel = bitsAllocated / 8;
        if (frame.length < pixels * bytesPerPixel) {
            throw new IllegalStateException("frame shorter than its image");
        }
        int bitsStored = Math.min(bitsAllocated, Math.max(1, header.getInt(Tag.BitsStored, bitsAllocated)));
        boolean signed = header.getInt(Tag.PixelRepresentation, 0) == 1;
        double slope = header.getDouble(Tag.RescaleSlope, 1);
        double intercept = header.getDouble(Tag.RescaleIntercept, 0);
        int mask = (1 << bitsStored) - 1;
        int sign = 1 << (bitsStored - 1);
        double[] values = new double[pixels];
        double min = Double.MAX_VALUE;
        double max = -Double.MAX_VALUE;
        for (int i = 0; i < pixels; i++) {
            int raw = bytesPerPixel == 1 ? frame[i] & 0xFF : (frame[2 * i] & 0xFF) | ((frame[2 * i + 1] & 0xFF) << 8);
            raw &= mask;
            if (signed && (raw & sign) != 0) {
                raw -= 1 << bitsStored;
            }
            double value = raw * slope + intercept;
            values[i] = value;
            min = Math.min(min, value);
            max = Math.max(max, value);
        }
        Window voi = window != null ? window : headerWindow(header);
        if (voi == null) {
            voi = new Window((min + max) / 2, Math.max(1, max - min), "LINEAR_EXACT");
        }
        boolean invert = photometric.equals("MONOCHROME1");
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_BYTE_GRAY);
        byte[] out = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
        for (int i = 0; i < pixels; i++) {
            int display = voi.apply(values[i]);
            out[i] = (byte) (invert ? 255 - display : display);
        }
        return image;
    }

    private static @Nullable Window headerWindow(Attributes header) {
        double[] centers = header.getDoubles(Tag.WindowCenter);
        double[] widths = header.getDoubles(Tag.WindowWidth);
        if (centers == null || widths == null || centers.length == 0 || widths.length == 0 || !(widths[0] >= 1)) {
            return null;
        }
        String function = header.getString(Tag.VOILUTFunction);
        function = function == null ? "LINEAR" : function.strip().toUpperCase(Locale.ROOT);
        if (!function.matches("LINEAR|LINEAR_EXACT|SIGMOID")) {
            function = "LINEAR";
        }
        return new Window(centers[0], widths[0], function);
    }

    private static BufferedImage rgb(byte[] frame, int rows, int columns, boolean planar) {
        int pixels = rows * columns;
        if (frame.length < pixels * 3) {
            throw new IllegalStateException("frame shorter than its image");
        }
        BufferedImage image = new BufferedImage(columns, rows, BufferedImage.TYPE_INT_RGB);
        for (int i = 0; i < pixels; i++) {
            int r = planar ? frame[i] & 0xFF : frame[3 * i] & 0xFF;
            int g = planar ? frame[pixels + i] & 0xFF : frame[3 * i + 1] & 0xFF;
            int b = planar ? frame[2 * pixels + i] & 0xFF : frame[3 * i + 2] & 0xFF;
            image.setRGB(i % columns, i / columns, (r << 16) | (g << 8) | b);
        }
        return image;
    }

    /** Decodes a JPEG baseline frame with the JDK's decoder. */
    static BufferedImage decodeJpeg(byte[] frame) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(frame));
        if (image == null) {
            throw WadoProblem.notAcceptable("the frame could not be decoded");
        }
        return image;
    }

    /** Scales an image to fit a viewport, keeping its aspect ratio. */
    static BufferedImage fit(BufferedImage image, int viewportWidth, int viewportHeight) {
        double scale = Math.min((double) viewportWidth / image.getWidth(), (double) viewportHeight / image.getHeight());
        int width = Math.max(1, (int) Math.round(image.getWidth() * scale));
        int height = Math.max(1, (int) Math.round(image.getHeight() * scale));
        if (width == image.getWidth() && height == image.getHeight()) {
            return image;
        }
        int type = image.getType() == BufferedImage.TYPE_BYTE_GRAY
                ? BufferedImage.TYPE_BYTE_GRAY
                : BufferedImage.TYPE_INT_RGB;
        BufferedImage scaled = new BufferedImage(width, height, type);
        Graphics2D graphics = scaled.createGraphics();
        try {
            graphics.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            graphics.drawImage(image, 0, 0, width, height, null);
        } finally {
            graphics.dispose();
        }
        return scaled;
    }

    /** Encodes as JPEG (quality 1..100) or PNG. */
    static void encode(BufferedImage image, String mediaType, int quality, OutputStream out) throws IOException {
        if (mediaType.equals("image/png")) {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG encoder");
            }
            return;
        }
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("jpeg");
        if (!writers.hasNext()) {
            throw new IOException("no JPEG encoder");
        }
        ImageWriter writer = writers.next();
        try (ImageOutputStream stream = ImageIO.createImageOutputStream(out)) {
            writer.setOutput(stream);
            ImageWriteParam parameters = writer.getDefaultWriteParam();
            parameters.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            parameters.setCompressionQuality(Math.max(1, Math.min(100, quality)) / 100f);
            writer.write(null, new IIOImage(image, null, null), parameters);
        } finally {
            writer.dispose();
        }
    }
}
