package deliverybench.measure;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class MessageBodyTest {

    @Test
    void stampsRoundTripAndThePayloadHasTheAskedSize() {
        String body = MessageBody.encode(123_456_789_012L, 123_456_999_999L, 100);
        assertEquals(100, body.length());
        assertArrayEquals(new long[]{123_456_789_012L, 123_456_999_999L}, MessageBody.decode(body));
        assertEquals(MessageBody.MIN_BYTES, MessageBody.encode(Long.MAX_VALUE, Long.MAX_VALUE, 1).length() + 2);
    }

    @Test
    void aForeignBodyIsNotRead() {
        assertNull(MessageBody.decode("hello"));
        assertNull(MessageBody.decode("a:b:c"));
    }
}
