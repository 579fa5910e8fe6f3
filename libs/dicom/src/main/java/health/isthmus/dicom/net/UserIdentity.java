package health.isthmus.dicom.net;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * User identity negotiation as requested by an association requestor (PS3.7 D.3.3.7): a user name, a user name
 * with passcode, a Kerberos ticket, a SAML assertion or a JSON Web Token. The values are bytes as sent; the
 * application decides what they mean. {@link #toString()} never shows the secondary field.
 */
public record UserIdentity(Type type, boolean positiveResponseRequested, byte[] primaryField, byte[] secondaryField) {

    /** The user identity types of PS3.7 Table D.3-14. */
    public enum Type {
        USERNAME(1),
        USERNAME_AND_PASSCODE(2),
        KERBEROS(3),
        SAML(4),
        JWT(5);

        private final int code;

        Type(int code) {
            this.code = code;
        }

        /** The code on the wire. */
        public int code() {
            return code;
        }

        /** The type for a code on the wire. */
        public static Type of(int code) throws MalformedPduException {
            for (Type type : values()) {
                if (type.code == code) {
                    return type;
                }
            }
            throw new MalformedPduException(Abort.REASON_INVALID_PARAMETER_VALUE, "unknown user identity type " + code);
        }
    }

    public UserIdentity {
        primaryField = primaryField.clone();
        secondaryField = secondaryField.clone();
    }

    /** A user name alone. */
    public static UserIdentity username(String username, boolean positiveResponseRequested) {
        return new UserIdentity(
                Type.USERNAME, positiveResponseRequested, username.getBytes(StandardCharsets.UTF_8), new byte[0]);
    }

    /** A user name and passcode. */
    public static UserIdentity usernameAndPasscode(
            String username, String passcode, boolean positiveResponseRequested) {
        return new UserIdentity(
                Type.USERNAME_AND_PASSCODE,
                positiveResponseRequested,
                username.getBytes(StandardCharsets.UTF_8),
                passcode.getBytes(StandardCharsets.UTF_8));
    }

    /** A JSON Web Token. */
    public static UserIdentity jwt(String token, boolean positiveResponseRequested) {
        return new UserIdentity(
                Type.JWT, positiveResponseRequested, token.getBytes(StandardCharsets.US_ASCII), new byte[0]);
    }

    @Override
    public byte[] primaryField() {
        return primaryField.clone();
    }

    @Override
    public byte[] secondaryField() {
        return secondaryField.clone();
    }

    /** The primary field as text (user name or token). */
    public String primaryText() {
        return new String(primaryField, StandardCharsets.UTF_8);
    }

    /** The secondary field as text (the passcode). */
    public String secondaryText() {
        return new String(secondaryField, StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof UserIdentity that
                && type == that.type
                && positiveResponseRequested == that.positiveResponseRequested
                && Arrays.equals(primaryField, that.primaryField)
                && Arrays.equals(secondaryField, that.secondaryField);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + Arrays.hashCode(primaryField);
    }

    @Override
    public String toString() {
        String primary = type == Type.USERNAME || type == Type.USERNAME_AND_PASSCODE
                ? primaryText()
                : primaryField.length + " bytes";
        return "UserIdentity[" + type + ", " + primary + "]";
    }
}
