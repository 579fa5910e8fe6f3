package health.isthmus.report.delivery;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the delivery worker when a delivery was queued, instead of letting it wait for its next poll. */
@Component
class DeliverySignal {

    private final Semaphore signal = new Semaphore(0);

    void wakeUp() {
        signal.release();
    }

    /** Waits for a wake-up or the timeout; returns whether woken. */
    boolean await(Duration timeout) throws InterruptedException {
        boolean woken = signal.tryAcquire(timeout.toMillis(), TimeUnit.MILLISECONDS);
        signal.drainPermits();
        return woken;
    }
}
