package health.isthmus.launcher.demo;

/** The CT the HIS orders for the demo's patient, for the modality of AE title {@code stationAeTitle}. */
record DemoOrder(String accessionNumber, String placerOrderNumber, String stationAeTitle) {}
