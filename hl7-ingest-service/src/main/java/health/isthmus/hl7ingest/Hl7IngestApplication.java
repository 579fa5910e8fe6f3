package health.isthmus.hl7ingest;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

/** Entry point of hl7-ingest-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class Hl7IngestApplication {

    public static void main(String[] args) {
        SpringApplication.run(Hl7IngestApplication.class, args);
    }
}
