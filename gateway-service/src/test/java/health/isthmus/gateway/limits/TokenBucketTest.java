package health.isthmus.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import health.isthmus.gateway.limits.RateLimitFilter.TokenBucket;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private final AtomicLong now = new AtomicLong(1_000);

    @Test
    void aBurstPassesThenTheClientWaitsForTheRefill() {
        TokenBucket bucket = new TokenBucket(3, 0.5, now::get);

        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        // one request per 2 s: the fourth is told to come back in 2 s
        assertThat(bucket.tryTake()).isEqualTo(2);

        now.addAndGet(TimeUnit.SECONDS.toNanos(2));
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(2);
    }

    @Test
    void anIdleClientGetsNoMoreThanItsBurst() {
        TokenBucket bucket = new TokenBucket(2, 10, now::get);

        now.addAndGet(TimeUnit.HOURS.toNanos(1));

        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isZero();
        assertThat(bucket.tryTake()).isEqualTo(1);
    }
}
