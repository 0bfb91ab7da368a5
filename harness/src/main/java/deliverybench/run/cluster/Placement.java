package deliverybench.run.cluster;

/**
 * Which gateway each receiving device connects to: user {@code u}'s device {@code k} on gateway
 * {@code (u + k) mod N}, so users spread evenly and the devices of one user land on different gateways.
 */
record Placement(int gateways, int devices) {

    int gateway(int user, int device) {
        return (user + device) % gateways;
    }

    /** The gateway of ledger device {@code index} (devices of a user are consecutive). */
    int gatewayOf(int index) {
        return gateway(index / devices, index % devices);
    }
}
