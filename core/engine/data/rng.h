#pragma once
// Deterministic random numbers for data generation and shuffling.
//
// Why our own generator: the data sets must be identical on every machine and every LibTorch
// version, and "the first N examples of a split" must not depend on how many examples are
// generated after them. xoshiro256** seeded through splitmix64 gives both; a separate stream
// number derives independent generators from one user seed.
#include <cstdint>
#include <utility>
#include <vector>

namespace mtlx {

class Rng {
public:
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 0);

    std::uint64_t next();                 // 64 uniform random bits
    double uniform();                     // in [0, 1), 53-bit resolution
    double uniform(double lo, double hi); // in [lo, hi)
    double normal();                      // standard normal (Box–Muller, pairs cached)
    std::uint64_t below(std::uint64_t n); // uniform integer in [0, n), unbiased; n > 0

    // Fisher–Yates from the back: every order equally likely, the same order on every machine.
    template <typename T> void shuffle(std::vector<T>& v)
    {
        for (std::size_t i = v.size(); i > 1; --i)
            std::swap(v[i - 1], v[below(i)]);
    }
    // 0 … n − 1 in a shuffled order.
    std::vector<std::int64_t> permutation(std::int64_t n);

    // Its whole state (a checkpoint's): setState(state()) continues the same stream.
    std::vector<std::uint64_t> state() const;
    void setState(const std::vector<std::uint64_t>& state);

private:
    std::uint64_t s_[4];
    bool hasSpare_ = false;
    double spare_ = 0.0;
};

} // namespace mtlx
