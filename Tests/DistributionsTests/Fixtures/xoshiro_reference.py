"""Reference outputs for Xoshiro256StarStarTests, from a separate implementation of the
published algorithms (SplitMix64 seeding, then xoshiro256** 1.0; Blackman & Vigna 2021).
Run: python3 xoshiro_reference.py"""
MASK = (1 << 64) - 1


def splitmix64(state):
    state = (state + 0x9E3779B97F4A7C15) & MASK
    z = state
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & MASK
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & MASK
    return state, z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & MASK


def xoshiro256starstar(seed, count):
    state, s = seed, []
    for _ in range(4):
        state, word = splitmix64(state)
        s.append(word)
    out = []
    for _ in range(count):
        out.append((rotl((s[1] * 5) & MASK, 7) * 9) & MASK)
        t = (s[1] << 17) & MASK
        s[2] ^= s[0]
        s[3] ^= s[1]
        s[1] ^= s[2]
        s[0] ^= s[3]
        s[2] ^= t
        s[3] = rotl(s[3], 45)
    return out


def lemire_indices(seed, bound, count):
    """Uniform integers below `bound` by Lemire's multiply-and-reject (ACM TOMS 2019)."""
    words = iter(xoshiro256starstar(seed, 10 * count))
    out = []
    threshold = ((1 << 64) - bound) % bound
    while len(out) < count:
        product = next(words) * bound
        while (product & MASK) < threshold:
            product = next(words) * bound
        out.append(product >> 64)
    return out


if __name__ == "__main__":
    for seed in (0, 20261121):
        print(seed, [hex(v) for v in xoshiro256starstar(seed, 4)])
    print("indices below 1000, seed 5:", lemire_indices(5, 1000, 8))
    print("indices below 3, seed 5:", lemire_indices(5, 3, 8))
