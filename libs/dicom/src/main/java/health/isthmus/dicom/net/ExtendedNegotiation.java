package health.isthmus.dicom.net;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * SOP class extended negotiation (PS3.7 D.3.3.5): application information bytes whose meaning the SOP class
 * defines (for example relational queries for C-FIND). Carried unchanged in both directions.
 */
public record ExtendedNegotiation(String sopClassUid, byte[] information) {

    public ExtendedNegotiation {
        information = information.clone();
    }

    @Override
    public byte[] information() {
        return information.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ExtendedNegotiation that
                && sopClassUid.equals(that.sopClassUid)
                && Arrays.equals(information, that.information);
    }

    @Override
    public int hashCode() {
        return sopClassUid.hashCode() * 31 + Arrays.hashCode(information);
    }

    @Override
    public String toString() {
        return "ExtendedNegotiation[" + sopClassUid + ", " + HexFormat.of().formatHex(information) + "]";
    }
}
