package health.isthmus.mpi.registry;

/** An administrator's or reviewer's change that the registry's current state does not allow; nothing changed. */
public class IdentityChangeRefusedException extends RuntimeException {

    public IdentityChangeRefusedException(String message) {
        super(message);
    }
}
