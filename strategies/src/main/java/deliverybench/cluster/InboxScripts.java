package deliverybench.cluster;

/**
 * The Lua scripts that keep the inboxes in Redis, each one atomic: Redis runs a script alone, so a
 * message's seq, its place in the list, the trim and its notification happen as one step, and every
 * gateway sees one order per inbox. Every script first reads the store's epoch, setting the caller's
 * candidate when the key is missing: a Redis that lost its data has lost the epoch too, and the first
 * script to notice names a new one.
 */
final class InboxScripts {

    private static final String EPOCH = """
            local epoch = redis.call('GET', KEYS[1])
            if not epoch then
              redis.call('SET', KEYS[1], ARGV[1])
              epoch = ARGV[1]
            end
            """;

    /**
     * One message into one inbox: the epoch (set to the candidate when missing), the next seq, the append and
     * trim, and the notification by the routing: {@code broadcast} publishes to the channel, {@code channel}
     * publishes to the user's sharded channel, {@code map} publishes to each gateway holding the user,
     * {@code map-return} returns them instead, {@code none} does nothing. Returns {epoch, seq, then for
     * {@code map-return} the user's gateways}. Shared by {@link #APPEND} and {@link #APPEND_ALL}.
     */
    private static final String STORE = """
            local function store(epochKey, seqKey, inboxKey, presenceKey, candidate, retention, from, body, user, routing, channel)
              local epoch = redis.call('GET', epochKey)
              if not epoch then
                redis.call('SET', epochKey, candidate)
                epoch = candidate
              end
              local seq = redis.call('INCR', seqKey)
              local length = redis.call('RPUSH', inboxKey, from .. '\\n' .. body)
              if length > retention then
                redis.call('LTRIM', inboxKey, -retention, -1)
              end
              local note = epoch .. '\\n' .. user .. '\\n' .. seq .. '\\n' .. from .. '\\n' .. body
              local out = {epoch, seq}
              if routing == 'broadcast' then
                redis.call('PUBLISH', channel, note)
              elseif routing == 'channel' then
                redis.call('SPUBLISH', channel, note)
              elseif routing == 'map' or routing == 'map-return' then
                local time = redis.call('TIME')
                local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
                local gateways = redis.call('ZRANGEBYSCORE', presenceKey, nowMs, '+inf')
                for i = 1, #gateways do
                  if routing == 'map-return' then
                    out[2 + i] = gateways[i]
                  else
                    redis.call('PUBLISH', channel .. gateways[i], note)
                  end
                end
              end
              return out
            end
            """;

    /**
     * KEYS: epoch, seq, list, presence. ARGV: candidate epoch, retention, from, body, user, routing,
     * the channel to publish to (broadcast: the one channel; channel: the user's; map: the prefix of a
     * gateway's channel). Returns {epoch, seq}. On a Redis Cluster a script may publish only to a
     * sharded channel of its own slot, so there the map's routing is {@code map-return} (the script
     * returns {epoch, seq, then the user's gateways} and the gateway publishes to each) and the
     * broadcast's is {@code none} (the gateway publishes to the user's partition).
     */
    static final String APPEND = STORE + """
            return store(KEYS[1], KEYS[2], KEYS[3], KEYS[4], ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4], ARGV[5],
              ARGV[6], ARGV[7])
            """;

    /**
     * One message to several recipients, all served by the node that runs it: {@link #APPEND} for each, in
     * order. KEYS: the first recipient's epoch (it routes the script to the node). ARGV: candidate epoch,
     * retention, from, body, routing, then per recipient its epoch, seq, list and presence keys, its name and
     * its channel. Redis refuses declared keys of several slots (CROSSSLOT), and lets a script that says so
     * ({@code allow-cross-slot-keys}, Redis 7) touch other slots of its own node; one that is not on this
     * node (a slot moved since the gateway read the slot map) fails the command, not the script, under
     * {@code pcall}. So every recipient's keys are checked first, and if one is elsewhere the script writes
     * nothing and returns {"moved", the error}. Else returns, per recipient, the length of APPEND's answer
     * then that answer.
     */
    static final String APPEND_ALL = "#!lua flags=allow-cross-slot-keys\n" + STORE + """
            local each = 6
            local n = (#ARGV - 5) / each
            for i = 0, n - 1 do
              local at = 5 + i * each
              local local_ = redis.pcall('EXISTS', ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4])
              if type(local_) == 'table' and local_.err then
                return {'moved', local_.err}
              end
            end
            local retention = tonumber(ARGV[2])
            local out = {}
            for i = 0, n - 1 do
              local at = 5 + i * each
              local answer = store(ARGV[at + 1], ARGV[at + 2], ARGV[at + 3], ARGV[at + 4], ARGV[1], retention,
                ARGV[3], ARGV[4], ARGV[at + 5], ARGV[5], ARGV[at + 6])
              out[#out + 1] = #answer
              for j = 1, #answer do
                out[#out + 1] = answer[j]
              end
            end
            return out
            """;

    /**
     * KEYS: epoch, seq, list. ARGV: candidate epoch, after, limit (0 for the position alone).
     * Returns {epoch, highest, oldest, gone (0 or 1), then each message as "from\nbody"}.
     */
    static final String READ = EPOCH + """
            local highest = tonumber(redis.call('GET', KEYS[2]) or '0')
            local length = redis.call('LLEN', KEYS[3])
            local oldest = highest - length + 1
            local after = tonumber(ARGV[2])
            local limit = tonumber(ARGV[3])
            if after < oldest - 1 or after > highest then
              return {epoch, highest, oldest, 1}
            end
            local out = {epoch, highest, oldest, 0}
            local first = math.max(after + 1, oldest)
            local count = math.min(limit, highest - first + 1)
            if count > 0 then
              local items = redis.call('LRANGE', KEYS[3], first - oldest, first - oldest + count - 1)
              for i = 1, #items do
                out[4 + i] = items[i]
              end
            end
            return out
            """;

    /**
     * On a Redis Cluster, at a gateway's start: the epoch of every slot one primary serves. KEYS: the
     * first slot's epoch key (it routes the script to the node). ARGV: candidate epoch, then the other
     * slots' epoch keys: Redis checks that declared keys share a slot, and lets a script that says so
     * ({@code allow-cross-slot-keys}, Redis 7) touch other slots of its own node. Returns each slot's
     * epoch, setting the missing ones.
     */
    static final String SHARD_EPOCHS = """
            #!lua flags=allow-cross-slot-keys
            local out = {}
            for i = 1, #ARGV do
              local key = KEYS[1]
              if i > 1 then
                key = ARGV[i]
              end
              local epoch = redis.call('GET', key)
              if not epoch then
                redis.call('SET', key, ARGV[1])
                epoch = ARGV[1]
              end
              out[i] = epoch
            end
            return out
            """;

    /** KEYS: epoch. ARGV: candidate epoch. Returns the epoch. */
    static final String CURRENT_EPOCH = EPOCH + "return epoch\n";

    /**
     * KEYS: epoch, then one presence key per user. ARGV: candidate epoch, gateway id, time to live (ms).
     * Marks this gateway as holding each user until now + ttl. Returns {epoch, then the 1-based
     * indexes of the users whose entry was missing or expired}: notifications may have passed this
     * gateway by, so it re-reads their inboxes.
     */
    static final String PRESENT = EPOCH + """
            local time = redis.call('TIME')
            local nowMs = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
            local ttl = tonumber(ARGV[3])
            local out = {epoch}
            for i = 2, #KEYS do
              local old = redis.call('ZSCORE', KEYS[i], ARGV[2])
              redis.call('ZADD', KEYS[i], nowMs + ttl, ARGV[2])
              redis.call('PEXPIRE', KEYS[i], ttl)
              if not old or tonumber(old) < nowMs then
                out[#out + 1] = i - 1
              end
            end
            return out
            """;

    /** KEYS: one presence key per user. ARGV: gateway id. Removes this gateway from each. */
    static final String ABSENT = """
            for i = 1, #KEYS do
              redis.call('ZREM', KEYS[i], ARGV[1])
            end
            return #KEYS
            """;

    private InboxScripts() {
    }
}
