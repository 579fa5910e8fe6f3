package health.isthmus.worklist.arrival;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The images the archive holds for a scheduled study.
 *
 * @param filing FILED, or HELD while the archive waits for an admin to reconcile the images with their order
 * @param modalities the modalities in the study
 * @param numberOfSeries series stored
 * @param numberOfInstances instances stored
 * @param firstInstanceAt when the first instance arrived
 * @param stableAt when the study fell quiet (no instance for the archive's quiet time), if it did
 */
public record StudyArrival(
        String filing,
        List<String> modalities,
        int numberOfSeries,
        int numberOfInstances,
        Instant firstInstanceAt,
        @Nullable Instant stableAt) {}
