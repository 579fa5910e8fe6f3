package health.isthmus.launcher.process;

/** A main class that never ends by itself, to be run under {@link ParentWatchingMain}. */
public final class SleepForeverMain {

    private SleepForeverMain() {}

    public static void main(String[] args) throws InterruptedException {
        System.out.println("sleeping");
        Thread.sleep(Long.MAX_VALUE);
    }
}
