import Distributions

/// The random stream of one replicate: derived from the master seed, the per-arm sample size and
/// the replicate's index alone (SplitMix64's finaliser over each in turn), so that replicate r of
/// size n is the same trial however the replicates are split over shards, threads or grids.
public enum ReplicateStream {
    public static func generator(seed: UInt64, sampleSize: Int, replicate: Int) -> Xoshiro256StarStar {
        var state = mix(seed)
        state = mix(state ^ UInt64(sampleSize))
        state = mix(state ^ UInt64(replicate))
        return Xoshiro256StarStar(seed: state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
