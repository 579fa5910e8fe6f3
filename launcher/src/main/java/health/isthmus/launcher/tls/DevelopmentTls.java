package health.isthmus.launcher.tls;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The development certificates of a data directory, and the environment that turns on the stack's TLS listeners
 * with them: the gateway's HTTPS listener beside HTTP, and hl7-ingest's MLLP over TLS beside plain MLLP, requiring a
 * client certificate the development authority signed.
 *
 * @param serverKeyStore the key and chain every listener presents
 * @param trustStore the development authority, trusted for client certificates
 * @param hisClientKeyStore a client certificate for a development HIS
 * @param caCertificate the authority's certificate (PEM) for clients to trust
 * @param password the stores' password
 */
public record DevelopmentTls(
        Path serverKeyStore, Path trustStore, Path hisClientKeyStore, Path caCertificate, String password) {

    /** The services' TLS settings; a variable the operator set already is left as it is. */
    public Map<String, String> serviceEnvironment(Map<String, String> operatorEnvironment) {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("ISTHMUS_GATEWAY_TLS_ENABLED", "true");
        settings.put("ISTHMUS_GATEWAY_TLS_KEYSTORE", serverKeyStore.toString());
        settings.put("ISTHMUS_GATEWAY_TLS_KEYSTORE_PASSWORD", password);
        settings.put("ISTHMUS_GATEWAY_TLS_KEYSTORE_TYPE", "PKCS12");
        settings.put("ISTHMUS_MLLP_TLS_ENABLED", "true");
        settings.put("ISTHMUS_MLLP_TLS_KEYSTORE", serverKeyStore.toString());
        settings.put("ISTHMUS_MLLP_TLS_KEYSTORE_PASSWORD", password);
        settings.put("ISTHMUS_MLLP_TLS_KEYSTORE_TYPE", "PKCS12");
        settings.put("ISTHMUS_MLLP_TLS_TRUSTSTORE", trustStore.toString());
        settings.put("ISTHMUS_MLLP_TLS_TRUSTSTORE_PASSWORD", password);
        settings.put("ISTHMUS_MLLP_TLS_TRUSTSTORE_TYPE", "PKCS12");
        settings.put("ISTHMUS_MLLP_TLS_CLIENT_AUTH", "need");
        settings.keySet().removeIf(operatorEnvironment::containsKey);
        return settings;
    }

    @Override
    public String toString() {
        return "DevelopmentTls[" + serverKeyStore.getParent() + "]";
    }
}
