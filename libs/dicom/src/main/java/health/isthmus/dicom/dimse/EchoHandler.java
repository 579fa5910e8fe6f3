package health.isthmus.dicom.dimse;

import health.isthmus.dicom.net.Association;

/** The Verification SCP (C-ECHO); the default answers Success. */
@FunctionalInterface
public interface EchoHandler {

    /** Answers Success to every C-ECHO. */
    EchoHandler SUCCESS = association -> DimseStatus.SUCCESS;

    DimseStatus echo(Association association);
}
