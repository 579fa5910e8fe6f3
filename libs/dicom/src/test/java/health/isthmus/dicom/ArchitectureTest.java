package health.isthmus.dicom;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.junit.ArchTests;
import health.isthmus.testsupport.architecture.HouseRules;

@AnalyzeClasses(packages = "health.isthmus.dicom", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchTests houseRules = ArchTests.in(HouseRules.class);
}
