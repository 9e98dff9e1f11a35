#include "core/engine/data/dataset.h"

#include "core/engine/data/realdata.h"
#include "core/engine/data/synthetic.h"
#include "core/spec/specerror.h"

namespace mtlx {

Split Split::rows(const torch::Tensor& index) const
{
    Split s;
    s.x = x.index_select(0, index);
    for (const auto& t : y)
        s.y.push_back(t.index_select(0, index));
    for (const auto& m : mask)
        s.mask.push_back(m.defined() ? m.index_select(0, index) : torch::Tensor());
    return s;
}

Batch Split::gather(const torch::Tensor& index) const
{
    const auto flat = index.reshape(-1);
    auto shape = x.sizes().vec();
    shape[0] = index.size(1);
    shape.insert(shape.begin(), index.size(0));
    Batch b;
    b.x = x.index_select(0, flat).view(shape);
    for (const auto& t : y)
        b.y.push_back(t.index_select(0, flat).view(index.sizes()));
    for (const auto& m : mask)
        b.mask.push_back(m.defined() ? m.index_select(0, flat).view(index.sizes()) : torch::Tensor());
    return b;
}

Split Split::head(std::int64_t n) const
{
    n = std::min(n, size());
    Split s;
    s.x = x.narrow(0, 0, n);
    for (const auto& t : y)
        s.y.push_back(t.narrow(0, 0, n));
    for (const auto& m : mask)
        s.mask.push_back(m.defined() ? m.narrow(0, 0, n) : torch::Tensor());
    return s;
}

std::int64_t shapeSize(const std::vector<std::int64_t>& shape)
{
    std::int64_t n = 1;
    for (auto d : shape)
        n *= d;
    return n;
}

std::int64_t Dataset::inputSize() const
{
    return shapeSize(inputShape);
}

std::vector<std::int64_t> inputShapeFromSpec(const DatasetSpec& spec)
{
    if (!readsDataFiles(spec.kind)) return {spec.dim};
    if (spec.kind == "multi_mnist" || spec.kind == "multi_fashion") return {1, kMultiImageSide, kMultiImageSide};
    return {};
}

Dataset loadDataset(const DatasetSpec& spec, const LoadProgress& progress)
{
    if (spec.kind == "synthetic_sine") return makeSyntheticSine(spec, progress);
    if (spec.kind == "synthetic_correlated") return makeSyntheticCorrelated(spec, progress);
    if (spec.kind == "multi_mnist" || spec.kind == "multi_fashion") return loadMultiImage(spec, progress);
    if (spec.kind == "census_income") return loadCensusIncome(spec, progress);
    if (spec.kind == "adult") return loadAdult(spec, progress);
    if (spec.kind == "movielens") return loadMovieLens(spec, progress);
    if (spec.kind == "csv") return loadCsv(spec, progress);
    if (spec.kind == "random") return makeRandomBinary(spec, progress);
    throw SpecError("dataset.kind", "'" + spec.kind + "' has no loader");
}

} // namespace mtlx
