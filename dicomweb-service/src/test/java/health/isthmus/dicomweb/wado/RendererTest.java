package health.isthmus.dicomweb.wado;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import health.isthmus.dicom.data.Attributes;
import health.isthmus.dicom.data.Tag;
import health.isthmus.dicom.data.VR;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.springframework.web.ErrorResponseException;

class RendererTest {

    @Test
    void theLinearWindowFollowsPs33() {
        Renderer.Window window = new Renderer.Window(40, 400, "LINEAR");
        assertThat(window.apply(-160)).isZero();
        assertThat(window.apply(240)).isEqualTo(255);
        assertThat(window.apply(40)).isEqualTo(128);
        assertThat(Renderer.Window.parse("40,400").function()).isEqualTo("LINEAR");
        assertThat(Renderer.Window.parse("40,400,linear-exact").function()).isEqualTo("LINEAR_EXACT");
        assertThatThrownBy(() -> Renderer.Window.parse("40")).isInstanceOf(ErrorResponseException.class);
    }

    @Test
    void signedPixelsAreRescaledWindowedAndMonochrome1IsInverted() {
        Attributes header = image("MONOCHROME2", 1);
        header.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        header.setString(Tag.RescaleSlope, VR.DS, "1");
        // stored -1 (0xFFFF as 16 bits, signed) -> -1025 HU; stored 2047 -> 1023 HU
        byte[] frame = {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x07};
        BufferedImage image = Renderer.renderNative(header, frame, new Renderer.Window(0, 100, "LINEAR"));
        assertThat(image.getRaster().getSample(0, 0, 0)).isZero();
        assertThat(image.getRaster().getSample(1, 0, 0)).isEqualTo(255);

        Attributes monochrome1 = image("MONOCHROME1", 1);
        monochrome1.setString(Tag.RescaleIntercept, VR.DS, "-1024");
        BufferedImage inverted = Renderer.renderNative(monochrome1, frame, new Renderer.Window(0, 100, "LINEAR"));
        assertThat(inverted.getRaster().getSample(0, 0, 0)).isEqualTo(255);
    }

    @Test
    void withoutAnyWindowTheFramesRangeIsUsedAndUnsupportedImagesAreRefused() {
        Attributes header = image("MONOCHROME2", 0);
        byte[] frame = {10, 0, 20, 0};
        BufferedImage image = Renderer.renderNative(header, frame, null);
        assertThat(image.getRaster().getSample(0, 0, 0)).isLessThan(10);
        assertThat(image.getRaster().getSample(1, 0, 0)).isGreaterThan(245);

        Attributes palette = image("PALETTE COLOR", 0);
        assertThatThrownBy(() -> Renderer.renderNative(palette, frame, null))
                .isInstanceOfSatisfying(
                        ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(406));
    }

    @Test
    void fittingKeepsTheAspectRatio() {
        BufferedImage image = new BufferedImage(200, 100, BufferedImage.TYPE_BYTE_GRAY);
        BufferedImage fitted = Renderer.fit(image, 128, 128);
        assertThat(fitted.getWidth()).isEqualTo(128);
        assertThat(fitted.getHeight()).isEqualTo(64);
    }

    private static Attributes image(String photometric, int pixelRepresentation) {
        Attributes header = new Attributes();
        header.setInt(Tag.Rows, VR.US, 1);
        header.setInt(Tag.Columns, VR.US, 2);
        header.setInt(Tag.SamplesPerPixel, VR.US, 1);
        header.setInt(Tag.BitsAllocated, VR.US, 16);
        header.setInt(Tag.BitsStored, VR.US, 16);
        header.setInt(Tag.PixelRepresentation, VR.US, pixelRepresentation);
        header.setString(Tag.PhotometricInterpretation, VR.CS, photometric);
        return header;
    }
}
