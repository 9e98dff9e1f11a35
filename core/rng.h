#pragma once
// Deterministic random numbers for data generation and shuffling.
//
// Why our own generator: the data sets must be identical on every machine and every LibTorch
// version, and "the first N examples of a split" must not depend on how many examples are
// generated after them. xoshiro256** seeded through splitmix64 gives both; a separate stream
// number derives independent generators from one user seed.
#include <cstdint>

namespace mtlx {

class Rng {
public:
    explicit Rng(std::uint64_t seed, std::uint64_t stream = 0);

    std::uint64_t next();                  // 64 uniform random bits
    double uniform();                      // in [0, 1), 53-bit resolution
    double uniform(double lo, double hi);  // in [lo, hi)
    double normal();                       // standard normal (Box–Muller, pairs cached)
    std::uint64_t below(std::uint64_t n);  // uniform integer in [0, n), unbiased; n > 0

private:
    std::uint64_t s_[4];
    bool hasSpare_ = false;
    double spare_ = 0.0;
};

}  // namespace mtlx
