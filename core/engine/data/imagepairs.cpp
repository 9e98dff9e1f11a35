// MultiMNIST and MultiFashion: IDX files of single images composed into overlapping pairs.
#include <algorithm>
#include <cstdio>

#include "core/engine/data/datafiles.h"
#include "core/engine/data/realdata.h"
#include "core/engine/data/rng.h"
#include "core/engine/data/tabular.h"
#include "core/spec/specerror.h"

namespace mtlx {
namespace {

DataSource imageSource(const std::string& kind)
{
    if (kind == "multi_fashion")
        return {"Fashion-MNIST",
                {"fashion-mnist", "fashion_mnist"},
                "Install Debian's dataset-fashion-mnist package (it puts the four files in "
                "/usr/share/datasets/fashion-mnist) or download them from github.com/zalandoresearch/fashion-mnist."};
    return {"MNIST", {"mnist"}, "Download the four *-idx?-ubyte.gz files from yann.lecun.com/exdb/mnist."};
}

} // namespace

Split composePairs(const IdxArray& images, const IdxArray& labels, std::int64_t count, std::uint64_t seed,
                   std::uint64_t stream)
{
    const std::int64_t n = images.dims[0], h = images.dims[1], w = images.dims[2];
    // Each image is centred in a 32×32 frame (a 28×28 digit gets 2 blank pixels each side); the
    // left frame sits at (0, 0), the right one at (4, 4) of a 36×36 canvas, pixel-wise maximum.
    constexpr std::int64_t side = kMultiImageSide, frame = 32, shift = 4;
    const std::int64_t top = (frame - h) / 2, left0 = (frame - w) / 2;
    Rng rng(seed, stream);
    auto x = torch::zeros({count, 1, side, side}, torch::kFloat32);
    auto left = torch::empty({count}, torch::kLong), right = torch::empty({count}, torch::kLong);
    auto* px = x.data_ptr<float>();
    auto* pl = left.data_ptr<std::int64_t>();
    auto* pr = right.data_ptr<std::int64_t>();
    const auto* pixels = reinterpret_cast<const unsigned char*>(images.bytes.data());
    for (std::int64_t i = 0; i < count; ++i) {
        const auto a = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
        const auto b = static_cast<std::int64_t>(rng.below(static_cast<std::uint64_t>(n)));
        float* canvas = px + i * side * side;
        for (std::int64_t r = 0; r < h; ++r)
            for (std::int64_t c = 0; c < w; ++c)
                canvas[(top + r) * side + left0 + c] = pixels[(a * h + r) * w + c] / 255.0f;
        for (std::int64_t r = 0; r < h; ++r)
            for (std::int64_t c = 0; c < w; ++c) {
                float& dst = canvas[(top + r + shift) * side + left0 + c + shift];
                dst = std::max(dst, pixels[(b * h + r) * w + c] / 255.0f);
            }
        pl[i] = static_cast<unsigned char>(labels.bytes[static_cast<std::size_t>(a)]);
        pr[i] = static_cast<unsigned char>(labels.bytes[static_cast<std::size_t>(b)]);
    }
    Split s;
    s.x = x;
    s.y = {left, right};
    s.mask = {torch::Tensor(), torch::Tensor()};
    return s;
}

Dataset loadMultiImage(const DatasetSpec& spec, const LoadProgress& progress)
{
    const auto source = imageSource(spec.kind);
    auto load = [&](const std::string& prefix) {
        const auto imagePath = findDataFile(spec.dataDir, source, prefix + "-images-idx3-ubyte.gz");
        const auto labelPath = findDataFile(spec.dataDir, source, prefix + "-labels-idx1-ubyte.gz");
        if (progress) progress(baseName(imagePath), 0.0);
        auto images = readIdx(imagePath, 3);
        auto labels = readIdx(labelPath, 1);
        if (images.dims[1] > 32 || images.dims[2] > 32)
            throw InputError(imagePath + ": images of " + std::to_string(images.dims[1]) + "×" +
                             std::to_string(images.dims[2]) + " do not fit the 32×32 frame");
        if (labels.dims[0] != images.dims[0])
            throw InputError(labelPath + ": " + std::to_string(labels.dims[0]) + " labels for " +
                             std::to_string(images.dims[0]) + " images in " + imagePath);
        for (std::size_t i = 0; i < labels.bytes.size(); ++i)
            if (static_cast<unsigned char>(labels.bytes[i]) > 9)
                throw InputError(labelPath + ": label " + std::to_string(static_cast<unsigned char>(labels.bytes[i])) +
                                 " of item " + std::to_string(i) + " is not a class 0–9");
        if (progress) progress(baseName(imagePath), 1.0);
        return std::make_pair(std::move(images), std::move(labels));
    };
    const auto train = load("train");
    const auto test = load("t10k");
    Dataset d;
    d.tasks = spec.tasks();
    d.inputShape = {1, kMultiImageSide, kMultiImageSide};
    d.train = composePairs(train.first, train.second, limited(spec.train, spec.limitTrain), spec.seed, kPairTrain);
    d.validation = composePairs(train.first, train.second, spec.validation, spec.seed, kPairValidation);
    d.test = composePairs(test.first, test.second, limited(spec.test, spec.limitTest), spec.seed, kPairTest);
    // Standardise the pixels with the train split's mean and standard deviation (SGD on raw
    // [0, 1] pixels learns several times slower).
    const auto mean = d.train.x.mean().item<double>();
    const auto stddev = std::max(d.train.x.std().item<double>(), 1e-6);
    for (auto* split : {&d.train, &d.validation, &d.test})
        split->x.sub_(mean).div_(stddev);
    return d;
}

} // namespace mtlx
