package health.isthmus.mpi;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** Entry point of patient-identity-service. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class PatientIdentityApplication {

    public static void main(String[] args) {
        SpringApplication.run(PatientIdentityApplication.class, args);
    }
}
