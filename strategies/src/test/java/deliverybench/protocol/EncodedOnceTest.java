package deliverybench.protocol;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class EncodedOnceTest {

    private final AtomicInteger encodings = new AtomicInteger();
    private final EncodedOnce<String> once = new EncodedOnce<>((from, body) -> {
        encodings.incrementAndGet();
        return from + ":" + body;
    });

    /** The copies of one message (the very same strings) are encoded once, however many there are. */
    @Test
    void copiesOfOneMessageShareOneEncoding() {
        String from = "alice";
        String body = "hello";
        String first = once.of(from, body);
        for (int i = 0; i < 100; i++) {
            assertSame(first, once.of(from, body));
        }
        assertEquals(1, encodings.get());
        assertEquals("alice:hello", first);
    }

    /** Equal text in other objects is another message: encoded again, never mistaken for the last one. */
    @Test
    void anotherMessageIsEncodedAgainEvenWithEqualText() {
        String body = "hello";
        String first = once.of("alice", body);
        String again = once.of(new String("alice"), new String(body));
        assertEquals(2, encodings.get());
        assertEquals(first, again);
        assertNotSame(first, again);
        once.of("bob", body);
        assertEquals(3, encodings.get());
        assertEquals("bob:hello", once.of("bob", body));
    }

    /** Each thread keeps its own last encoding: a thread never sees another's half-made one. */
    @Test
    void eachThreadKeepsItsOwn() throws Exception {
        String from = "alice";
        String body = "hello";
        once.of(from, body);
        CompletableFuture.runAsync(() -> once.of(from, body)).get();
        assertEquals(2, encodings.get());
        once.of(from, body);
        assertEquals(2, encodings.get());
    }
}
