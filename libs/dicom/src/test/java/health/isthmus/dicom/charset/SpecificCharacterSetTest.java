package health.isthmus.dicom.charset;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class SpecificCharacterSetTest {

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replace(" ", ""));
    }

    @Test
    void singleByteRepertoires() {
        assertThat(SpecificCharacterSet.of("ISO_IR 100").decode(hex("42 FC 72 6F")))
                .isEqualTo("Büro");
        assertThat(SpecificCharacterSet.of("ISO_IR 144").decode(hex("BB EE DA")))
                .isEqualTo("Люк");
        assertThat(SpecificCharacterSet.of("ISO_IR 126").decode(hex("C4 E9 EF ED F5 F3 E9 EF F2")))
                .isEqualTo("Διονυσιος");
        assertThat(SpecificCharacterSet.of("ISO_IR 148").decode(hex("C7 DD DE FE")))
                .isEqualTo("ÇİŞş");
        assertThat(SpecificCharacterSet.DEFAULT.decode("Doe^John".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo("Doe^John");
    }

    @Test
    void unicodeAndChineseRepertoires() {
        String name = "Wang^XiaoDong=王^小東=";
        assertThat(SpecificCharacterSet.of("ISO_IR 192").decode(name.getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(name);
        assertThat(SpecificCharacterSet.of("GB18030").decode(name.getBytes(Charset.forName("GB18030"))))
                .isEqualTo(name);
        assertThat(SpecificCharacterSet.of("ISO_IR 192").encode("Ünal"))
                .isEqualTo("Ünal".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void japaneseWithIso2022CodeExtensionsAsInPs35AnnexH() {
        // PS3.5 H.3.1: ISO 2022 IR 87 (JIS X 0208) switched in and out by escape sequences
        byte[] bytes = hex("59 61 6d 61 64 61 5e 54 61 72 6f 75 3d 1b 24 42 3b 33 45 44 1b 28 42 5e 1b 24 42 42 40"
                + " 4f 3a 1b 28 42 3d 1b 24 42 24 64 24 5e 24 40 1b 28 42 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 42");
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 87");

        assertThat(cs.usesCodeExtensions()).isTrue();
        assertThat(cs.decode(bytes)).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
        assertThat(cs.decode(cs.encode("Yamada^Tarou=山田^太郎=やまだ^たろう"))).isEqualTo("Yamada^Tarou=山田^太郎=やまだ^たろう");
    }

    @Test
    void halfWidthKatakanaWithIso2022Ir13AsInPs35AnnexH() {
        // PS3.5 H.3.2: ISO 2022 IR 13 (JIS X 0201 katakana in G1) with JIS X 0208
        byte[] bytes = hex("d4 cf c0 de 5e c0 db b3 3d 1b 24 42 3b 33 45 44 1b 28 4a 5e 1b 24 42 42 40 4f 3a 1b 28 4a"
                + " 3d 1b 24 42 24 64 24 5e 24 40 1b 28 4a 5e 1b 24 42 24 3f 24 6d 24 26 1b 28 4a");
        SpecificCharacterSet cs = SpecificCharacterSet.of("ISO 2022 IR 13", "ISO 2022 IR 87");

        assertThat(cs.decode(bytes)).isEqualTo("ﾔﾏﾀﾞ^ﾀﾛｳ=山田^太郎=やまだ^たろう");
    }

    @Test
    void koreanWithIso2022Ir149AsInPs35AnnexI() {
        byte[] bytes = hex("48 6f 6e 67 5e 47 69 6c 64 6f 6e 67 3d 1b 24 29 43 fb f3 5e 1b 24 29 43 d1 ce d4 d7 3d"
                + " 1b 24 29 43 c8 ab 5e 1b 24 29 43 b1 e6 b5 bf");
        SpecificCharacterSet cs = SpecificCharacterSet.of("", "ISO 2022 IR 149");

        assertThat(cs.decode(bytes)).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
        assertThat(cs.decode(cs.encode("Hong^Gildong=洪^吉洞=홍^길동"))).isEqualTo("Hong^Gildong=洪^吉洞=홍^길동");
    }

    @Test
    void latinCodeExtensionSwitchesG1() {
        byte[] bytes = hex("1b 2d 41 42 fc 72 6f 5c 1b 2d 42 b1");
        assertThat(SpecificCharacterSet.of("ISO 2022 IR 6", "ISO 2022 IR 100", "ISO 2022 IR 101")
                        .decode(bytes))
                .isEqualTo("Büro\\ą");
    }

    @Test
    void unknownTermsReadAsTheDefaultRepertoire() {
        assertThat(SpecificCharacterSet.isKnownTerm("ISO_IR 999")).isFalse();
        assertThat(SpecificCharacterSet.of("ISO_IR 999").decode(hex("41 42"))).isEqualTo("AB");
    }
}
