package health.isthmus.launcher.demo;

/**
 * Where the demo finds the running platform, and where its HIS simulator listens for ORUs.
 *
 * @param gatewayPort the gateway's HTTP port (DICOMweb, REST)
 * @param authPort the auth-server's port (client credentials tokens)
 * @param mllpPort hl7-ingest's MLLP port
 * @param worklistPort worklist-service's DICOM port (AE title ISTHMUS_MWL)
 * @param archivePort dicomweb-service's DICOM port (AE title ISTHMUS_PACS)
 * @param hisPort the port report-service delivers ORUs to ({@code ISTHMUS_HIS_MLLP})
 */
public record DemoEndpoints(
        int gatewayPort, int authPort, int mllpPort, int worklistPort, int archivePort, int hisPort) {}
