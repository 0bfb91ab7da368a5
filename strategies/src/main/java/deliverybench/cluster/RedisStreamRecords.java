package deliverybench.cluster;

import deliverybench.store.StreamRecords;

import java.util.concurrent.CompletionStage;

/** Stream records in Redis beside the user's inbox (one hash tag), so a device resumes on any gateway. */
final class RedisStreamRecords implements StreamRecords {

    private static final RedisLink.Script SAVE = new RedisLink.Script(StreamScripts.SAVE);
    private static final RedisLink.Script CLAIM = new RedisLink.Script(StreamScripts.CLAIM);
    private static final RedisLink.Script REMOVE = new RedisLink.Script(StreamScripts.REMOVE);

    private final RedisLink link;
    private final Keys keys;

    RedisStreamRecords(RedisLink link, Keys keys) {
        this.link = link;
        this.keys = keys;
    }

    @Override
    public CompletionStage<Boolean> save(String id, String user, String owner, String payload, int ttlSeconds) {
        return link.script(SAVE, new String[] {keys.stream(user, id)}, owner, payload, Integer.toString(ttlSeconds))
                .thenApply(answer -> (Long) answer.get(0) == 1);
    }

    @Override
    public CompletionStage<String> claim(String id, String user, String owner, int ttlSeconds) {
        return link.script(CLAIM, new String[] {keys.stream(user, id)}, owner, Integer.toString(ttlSeconds))
                .thenApply(answer -> answer.isEmpty() ? null : (String) answer.get(0));
    }

    @Override
    public CompletionStage<Boolean> remove(String id, String user, String owner) {
        return link.script(REMOVE, new String[] {keys.stream(user, id)}, owner)
                .thenApply(answer -> (Long) answer.get(0) == 1);
    }
}
