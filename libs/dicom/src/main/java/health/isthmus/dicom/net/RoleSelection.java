package health.isthmus.dicom.net;

/**
 * SCP/SCU role selection (PS3.7 D.3.3.4) for one SOP class. Proposed by the requestor for the roles it wants
 * to play; answered by the acceptor with the roles it grants.
 */
public record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}
