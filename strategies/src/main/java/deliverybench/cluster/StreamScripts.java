package deliverybench.cluster;

/**
 * The Lua scripts that keep XEP-0198 stream records in Redis: a record is {@code owner \n payload}, and
 * only its owner may save over it or remove it, so that a gateway which has not yet noticed that its
 * device moved cannot undo the claim of the gateway the device resumed on.
 */
final class StreamScripts {

    private static final String OWNED = """
            local current = redis.call('GET', KEYS[1])
            if current and string.sub(current, 1, string.len(ARGV[1]) + 1) ~= ARGV[1] .. '\\n' then
              return {0}
            end
            """;

    /** KEYS: the record. ARGV: owner, payload, ttl in seconds. Returns {1} when saved, {0} when another owns it. */
    static final String SAVE = OWNED + """
            redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. ARGV[2], 'EX', ARGV[3])
            return {1}
            """;

    /** KEYS: the record. ARGV: the new owner, ttl in seconds. Returns {payload}, or {} when there is none. */
    static final String CLAIM = """
            local current = redis.call('GET', KEYS[1])
            if not current then
              return {}
            end
            local payload = string.sub(current, string.find(current, '\\n', 1, true) + 1)
            redis.call('SET', KEYS[1], ARGV[1] .. '\\n' .. payload, 'EX', ARGV[2])
            return {payload}
            """;

    /** KEYS: the record. ARGV: owner. Returns {1} when removed. */
    static final String REMOVE = OWNED + """
            return {redis.call('DEL', KEYS[1])}
            """;

    private StreamScripts() {
    }
}
