package health.isthmus.audit.identity;

import health.isthmus.events.common.PatientIdentifier;
import health.isthmus.events.mpi.EnterprisePatientEvent;
import health.isthmus.events.mpi.EnterprisePatientLinked;
import health.isthmus.events.mpi.EnterprisePatientMerged;
import health.isthmus.events.mpi.EnterprisePatientUnlinked;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Which identifiers belong to which enterprise identity, kept from the MPI's events. For an audit trail a person's
 * history counts: identifiers retired by a merge and identities linked into another stay with the survivor; only an
 * unlink (the MPI correcting a wrong link) takes identifiers away, since they were someone else's.
 */
@Component
public class PatientLinks {

    private final JdbcClient jdbc;

    public PatientLinks(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Applies one MPI event, in the consumer's transaction. */
    public void apply(EnterprisePatientEvent event) {
        String euid = event.euid().toString();
        link(euid, euid, euid);
        event.identifiers().forEach(identifier -> link(identifier, euid));
        switch (event) {
            case EnterprisePatientLinked linked -> absorb(linked.formerEuid(), euid);
            case EnterprisePatientMerged merged -> {
                merged.retired().forEach(identifier -> link(identifier, euid));
                absorb(merged.retiredEuid(), euid);
            }
            case EnterprisePatientUnlinked unlinked ->
                unlinked.unlinked()
                        .forEach(identifier -> jdbc.sql(
                                        "delete from patient_identity_link where member = ? and euid = ?")
                                .params(identifier.qualified(), euid)
                                .update());
            default -> {
                // created and updated carry the identity's identifiers, linked above
            }
        }
    }

    private void absorb(@Nullable UUID former, String euid) {
        if (former == null) {
            return;
        }
        jdbc.sql("""
                        insert into patient_identity_link (member, member_value, euid)
                        select member, member_value, ? from patient_identity_link where euid = ?
                        on conflict do nothing
                        """).params(euid, former.toString()).update();
        link(former.toString(), former.toString(), euid);
    }

    private void link(PatientIdentifier identifier, String euid) {
        link(identifier.qualified(), identifier.value(), euid);
    }

    private void link(String member, String value, String euid) {
        jdbc.sql(
                        "insert into patient_identity_link (member, member_value, euid) values (?, ?, ?) on conflict do nothing")
                .params(member, value, euid)
                .update();
    }
}
