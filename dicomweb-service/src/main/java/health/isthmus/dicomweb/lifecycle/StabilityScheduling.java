package health.isthmus.dicomweb.lifecycle;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Runs the archive's periodic work ({@link StudyStability}). */
@Configuration(proxyBeanMethods = false)
@EnableScheduling
class StabilityScheduling {}
