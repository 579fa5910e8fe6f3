package health.isthmus.worklist.scheduling.domain;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.jspecify.annotations.Nullable;

/**
 * When a step is to start, as the DICOM worklist matches it and as an instant.
 *
 * @param date the site's local date (Scheduled Procedure Step Start Date)
 * @param time the site's local time, when the order gave one (Scheduled Procedure Step Start Time)
 * @param instant the start on the time line (the start of the day when no time was given)
 */
public record ScheduledStart(LocalDate date, @Nullable LocalTime time, Instant instant) {}
