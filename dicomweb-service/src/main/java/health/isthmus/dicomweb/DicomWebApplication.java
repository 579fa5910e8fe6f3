package health.isthmus.dicomweb;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of dicomweb-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class DicomWebApplication {

    public static void main(String[] args) {
        SpringApplication.run(DicomWebApplication.class, args);
    }
}
