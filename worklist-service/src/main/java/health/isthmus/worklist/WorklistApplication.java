package health.isthmus.worklist;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of worklist-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class WorklistApplication {

    public static void main(String[] args) {
        SpringApplication.run(WorklistApplication.class, args);
    }
}
