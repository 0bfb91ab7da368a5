package deliverybench.run.cluster;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ClusterStatsReaderTest {

    /** Lines of a CLUSTER INFO (redis-server 7.0.15), the counters of a node that published 84 classic and 5 sharded messages. */
    private static final String INFO = String.join("\r\n",
            "cluster_state:ok",
            "cluster_slots_assigned:16384",
            "cluster_known_nodes:3",
            "cluster_stats_messages_ping_sent:120",
            "cluster_stats_messages_publish_sent:84",
            "cluster_stats_messages_publishshard_sent:5",
            "cluster_stats_messages_sent:209",
            "cluster_stats_messages_publish_received:41",
            "total_cluster_links_buffer_limit_exceeded:0", "");

    @Test
    void busPublishesCountClassicAndShardedPublishesSentNotReceived() {
        assertEquals(89, ClusterStatsReader.busPublishes(INFO));
        assertEquals(0, ClusterStatsReader.busPublishes("cluster_state:ok\n"));
    }
}
