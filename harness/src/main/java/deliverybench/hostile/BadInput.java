package deliverybench.hostile;

import deliverybench.protocol.FrameType;
import deliverybench.protocol.Frames;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.SplittableRandom;

/** The kinds of bad input a storm sends, one connection each: what an attacker with a valid token would try. */
enum BadInput {

    HTTP_RANDOM_BYTES("random bytes on the HTTP port") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return once(aim.http(), bytes(random, 1 + random.nextInt(4_000)));
        }
    },
    HTTP_BAD_REQUEST_LINE("malformed request lines") {
        private final String[] lines = {"GET /messages?after=0 HTTP/9.9", "G\0ET / HTTP/1.1", "GET", "GET /%zz HTTP/1.1",
                "GET /messages?after=%ff%fe HTTP/1.1", "PRI * HTTP/2.0", "GET http://[::1 HTTP/1.1", "  / HTTP/1.1",
                "GET /messages?after=0 HTTP/1.1\nHost: x\n", "CONNECT 127.0.0.1:22 HTTP/1.1"};

        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return once(aim.http(), lines[random.nextInt(lines.length)] + "\r\nHost: x\r\n\r\n");
        }
    },
    HUGE_HEADERS("huge or too many headers") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            StringBuilder head = new StringBuilder(http("GET", "/messages?after=0", aim.token(random)));
            if (random.nextBoolean()) {
                head.append("X-Big: ").append("a".repeat(16_000 + random.nextInt(100_000))).append("\r\n");
            } else {
                for (int i = 300 + random.nextInt(300); i > 0; i--) {
                    head.append("X-H").append(i).append(": v\r\n");
                }
            }
            return once(aim.http(), head.append("\r\n").toString());
        }
    },
    LONG_QUERY("long queries and many parameters") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            StringBuilder query = new StringBuilder("after=0");
            if (random.nextBoolean()) {
                query.append("&x=").append("9".repeat(10_000 + random.nextInt(20_000)));
            } else {
                for (int i = 100 + random.nextInt(2_000); i > 0; i--) {
                    query.append("&p").append(i).append('=').append(i);
                }
            }
            return once(aim.http(), http("GET", path(random) + "?" + query, aim.token(random)) + "\r\n");
        }
    },
    BAD_QUERY("bad after, limit, wait, epoch on every endpoint") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String query = NAMES[random.nextInt(NAMES.length)] + "=" + number(random) + "&"
                    + NAMES[random.nextInt(NAMES.length)] + "=" + number(random);
            return once(aim.http(), http("GET", path(random) + "?" + query, aim.token(random)) + "\r\n");
        }
    },
    BAD_LAST_EVENT_ID("bad Last-Event-ID") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return once(aim.http(), http("GET", "/events?after=0", aim.token(random)) + "Last-Event-ID: " + number(random) + "\r\n\r\n");
        }
    },
    BAD_TOKEN("bad, forged, long and missing tokens") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String token = switch (random.nextInt(5)) {
                case 0 -> "";
                case 1 -> "x".repeat(random.nextInt(12_000));
                case 2 -> aim.token(random) + "x";
                case 3 -> b64("{\"alg\":\"none\"}") + "." + b64("{\"sub\":\"bob\",\"exp\":99999999999}") + ".";
                default -> b64("{\"alg\":\"HS256\"}") + "." + b64("[[[[[[[[[[[[[[[[[[[[[[[[[[[[{}") + ".sig";
            };
            return once(aim.http(), http(random.nextBoolean() ? "GET" : "POST", path(random) + "?after=0&token=" + token, token)
                    + "Content-Length: 2\r\n\r\n{}");
        }
    },
    LYING_CONTENT_LENGTH("lying or impossible Content-Length and chunk sizes") {
        private final String[] lengths = {"Content-Length: 999999999", "Content-Length: 2147483648", "Content-Length: 394240",
                "Content-Length: -1", "Content-Length: 1e9", "Content-Length: 5\r\nContent-Length: 500000000",
                "Transfer-Encoding: chunked\r\nContent-Length: 999999999", "Transfer-Encoding: chunked"};

        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String header = lengths[random.nextInt(lengths.length)];
            String body = header.endsWith("chunked") ? "FFFFFFFFFF\r\n" + "x".repeat(random.nextInt(3_000)) : "{\"to\":\"bob\",\"body\":\"";
            return once(aim.http(), http("POST", "/messages", aim.token(random)) + header + "\r\n\r\n" + body);
        }
    },
    BAD_JSON_BODY("malformed send bodies") {
        private final String[] bodies = {"{", "[]", "{\"to\":[\"a\",\"b\"],\"body\":\"x\"}", "{\"to\":\"bob\",\"body\":5}",
                "{\"to\":\"bob smith\",\"body\":\"x\"}", "{\"to\":\"bob\",\"body\":\"x\"}garbage", "\u0000\u0001"};

        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String body = switch (random.nextInt(4)) {
                case 0 -> "[".repeat(1 + random.nextInt(100_000));
                case 1 -> "{\"to\":\"bob\",\"body\":\"" + "\\u00e9".repeat(11_000 + random.nextInt(20_000)) + "\"}";
                case 2 -> new String(bytes(random, random.nextInt(8_000)), StandardCharsets.ISO_8859_1);
                default -> bodies[random.nextInt(bodies.length)];
            };
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            return once(aim.http(), http("POST", "/messages", aim.token(random)) + "Content-Length: " + bytes.length + "\r\n\r\n"
                    + new String(bytes, StandardCharsets.ISO_8859_1));
        }
    },
    ODD_METHODS("odd methods and bodies on /stats, /health and unknown paths") {
        private final String[] methods = {"DELETE", "PUT", "OPTIONS", "TRACE", "FOO", "GET", "HEAD"};

        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String path = new String[]{"/stats", "/health", "/nope", "/messages/..%2f", "/ws/x"}[random.nextInt(5)];
            return once(aim.http(), methods[random.nextInt(methods.length)] + " " + path + " HTTP/1.1\r\nHost: x\r\n"
                    + "Content-Length: 3\r\n\r\nabc");
        }
    },
    BAD_UPGRADE("broken WebSocket handshakes") {
        private final String[] heads = {"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n",
                "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 99\r\n",
                "Upgrade: h2c\r\nConnection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n",
                "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"};

        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            String path = random.nextBoolean() ? "/ws?after=0" : "/messages?after=0";
            return once(aim.http(), http("GET", path, aim.token(random)) + heads[random.nextInt(heads.length)] + "\r\n");
        }
    },
    BAD_WEBSOCKET_FRAMES("bad frames after a valid WebSocket upgrade") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            try (RawConnection connection = new RawConnection(aim.http())) {
                connection.write(http("GET", "/ws?after=0&epoch=0", aim.token(random)) + "Upgrade: websocket\r\n"
                        + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n");
                RawConnection.Answer upgrade = connection.read();
                if (!upgrade.summary().equals("http 101")) {
                    return "ws upgrade " + upgrade.summary();
                }
                try {
                    connection.write(WebSocketFrames.hostile(random));
                } catch (IOException e) {
                    // Closed while we wrote: the close frame may still be there to read.
                }
                return WebSocketFrames.closeCode(connection.read());
            }
        }
    },
    SLOWLORIS("request heads trickled a byte at a time") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return trickle(aim, http("GET", "/messages?after=0", aim.token(random)) + "X-Slow: " + "s".repeat(100), random);
        }
    },
    SLOW_BODY("send bodies trickled a byte at a time") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return trickle(aim, http("POST", "/messages", aim.token(random)) + "Content-Length: 300\r\n\r\n{\"to\":\"bob\",", random);
        }
    },
    HANDSHAKE_FLOOD("silent connections held open on both ports") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            RawConnection[] silent = new RawConnection[20];
            try {
                for (int i = 0; i < silent.length; i++) {
                    silent[i] = new RawConnection(i % 2 == 0 ? aim.http() : aim.tcp());
                }
                return "held " + silent.length + ", last " + silent[silent.length - 1].read().summary();
            } finally {
                for (RawConnection connection : silent) {
                    if (connection != null) {
                        connection.close();
                    }
                }
            }
        }
    },
    TCP_RANDOM_BYTES("random bytes on the TCP port") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            return once(aim.tcp(), bytes(random, 1 + random.nextInt(4_000)));
        }
    },
    TCP_LYING_LENGTH("TCP frames whose length lies") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            int length = switch (random.nextInt(4)) {
                case 0 -> Integer.MAX_VALUE;
                case 1 -> -1;
                case 2 -> 65_536 + 1_024;
                default -> 1 + random.nextInt(5_000);
            };
            ByteBuffer frame = ByteBuffer.allocate(5 + 100).putInt(length).put(FrameType.HELLO).put(bytes(random, 100));
            return once(aim.tcp(), frame.array());
        }
    },
    TCP_BAD_HELLO("malformed HELLO and HELLO2") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            ByteBuffer hello = switch (random.nextInt(5)) {
                case 0 -> Frames.hello(-1, aim.token(random));
                case 1 -> Frames.hello2(0, Long.MAX_VALUE, aim.token(random));
                case 2 -> Frames.hello(0, "x".repeat(4_000));
                case 3 -> ByteBuffer.allocate(8).putInt(4).put(FrameType.HELLO2).put(new byte[3]).flip();
                default -> Frames.hello(0, new String(bytes(random, 300), StandardCharsets.ISO_8859_1));
            };
            return once(aim.tcp(), array(hello));
        }
    },
    TCP_BAD_FRAMES("bad frames after a valid HELLO") {
        @Override
        String send(Aim aim, SplittableRandom random) throws IOException {
            try (RawConnection connection = new RawConnection(aim.tcp())) {
                connection.write(array(Frames.hello(0, aim.token(random))));
                ByteBuffer bad = switch (random.nextInt(5)) {
                    case 0 -> ByteBuffer.allocate(5 + 3).putInt(4).put(FrameType.ACK).put(new byte[3]).flip();
                    case 1 -> ByteBuffer.allocate(5).putInt(1).put((byte) (0x0c + random.nextInt(200))).flip();
                    case 2 -> Frames.hello(0, aim.token(random));
                    case 3 -> ByteBuffer.allocate(5 + 60_000).putInt(65_536 + 1_024).put(FrameType.PING).put(new byte[60_000]).flip();
                    default -> ByteBuffer.wrap(bytes(random, 1 + random.nextInt(3_000)));
                };
                connection.write(array(bad));
                return connection.read().summary();
            }
        }
    };

    private static final String[] NAMES = {"after", "limit", "wait", "epoch", "after"};
    private static final String[] PATHS = {"/messages", "/events", "/stream", "/ws", "/stats"};

    private final String label;

    BadInput(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }

    /** Sends one input of this kind on a connection of its own; returns what the server answered, summarized. */
    abstract String send(Aim aim, SplittableRandom random) throws IOException;

    private static String once(java.net.InetSocketAddress address, String request) throws IOException {
        return once(address, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static String once(java.net.InetSocketAddress address, byte[] bytes) throws IOException {
        try (RawConnection connection = new RawConnection(address)) {
            try {
                connection.write(bytes);
            } catch (IOException e) {
                // The server closed before taking it all: what it answered is still worth reading.
            }
            return connection.read().summary();
        }
    }

    /** Sends {@code text} a byte every 50 to 250 ms for at most about two seconds, or until the server closes. */
    private static String trickle(Aim aim, String text, SplittableRandom random) throws IOException {
        try (RawConnection connection = new RawConnection(aim.http())) {
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (int i = 0; i < text.length() && System.nanoTime() < deadline; i++) {
                connection.write(text.substring(i, i + 1));
                try {
                    Thread.sleep(50 + random.nextInt(200));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return "trickled, then " + connection.read().summary();
        } catch (IOException e) {
            return "trickled until the server closed";
        }
    }

    private static String http(String method, String target, String token) {
        return method + " " + target + " HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\n";
    }

    private static String path(SplittableRandom random) {
        return PATHS[random.nextInt(PATHS.length)];
    }

    private static String number(SplittableRandom random) {
        return switch (random.nextInt(7)) {
            case 0 -> "-1";
            case 1 -> "9223372036854775808";
            case 2 -> "99999999999999999999999999999999";
            case 3 -> "abc";
            case 4 -> "";
            case 5 -> "0x10";
            default -> Long.toString(random.nextLong());
        };
    }

    static byte[] bytes(SplittableRandom random, int length) {
        byte[] bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] array(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.get(bytes);
        return bytes;
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
