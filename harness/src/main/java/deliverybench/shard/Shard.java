package deliverybench.shard;

/**
 * Part {@code index} of {@code count} of a run's load, cut as k6 cuts execution segments: the run's users are
 * numbered, shard {@code i} takes users {@code floor(N*i/K)} up to {@code floor(N*(i+1)/K)}, so the parts add up
 * to the whole exactly and the remainder is spread one user at a time (shards with the larger parts are spread
 * evenly, never all first). A user's devices and the messages to that user stay in its shard, and the send rate
 * follows the users: shard {@code i} sends {@code rate * users_i / N}, so every user gets the load it gets from one driver.
 */
public record Shard(int index, int count) {

    /** The whole run in one part. */
    public static final Shard WHOLE = new Shard(0, 1);

    public Shard {
        if (count < 1 || index < 0 || index >= count) {
            throw new IllegalArgumentException("a shard is I/K with 0 <= I < K and K >= 1, was " + index + "/" + count);
        }
    }

    /** {@code I/K} as {@code --shard} takes it. */
    public static Shard parse(String text) {
        String[] parts = text.trim().split("/");
        try {
            if (parts.length != 2) {
                throw new NumberFormatException();
            }
            return new Shard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--shard must be I/K, e.g. 0/2 (the first of two), was '" + text + "'");
        }
    }

    /** The first of this shard's users, numbered 0 to {@code users - 1} over the whole run. */
    public int firstUser(int users) {
        return (int) ((long) users * index / count);
    }

    /** How many of the run's {@code users} this shard drives. */
    public int users(int users) {
        return (int) ((long) users * (index + 1) / count) - firstUser(users);
    }

    /** This shard's part of the run's {@code ratePerSecond}: in proportion to its users. */
    public double rate(double ratePerSecond, int users) {
        return ratePerSecond * users(users) / users;
    }

    /**
     * The schedule's seed in this shard: the run's for the first, so that {@code --shards 1} sends as one driver does.
     * Not {@code seed + I * 0x9E3779B97F4A7C15}: that is SplittableRandom's own step, and shard I's arrivals would be
     * shard 0's shifted by I draws (two shards sent the same Poisson gaps until this was caught).
     */
    public long seed(long seed) {
        return seed + 0x632BE59BD9B4E019L * index;
    }

    /** The users' name tag: distinct per shard, so that two shards never share a user (and a message never crosses). */
    public String userTag() {
        return count == 1 ? "" : "k" + index;
    }

    /** Fails unless every one of the K shards has a user (K at most the run's users). */
    public static void requireUsers(int shards, int users) {
        if (shards > users) {
            throw new IllegalArgumentException("--shards " + shards + " needs at least as many --clients (a user and "
                    + "its devices live in one shard), was " + users);
        }
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
