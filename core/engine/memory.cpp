#include "core/engine/memory.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>

#include <sys/resource.h>
#include <unistd.h>

#include "core/spec/specerror.h"

namespace mtlx {
namespace {

std::uint64_t readNumberFile(const std::string& path)
{
    std::ifstream in(path);
    std::string text;
    if (!(in >> text) || text == "max") return 0;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return 0;
    }
}

std::uint64_t memAvailable()
{
    std::ifstream in("/proc/meminfo");
    std::string key;
    std::uint64_t kib = 0;
    std::string unit;
    while (in >> key >> kib >> unit)
        if (key == "MemAvailable:") return kib * 1024;
    return 0;
}

// Parameters of Mlp(in, dims): one Linear per width.
double mlp(double in, const std::vector<std::int64_t>& dims, double& out)
{
    double n = 0;
    for (auto d : dims) {
        n += in * static_cast<double>(d) + static_cast<double>(d);
        in = static_cast<double>(d);
    }
    out = in;
    return n;
}

double sum(const std::vector<std::int64_t>& dims)
{
    double s = 0;
    for (auto d : dims)
        s += static_cast<double>(d);
    return s;
}

struct Size {
    double parameters = 0, unitsPerExample = 0, towerInput = 0;
};

// The backbone below the towers: parameters, activation units per example, tower input width.
Size backboneSize(const ModelSpec& m, double in, double tasks)
{
    Size s;
    double out = 0;
    if (m.arch == "shared_bottom" || m.arch == "single_task") {
        const double copies = m.arch == "single_task" ? tasks : 1;
        double flat = in, channels = 1;
        for (auto c : m.conv) { // k×k conv then 2×2 pool: about a quarter of the pixels each time
            s.parameters +=
                copies * (channels * static_cast<double>(c * m.convKernel * m.convKernel) + static_cast<double>(c));
            s.unitsPerExample += copies * flat / channels * static_cast<double>(c);
            flat = flat / channels * static_cast<double>(c) / 4;
            channels = static_cast<double>(c);
        }
        s.parameters += copies * mlp(flat, m.bottom, out);
        s.unitsPerExample += copies * sum(m.bottom);
        s.towerInput = out;
        return s;
    }
    const double perLevel = m.arch == "mmoe" || m.arch == "ml_mmoe" ? m.experts
                            : m.arch == "cross_stitch"              ? tasks
                                                                    : tasks * m.expertsPerTask + m.sharedExperts;
    double levelIn = in;
    for (const auto& dims : m.expertDims) {
        s.parameters += perLevel * mlp(levelIn, dims, out) + (tasks + 1) * levelIn * perLevel + perLevel * perLevel;
        s.unitsPerExample += perLevel * sum(dims) + (tasks + 1) * (perLevel + out);
        levelIn = out;
    }
    s.towerInput = out;
    return s;
}

} // namespace

std::uint64_t availableMemoryBytes()
{
    std::uint64_t available = memAvailable();
    auto within = [&](std::uint64_t limit, std::uint64_t used) {
        if (limit == 0 || limit >= (std::uint64_t{1} << 60)) return; // none (v1 writes a huge number)
        if (limit <= used) return; // a figure that cannot be right: the system's counts then
        available = available == 0 ? limit - used : std::min(available, limit - used);
    };
    // cgroup v2, then v1: the container's limit less what it uses, without the page cache it
    // would give back (inactive files: a job that read big files is not out of memory).
    auto reclaimable = [](const char* stat, const char* key) {
        std::ifstream in(stat);
        std::string name;
        std::uint64_t value = 0;
        while (in >> name >> value)
            if (name == key) return value;
        return std::uint64_t{0};
    };
    auto used = [&](const char* file, const char* stat, const char* key) {
        const auto u = readNumberFile(file), cache = reclaimable(stat, key);
        return u > cache ? u - cache : 0;
    };
    within(readNumberFile("/sys/fs/cgroup/memory.max"),
           used("/sys/fs/cgroup/memory.current", "/sys/fs/cgroup/memory.stat", "inactive_file"));
    within(readNumberFile("/sys/fs/cgroup/memory/memory.limit_in_bytes"),
           used("/sys/fs/cgroup/memory/memory.usage_in_bytes", "/sys/fs/cgroup/memory/memory.stat",
                "total_inactive_file"));
    // ulimit -v: the address space left to this process.
    rlimit r{};
    if (::getrlimit(RLIMIT_AS, &r) == 0 && r.rlim_cur != RLIM_INFINITY) {
        std::ifstream statm("/proc/self/statm");
        std::uint64_t pages = 0;
        statm >> pages;
        within(r.rlim_cur, pages * static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE)));
    }
    return available;
}

std::string formatBytes(double bytes)
{
    const char* units[] = {"bytes", "KiB", "MiB", "GiB", "TiB", "PiB"};
    int u = 0;
    while (bytes >= 1024 && u < 5)
        bytes /= 1024, ++u;
    char text[32];
    std::snprintf(text, sizeof text, u == 0 ? "%.0f %s" : "%.1f %s", bytes, units[u]);
    return text;
}

MemoryEstimate estimateRunMemory(const ExperimentSpec& spec, std::int64_t inputSize, std::int64_t examples)
{
    const auto tasks = spec.tasks();
    const double T = static_cast<double>(tasks.size()), in = static_cast<double>(inputSize);
    const Size b = backboneSize(spec.model, in, T);
    double towerOut = 0, towerParams = 0;
    for (const auto& t : tasks)
        towerParams += mlp(b.towerInput, spec.model.towers, towerOut) + towerOut * t.outputSize() + t.outputSize();
    // Small heads sit on the tower input, one per task: a whole tower for large / pta (a copy per
    // pseudo-task), their own layers for the small kinds.
    const auto& h = spec.heads;
    const double towerCopies = h.kind == "large" ? 1 : h.kind == "pta" ? static_cast<double>(h.pseudoTasks) : 0;
    double headParams = towerParams * towerCopies, headUnits = T * towerCopies * (sum(spec.model.towers) + 10);
    for (const auto& t : tasks) {
        const double outputs = static_cast<double>(t.outputSize()), width = static_cast<double>(h.bottleneckWidth);
        if (h.kind == "linear")
            headParams += b.towerInput * outputs + outputs;
        else if (h.kind == "pool")
            headParams +=
                std::floor(b.towerInput / static_cast<double>(std::max<std::int64_t>(h.poolWindow, 1))) * outputs +
                outputs;
        else if (h.kind == "bottleneck")
            headParams += b.towerInput * width + width + width * outputs + outputs, headUnits += width + outputs;
    }
    MemoryEstimate e;
    e.parameters = b.parameters + towerParams + headParams;
    e.modelBytes = e.parameters * 4 * 4;
    const double units = in + b.unitsPerExample + T * (sum(spec.model.towers) + 10) + headUnits;
    // Stored activations and their gradients for a batch, plus one evaluation chunk of 8192.
    e.activationBytes = units * 4 * (3 * static_cast<double>(spec.training.batchSize) + 8192);
    const double rows = examples > 0
                            ? static_cast<double>(examples)
                            : static_cast<double>(spec.dataset.train + spec.dataset.validation + spec.dataset.test);
    e.dataBytes = rows * (in + T) * 4;
    return e;
}

void requireMemory(const MemoryEstimate& e, const ExperimentSpec& spec, const std::string& what)
{
    const auto available = static_cast<double>(availableMemoryBytes());
    if (available <= 0 || e.total() <= available) return;
    std::string path = "training.batch_size";
    if (e.modelBytes >= e.activationBytes && e.modelBytes >= e.dataBytes)
        path = spec.model.arch == "shared_bottom" || spec.model.arch == "single_task" ? "model.bottom"
                                                                                      : "model.expert_dims";
    else if (e.dataBytes >= e.activationBytes)
        path = "dataset.train";
    std::ostringstream m;
    m.precision(3);
    m << what << " needs about " << formatBytes(e.total()) << " (" << e.parameters
      << " parameters: " << formatBytes(e.modelBytes) << "; activations: " << formatBytes(e.activationBytes)
      << "; data: " << formatBytes(e.dataBytes) << ") but " << formatBytes(available)
      << " are available; make it smaller (docs/spec.md, \"Limits\")";
    throw SpecError(path, m.str());
}

} // namespace mtlx
