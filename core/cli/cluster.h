#pragma once
// Sweeps on a cluster (docs/cluster.md): `mtlx-cli merge` and the Slurm job-array scripts that
// `sweep --slurm N` and `reproduce --slurm N` write instead of training.
#include <ostream>
#include <string>
#include <vector>

namespace mtlx {

struct SlurmOptions {
    int tasks = 0;         // N: array tasks (shards); 0 = no Slurm scripts
    int cpus = 1;          // --cpus-per-task of each array task (its sweep's --jobs)
    std::string partition; // --partition; "" = the cluster's default
    std::string time;      // --time limit of each array task; "" = the partition's
    std::string cli;       // the mtlx-cli the nodes run; "" = this program's own path
};

// Takes --slurm N, --slurm-cpus C, --slurm-partition P, --slurm-time T, --slurm-cli PATH at
// args[i] (moving i past the value); false when args[i] is none of them.
bool takeSlurmFlag(const std::vector<std::string>& args, std::size_t& i, SlurmOptions& slurm);

// The scripts for one sharded command in DIR/slurm/: sweep.sbatch (the array: task I runs
// `shardCommand` with I for {I}), merge.sbatch (`finalCommand`, after the whole array), and
// submit.sh [I…] (submits both and wires the dependency; with task indices, only those tasks and
// a new final job). Prints what it wrote and the command to submit. `dir` must be absolute.
void writeSlurmScripts(const std::string& dir, const std::string& name, const SlurmOptions& slurm,
                       const std::string& shardCommand, const std::string& finalCommand, std::ostream& out);

// The absolute path of this program (/proc/self/exe), for the scripts.
std::string ownExecutable();
// `text` quoted for a POSIX shell.
std::string shellQuote(const std::string& text);

int commandMerge(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

} // namespace mtlx
