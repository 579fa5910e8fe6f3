package health.isthmus.launcher;

import java.util.ArrayList;
import java.util.List;

/**
 * The launcher's command line.
 *
 * @param help {@code --help} or {@code -h}: print the usage and exit
 * @param demo {@code --demo}: once the platform is ready, drive one patient through the loop with the HIS and
 *     modality simulators
 * @param tls {@code --tls}: turn on the TLS listeners (gateway HTTPS, MLLP over TLS) with development certificates
 *     made at the first start
 * @param ignored arguments the launcher does not know and ignores
 */
public record LauncherArguments(boolean help, boolean demo, boolean tls, List<String> ignored) {

    /** {@code run.sh} acts on this one itself; the launcher accepts it silently. */
    static final String REBUILD = "--rebuild";

    public LauncherArguments {
        ignored = List.copyOf(ignored);
    }

    public static LauncherArguments parse(String... arguments) {
        boolean help = false;
        boolean demo = false;
        boolean tls = false;
        List<String> ignored = new ArrayList<>();
        for (String argument : arguments) {
            switch (argument) {
                case "--help", "-h" -> help = true;
                case "--demo" -> demo = true;
                case "--tls" -> tls = true;
                case REBUILD -> {}
                default -> ignored.add(argument);
            }
        }
        return new LauncherArguments(help, demo, tls, ignored);
    }

    /** What the user should know about the arguments given. */
    public List<String> notes() {
        List<String> notes = new ArrayList<>();
        ignored.forEach(argument -> notes.add("ignoring unknown argument " + argument));
        return notes;
    }

    public static String usage() {
        return """
                Usage: ./run.sh [--rebuild] [--demo] [--tls] [--help]
                       java -jar launcher/target/launcher.jar [--demo] [--tls] [--help]

                Starts the whole Isthmus platform on this machine: an embedded PostgreSQL 17, a single-node
                Kafka broker (KRaft) and every service in a JVM of its own, prints the endpoints and the
                development credentials, then READY once every service reports healthy.
                Ctrl-C (SIGTERM) stops everything: services, then Kafka, then PostgreSQL.

                Options:
                  --rebuild   (run.sh) build the project before starting, even if the jars exist
                  --demo      once READY, a HIS and a modality simulator drive one patient through the
                              whole loop (ADT, order, worklist, MPPS, images, DICOMweb, report, ORU back,
                              audit), printing each step, then DEMO OK or DEMO FAILED; the platform and
                              the HIS simulator (listening on ISTHMUS_HIS_MLLP) keep running
                  --tls       also serve HTTPS on the gateway (ISTHMUS_GATEWAY_TLS_PORT [8443]) and MLLP over
                              TLS (ISTHMUS_MLLP_TLS_PORT [2576], client certificate required), TLS 1.2 and 1.3
                              only, with development certificates made at the first start in
                              <data>/tls (trust ca.crt; his-client.p12 for a HIS; password in
                              store-password)
                  --help      print this text

                Environment (defaults in brackets):
                  ISTHMUS_DATA_DIR                    data and logs, kept across restarts [./data]
                  ISTHMUS_POSTGRES_PORT               PostgreSQL [5433]
                  ISTHMUS_KAFKA_PORT                  Kafka clients [9092]
                  ISTHMUS_KAFKA_CONTROLLER_PORT       Kafka KRaft controller [9093]
                  ISTHMUS_START_TIMEOUT               seconds until every service must be healthy [300]
                  ISTHMUS_START_CONCURRENCY           services starting at the same time [7]
                  ISTHMUS_SERVICES                    comma-separated services to start, or all, or none [all]
                  ISTHMUS_SERVICE_JAVA_OPTS           extra JVM options for every service
                  ISTHMUS_AUTH_PORT                   auth-server [9000]
                  ISTHMUS_GATEWAY_PORT                gateway-service [8080]
                  ISTHMUS_HL7_HTTP_PORT               hl7-ingest-service HTTP [8081]
                  ISTHMUS_MPI_HTTP_PORT               patient-identity-service HTTP [8082]
                  ISTHMUS_WORKLIST_HTTP_PORT          worklist-service HTTP [8083]
                  ISTHMUS_DICOMWEB_HTTP_PORT          dicomweb-service HTTP [8084]
                  ISTHMUS_REPORT_HTTP_PORT            report-service HTTP [8085]
                  ISTHMUS_AUDIT_HTTP_PORT             audit-service HTTP [8086]
                  ISTHMUS_MLLP_PORT                   HL7 MLLP, shown in the banner [2575]
                  ISTHMUS_HIS_MLLP                    where report-service delivers ORUs [localhost:2577]

                Logs: <data>/logs/<name>.log (postgres, kafka and one per service), appended across runs.
                """;
    }
}
