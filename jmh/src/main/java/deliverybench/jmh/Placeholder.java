package deliverybench.jmh;
final class Placeholder {}
