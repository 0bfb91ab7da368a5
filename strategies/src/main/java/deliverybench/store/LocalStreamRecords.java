package deliverybench.store;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/** Stream records in this process's memory, for a server without a shared store; every stage completes at once. */
public final class LocalStreamRecords implements StreamRecords {

    private record Entry(String user, String owner, String payload, long expiresAtNs) {
        boolean live(long nowNs) {
            return nowNs - expiresAtNs < 0;
        }
    }

    private final ConcurrentHashMap<String, Entry> records = new ConcurrentHashMap<>();

    @Override
    public CompletionStage<Boolean> save(String id, String user, String owner, String payload, int ttlSeconds) {
        long now = System.nanoTime();
        if (records.size() >= MAX_RECORDS) {
            records.values().removeIf(entry -> !entry.live(now));
        }
        boolean[] saved = {false};
        records.compute(id, (key, current) -> {
            boolean ours = current == null || !current.live(now) || current.owner.equals(owner) && current.user.equals(user);
            if (!ours || current == null && records.size() >= MAX_RECORDS) {
                return current;
            }
            saved[0] = true;
            return new Entry(user, owner, payload, now + ttlSeconds * 1_000_000_000L);
        });
        return CompletableFuture.completedFuture(saved[0]);
    }

    @Override
    public CompletionStage<String> claim(String id, String user, String owner, int ttlSeconds) {
        long now = System.nanoTime();
        String[] payload = {null};
        records.computeIfPresent(id, (key, current) -> {
            if (!current.live(now)) {
                return null;
            }
            if (!current.user.equals(user)) {
                return current;
            }
            payload[0] = current.payload;
            return new Entry(user, owner, current.payload, now + ttlSeconds * 1_000_000_000L);
        });
        return CompletableFuture.completedFuture(payload[0]);
    }

    @Override
    public CompletionStage<Boolean> remove(String id, String user, String owner) {
        boolean[] removed = {false};
        records.computeIfPresent(id, (key, current) -> {
            removed[0] = current.owner.equals(owner) && current.user.equals(user);
            return removed[0] ? null : current;
        });
        return CompletableFuture.completedFuture(removed[0]);
    }

    /** How many records are held now (expired ones included until they are pruned). */
    public int size() {
        return records.size();
    }
}
