package health.isthmus.worklist.scheduling.domain;

/**
 * One item of a DICOM code sequence (Requested Procedure Code Sequence, Scheduled Protocol Code Sequence).
 *
 * @param code Code Value (0008,0100)
 * @param meaning Code Meaning (0008,0104), the code itself when the sender gave no text
 * @param scheme Coding Scheme Designator (0008,0102): the HL7 coding system as sent, {@code L} (local) when absent
 */
public record ProcedureCode(String code, String meaning, String scheme) {}
