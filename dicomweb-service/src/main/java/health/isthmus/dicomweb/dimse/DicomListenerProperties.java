package health.isthmus.dicomweb.dimse;

import health.isthmus.dicom.net.DicomTls;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.nio.file.Path;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The DICOM listener's settings ({@code isthmus.dicomweb.dicom}).
 *
 * @param port the TCP port (0 picks a free one, for tests)
 * @param aeTitle the called AE title modalities and peers must address; any other is rejected (A-ASSOCIATE-RJ)
 * @param bindAddress the address to listen on; all interfaces when empty
 * @param maxAssociations concurrent associations; more are answered A-ASSOCIATE-RJ (local limit exceeded)
 * @param callingAeTitles the calling AE titles admitted; empty admits any
 * @param tls DICOM TLS (PS3.15 B.1), off when absent
 * @param extraStorageSopClasses private storage SOP classes accepted besides the standard's
 */
@Validated
@ConfigurationProperties("isthmus.dicomweb.dicom")
public record DicomListenerProperties(
        @DefaultValue("11112") @Min(0) @Max(65535) int port,

        @DefaultValue("ISTHMUS_PACS") @NotBlank @Pattern(regexp = "[\\x20-\\x5B\\x5D-\\x7E]{1,16}")
        String aeTitle,

        @Nullable String bindAddress,
        @DefaultValue("50") @Min(1) int maxAssociations,
        @DefaultValue List<String> callingAeTitles,
        @Valid @Nullable Tls tls,
        @DefaultValue List<String> extraStorageSopClasses) {

    /**
     * TLS settings: PKCS#12 stores sharing one password, taken from the environment.
     *
     * @param keyStore the listener's key and certificate
     * @param trustStore the modalities' certificates (or their CA); the JVM's trust when absent
     * @param password the stores' password, from the environment ({@code ISTHMUS_DICOMWEB_DICOM_TLS_PASSWORD})
     * @param clientAuth whether modalities must present a certificate
     */
    public record Tls(
            @NotNull Path keyStore,
            @Nullable Path trustStore,
            @DefaultValue("") String password,
            @DefaultValue("NEED") DicomTls.ClientAuth clientAuth) {}
}
