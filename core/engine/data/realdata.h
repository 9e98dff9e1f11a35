#pragma once
// The benchmark data sets of docs/data.md (files found through core/engine/data/datafiles.h):
//   multi_mnist / multi_fashion  IDX (gzip) images composed into 36×36 pairs
//   census_income, adult         UCI comma-space text, one-hot + standardised with train statistics
//   movielens                    ratings.dat (+ optional users.dat, movies.dat), negative sampling
//   csv                          any CSV with a header, columns named in the spec
// Every reader checks what it reads and throws InputError naming the file (and line).
#include <cstdint>
#include <string>
#include <vector>

#include "core/engine/data/dataset.h"
#include "core/engine/data/idx.h"

namespace mtlx {

// Pairs of images on a 36×36 canvas: each image centred in a 32×32 frame, the frames at (0,0)
// and (4,4), pixel-wise max, scaled to [0, 1] (the small heads paper's reference code: its
// network reads all 36×36 pixels); `count` pairs drawn with Rng(seed, stream).
Split composePairs(const IdxArray& images, const IdxArray& labels, std::int64_t count, std::uint64_t seed,
                   std::uint64_t stream);

// multi_mnist / multi_fashion; the pixels are then standardised with the train split's statistics.
Dataset loadMultiImage(const DatasetSpec& spec, const LoadProgress& progress);
Dataset loadCensusIncome(const DatasetSpec& spec, const LoadProgress& progress);
Dataset loadAdult(const DatasetSpec& spec, const LoadProgress& progress);
Dataset loadMovieLens(const DatasetSpec& spec, const LoadProgress& progress);
Dataset loadCsv(const DatasetSpec& spec, const LoadProgress& progress);

} // namespace mtlx
