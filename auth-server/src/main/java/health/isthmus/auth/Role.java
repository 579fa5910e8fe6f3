package health.isthmus.auth;

import java.util.Locale;

/** The platform roles; each travels in the token claim {@code roles} under its lower-case name. */
public enum Role {
    ADMIN,
    RADIOLOGIST,
    TECHNOLOGIST,
    CLINICIAN,
    AUDITOR,
    INTEGRATION;

    /** The value written into the {@code roles} claim, for example {@code clinician}. */
    public String claimValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
