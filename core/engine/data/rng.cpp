#include "core/engine/data/rng.h"

#include <cstring>
#include <stdexcept>

#include <cmath>

namespace mtlx {
namespace {

std::uint64_t splitmix64(std::uint64_t& x)
{
    std::uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

std::uint64_t rotl(std::uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

} // namespace

Rng::Rng(std::uint64_t seed, std::uint64_t stream)
{
    std::uint64_t x = seed ^ (stream * 0xd1b54a32d192ed03ULL);
    for (auto& s : s_)
        s = splitmix64(x);
}

std::uint64_t Rng::next()
{
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
}

double Rng::uniform()
{
    return static_cast<double>(next() >> 11) * 0x1.0p-53;
}

double Rng::uniform(double lo, double hi)
{
    return lo + (hi - lo) * uniform();
}

double Rng::normal()
{
    if (hasSpare_) {
        hasSpare_ = false;
        return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
        u1 = uniform();
    const double u2 = uniform();
    const double r = std::sqrt(-2.0 * std::log(u1));
    const double theta = 2.0 * M_PI * u2;
    spare_ = r * std::sin(theta);
    hasSpare_ = true;
    return r * std::cos(theta);
}

std::uint64_t Rng::below(std::uint64_t n)
{
    // Lemire's rejection keeps the result unbiased for every n.
    const std::uint64_t threshold = (0 - n) % n;
    for (;;) {
        const std::uint64_t r = next();
        if (r >= threshold) return r % n;
    }
}

std::vector<std::int64_t> Rng::permutation(std::int64_t n)
{
    std::vector<std::int64_t> p(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i)
        p[static_cast<std::size_t>(i)] = i;
    shuffle(p);
    return p;
}

std::vector<std::uint64_t> Rng::state() const
{
    std::uint64_t spare = 0;
    std::memcpy(&spare, &spare_, sizeof spare);
    return {s_[0], s_[1], s_[2], s_[3], hasSpare_ ? 1u : 0u, spare};
}

void Rng::setState(const std::vector<std::uint64_t>& state)
{
    if (state.size() != 6) throw std::invalid_argument("Rng::setState: 6 words expected");
    for (int i = 0; i < 4; ++i)
        s_[i] = state[static_cast<std::size_t>(i)];
    hasSpare_ = state[4] != 0;
    std::memcpy(&spare_, &state[5], sizeof spare_);
}

} // namespace mtlx
