#include "core/spec/schema.h"

#include <cmath>
#include <limits>

#include "core/spec/jsonreader.h"
#include "core/spec/specerror.h"
#include "core/spec/text.h"

namespace mtlx {
namespace {

using nlohmann::json;
using S = ExperimentSpec;

// Builds one SpecField; `member` reaches the value inside the spec.
class Field {
public:
    template <typename T> Field(const char* path, const char* label, FieldKind kind, T& (*member)(S&))
    {
        f_.path = path;
        f_.label = label;
        f_.kind = kind;
        f_.get = [member](const S& s) { return json(member(const_cast<S&>(s))); };
        f_.set = [member](S& s, const json& v) { member(s) = v.get<T>(); };
    }
    Field& range(double lo, double hi)
    {
        f_.min = lo;
        f_.max = hi;
        return *this;
    }
    Field& atLeast(double lo) { return range(lo, f_.max); }
    Field& above(double lo) // > lo
    {
        f_.min = lo;
        f_.minOpen = true;
        return *this;
    }
    Field& below(double hi) // < hi
    {
        f_.max = hi;
        f_.maxOpen = true;
        return *this;
    }
    Field& entries(std::size_t most, const char* message)
    {
        f_.maxEntries = most;
        f_.tooMany = message;
        return *this;
    }
    Field& required(const char* message)
    {
        f_.emptyMessage = message;
        return *this;
    }
    Field& unique()
    {
        f_.unique = true;
        return *this;
    }
    Field& decimals(int d)
    {
        f_.decimals = d;
        return *this;
    }
    Field& unit(const char* u)
    {
        f_.unit = u;
        return *this;
    }
    Field& when(SpecPredicate p, const char* scope)
    {
        f_.applies = std::move(p);
        f_.scope = scope;
        return *this;
    }
    Field& writtenWhen(SpecPredicate p)
    {
        f_.written = std::move(p);
        return *this;
    }
    Field& shownWhen(SpecPredicate p)
    {
        f_.shown = std::move(p);
        return *this;
    }
    Field& choices(std::function<std::vector<std::string>(const S&)> c)
    {
        f_.choices = std::move(c);
        f_.choicesDependOnSpec = true;
        return *this;
    }
    Field& choices(const std::vector<std::string>& keys)
    {
        f_.choices = [&keys](const S&) { return keys; };
        return *this;
    }
    Field& onSet(std::function<void(S&, const json&)> set)
    {
        f_.set = std::move(set);
        return *this;
    }
    Field& onEdit(std::function<void(S&, const json&)> edit)
    {
        f_.edit = std::move(edit);
        return *this;
    }
    Field& reader(std::function<void(S&, const json&, const std::string&)> read)
    {
        f_.read = std::move(read);
        return *this;
    }
    Field& help(const char* h)
    {
        f_.help = h;
        return *this;
    }
    operator SpecField() const { return f_; }

private:
    SpecField f_;
};

// A member of the spec as a function pointer (the schema's way of naming a value).
#define MEMBER(expr)                                                                                                   \
    +[](S & s) -> auto&                                                                                                \
    {                                                                                                                  \
        return s.expr;                                                                                                 \
    }

bool generated(const S& s)
{
    return !readsDataFiles(s.dataset.kind);
}
bool multiImage(const S& s)
{
    return s.dataset.kind == "multi_mnist" || s.dataset.kind == "multi_fashion";
}
bool kindIs(const S& s, std::initializer_list<const char*> kinds)
{
    for (const char* k : kinds)
        if (s.dataset.kind == k) return true;
    return false;
}
bool archIs(const S& s, std::initializer_list<const char*> archs)
{
    for (const char* a : archs)
        if (s.model.arch == a) return true;
    return false;
}
bool bottomArch(const S& s)
{
    return archIs(s, {"shared_bottom", "single_task"});
}

// The data set's kind selects its defaults; the editor keeps the seed, the limits on the splits
// and the data folder (where the new kind reads files).
void switchDataset(S& s, const json& v)
{
    const auto kind = v.get<std::string>();
    if (kind == s.dataset.kind) return;
    if (kind == "csv")
        throw SpecError("dataset.kind", "a csv data set names its file and columns: open or write a spec file");
    auto d = DatasetSpec::defaultsFor(kind);
    d.seed = s.dataset.seed;
    d.limitTrain = s.dataset.limitTrain;
    d.limitTest = s.dataset.limitTest;
    if (readsDataFiles(kind)) d.dataDir = s.dataset.dataDir;
    s.dataset = d;
    s.training.taskWeights.clear();
    s.probe.layer = "auto";
}

// The csv data set's tasks: one object per label column.
void readCsvTasks(S& s, const json& j, const std::string& path)
{
    if (!j.is_array() || j.empty())
        throw SpecError(path, "must list the label columns, e.g. [{\"column\": \"y\", \"kind\": \"binary\"}]");
    std::vector<CsvTaskSpec> tasks;
    for (std::size_t i = 0; i < j.size(); ++i) {
        JsonReader r(j[i], path + "[" + std::to_string(i) + "]");
        CsvTaskSpec t;
        std::string kind = "binary";
        r.read("column", t.column);
        if (t.column.empty()) throw SpecError(r.childPath("column"), "must name a column");
        r.read("kind", kind);
        requireOneOf(r.childPath("kind"), kind, {"binary", "multiclass", "regression"});
        t.kind = taskKindFromString(kind);
        if (t.kind == TaskKind::Multiclass) {
            r.read("classes", t.classes);
            requireAtLeast(r.childPath("classes"), t.classes, 2);
            requireAtMost(r.childPath("classes"), t.classes, 100000);
        }
        if (t.kind == TaskKind::Binary) r.read("positive", t.positive);
        r.finish();
        for (const auto& other : tasks)
            if (other.column == t.column) throw SpecError(r.childPath("column"), "'" + t.column + "' is a task twice");
        tasks.push_back(t);
    }
    s.dataset.csvTasks = std::move(tasks);
}

std::vector<SpecField> topFields()
{
    return {Field("name", "Name", FieldKind::Text, MEMBER(name))
                .help("A name for the experiment, shown in results and the window title."),
            Field("description", "Description", FieldKind::Text, MEMBER(description))
                .help("Free text: what the experiment is for.")};
}

std::vector<SpecField> datasetCommonFields()
{
    return {
        Field("dataset.kind", "Data set", FieldKind::Choice, MEMBER(dataset.kind))
            .choices(datasetKinds())
            .onSet([](S& s, const json& v) { s.dataset = DatasetSpec::defaultsFor(v.get<std::string>()); })
            .onEdit(switchDataset)
            .help("Which data set: generated (synthetic_sine, synthetic_correlated, random) or read from files."),
        Field("dataset.seed", "Data seed", FieldKind::Integer, MEMBER(dataset.seed))
            .range(0, 9e15)
            .help("Fixes the generated data, the sampled pairs and negatives, and the splits."),
        Field("dataset.limit_train", "Use first N train (0 = all)", FieldKind::Integer, MEMBER(dataset.limitTrain))
            .range(0, 1e12)
            .unit("examples")
            .help("Trains on the first N examples of the train split only; 0 uses them all."),
        Field("dataset.limit_test", "Use first N test (0 = all)", FieldKind::Integer, MEMBER(dataset.limitTest))
            .range(0, 1e12)
            .unit("examples")
            .help("Evaluates on the first N examples of the test split only; 0 uses them all."),
        Field("dataset.data_dir", "Data folder", FieldKind::Text, MEMBER(dataset.dataDir))
            .when([](const S& s) { return readsDataFiles(s.dataset.kind); }, "data sets read from files")
            .help("A folder looked in first for the data files (before $MTLX_DATA_DIR and the standard places)."),
        Field("dataset.train", "Train examples", FieldKind::Integer, MEMBER(dataset.train))
            .range(1, 10'000'000)
            .unit("examples")
            .when([](const S& s) { return generated(s) || multiImage(s); },
                  "generated data, multi_mnist, multi_fashion")
            .help("Examples generated (or image pairs composed) for the train split."),
        Field("dataset.validation", "Validation examples", FieldKind::Integer, MEMBER(dataset.validation))
            .range(1, 1e12)
            .unit("examples")
            .when([](const S& s) { return generated(s) || multiImage(s); },
                  "generated data, multi_mnist, multi_fashion")
            .help("Examples of the validation split."),
        Field("dataset.test", "Test examples", FieldKind::Integer, MEMBER(dataset.test))
            .range(1, 1e12)
            .unit("examples")
            .when([](const S& s) { return generated(s) || multiImage(s); },
                  "generated data, multi_mnist, multi_fashion")
            .help("Examples of the test split."),
    };
}

std::vector<SpecField> datasetGeneratedFields()
{
    return {
        Field("dataset.dim", "Input features", FieldKind::Integer, MEMBER(dataset.dim))
            .range(2, 100000)
            .unit("features")
            .when(generated, "synthetic_sine, synthetic_correlated, random")
            .help("The input dimension D."),
        Field("dataset.noise", "Label noise", FieldKind::Number, MEMBER(dataset.noise))
            .atLeast(0)
            .when([](const S& s) { return isSyntheticKind(s.dataset.kind); }, "synthetic_sine, synthetic_correlated")
            .help("Sine: the noise term of each of eq. 7's sine terms (0.2); correlated: the scale of ε (0.01)."),
        Field("dataset.binary_tasks", "Binary tasks", FieldKind::Integer, MEMBER(dataset.binaryTasks))
            .range(1, 64)
            .unit("tasks")
            .when([](const S& s) { return s.dataset.kind == "random"; }, "random")
            .onEdit([](S& s, const json& v) {
                s.dataset.binaryTasks = v.get<int>();
                s.training.taskWeights.clear(); // one weight per task: back to uniform
            })
            .help("How many coin-flip binary tasks the random data set has."),
        Field("dataset.frequency_scale", "Frequency scale D′", FieldKind::Number, MEMBER(dataset.frequencyScale))
            .above(0)
            .when([](const S& s) { return s.dataset.kind == "synthetic_sine"; }, "synthetic_sine")
            .help("D′ in sin(w·s / D′): how fast the sine waves turn over the range of s."),
        Field("dataset.correlation", "Correlation ρ", FieldKind::Number, MEMBER(dataset.correlation))
            .range(-1, 1)
            .when([](const S& s) { return s.dataset.kind == "synthetic_correlated"; }, "synthetic_correlated")
            .help("The cosine between the two tasks' weight vectors: how related the tasks are."),
        Field("dataset.scale", "Scale c", FieldKind::Number, MEMBER(dataset.scale))
            .above(0)
            .when([](const S& s) { return s.dataset.kind == "synthetic_correlated"; }, "synthetic_correlated")
            .help("The norm c of each task's weight vector."),
        Field("dataset.sines", "Sine terms m", FieldKind::Integer, MEMBER(dataset.sines))
            .range(0, 1000000)
            .when([](const S& s) { return s.dataset.kind == "synthetic_correlated"; }, "synthetic_correlated")
            .help("The number m of sine terms added to each linear label."),
    };
}

std::vector<SpecField> datasetFileFields()
{
    auto tableTasks = [](const S& s) { return s.dataset.kind == "adult" ? adultTaskKeys() : censusTaskKeys(); };
    return {
        Field("dataset.tasks", "Tasks", FieldKind::Names, MEMBER(dataset.taskNames))
            .choices(tableTasks)
            .unique()
            .required("must name at least one task")
            .when(
                [](const S& s) {
                    return kindIs(s, {"census_income", "adult"});
                },
                "census_income, adult")
            .help("The tasks to learn; a task's defining column leaves the features."),
        Field("dataset.negatives", "Negatives per watched", FieldKind::Number, MEMBER(dataset.negatives))
            .range(0, 100)
            .when([](const S& s) { return s.dataset.kind == "movielens"; }, "movielens")
            .help("Unwatched movies sampled per watched one, per user."),
        Field("dataset.embedding_dim", "Embedding width", FieldKind::Integer, MEMBER(dataset.embeddingDim))
            .range(1, 4096)
            .unit("features")
            .when([](const S& s) { return s.dataset.kind == "movielens"; }, "movielens")
            .help("Width of the learnt user and movie embeddings."),
        Field("dataset.validation_fraction", "Validation fraction", FieldKind::Number,
              MEMBER(dataset.validationFraction))
            .atLeast(0)
            .when(
                [](const S& s) {
                    return kindIs(s, {"movielens", "csv"});
                },
                "movielens, csv")
            .help("The share of rows drawn at random for the validation split."),
        Field("dataset.test_fraction", "Test fraction", FieldKind::Number, MEMBER(dataset.testFraction))
            .atLeast(0)
            .when(
                [](const S& s) {
                    return kindIs(s, {"movielens", "csv"});
                },
                "movielens, csv")
            .help("The share of rows drawn at random for the test split (the rest trains)."),
        Field("dataset.path", "CSV file", FieldKind::Text, MEMBER(dataset.path))
            .required("must name the CSV file")
            .when([](const S& s) { return s.dataset.kind == "csv"; }, "csv")
            .help("The CSV file, with a header line naming the columns."),
        Field("dataset.numeric", "Numeric columns", FieldKind::Names, MEMBER(dataset.numeric))
            .when([](const S& s) { return s.dataset.kind == "csv"; }, "csv")
            .help("Feature columns read as numbers and standardised with train statistics."),
        Field("dataset.categorical", "Categorical columns", FieldKind::Names, MEMBER(dataset.categorical))
            .when([](const S& s) { return s.dataset.kind == "csv"; }, "csv")
            .help("Feature columns one-hot encoded (categories seen in train)."),
        Field("dataset.tasks", "Label columns", FieldKind::Records, MEMBER(dataset.csvTasks))
            .required("must list the label columns, e.g. [{\"column\": \"y\", \"kind\": \"binary\"}]")
            .when([](const S& s) { return s.dataset.kind == "csv"; }, "csv")
            .shownWhen([](const S&) { return false; }) // written in the spec file, not the form
            .reader(readCsvTasks)
            .help("Per task: its label column, kind (binary, multiclass, regression), classes or positive value."),
    };
}

std::vector<SpecField> modelArchitectureFields()
{
    return {
        Field("model.arch", "Kind", FieldKind::Choice, MEMBER(model.arch))
            .choices(architectureKeys())
            .onSet([](S& s, const json& v) { s.model = ModelSpec::defaultsFor(v.get<std::string>()); })
            .onEdit([](S& s, const json& v) {
                Overrides o;
                o.arch = v.get<std::string>();
                s = applyOverrides(s, o);
            })
            .help("The architecture: how the tasks share the layers below their towers."),
        Field("model.activation", "Activation", FieldKind::Choice, MEMBER(model.activation))
            .choices(activationKeys())
            .help("The activation after every hidden layer (experts, bottoms, towers)."),
        Field("model.init", "Initialisation", FieldKind::Choice, MEMBER(model.init))
            .choices(initKeys())
            .help("torch: PyTorch's default U(±1/√fan_in); glorot: Glorot-uniform weights and zero biases (Keras)."),
        Field("model.towers", "Tower widths", FieldKind::Widths, MEMBER(model.towers))
            .atLeast(1)
            .unit("units per layer")
            .help("Hidden widths of every task tower; empty: the tower is one Linear."),
        Field("model.bottom", "Bottom widths", FieldKind::Widths, MEMBER(model.bottom))
            .atLeast(1)
            .required("must list at least one width")
            .unit("units per layer")
            .when(bottomArch, "shared_bottom, single_task")
            .help("Widths of the shared bottom (single_task: of each task's own network)."),
        Field("model.conv", "Conv channels", FieldKind::Widths, MEMBER(model.conv))
            .atLeast(1)
            .entries(8, "at most 8 conv layers")
            .unit("channels per layer")
            .when(bottomArch, "shared_bottom, single_task")
            .help("Conv layers before the bottom on images, each k×k conv → 2×2 max-pool → activation."),
        Field("model.conv_kernel", "Conv kernel k", FieldKind::Integer, MEMBER(model.convKernel))
            .range(1, 15)
            .unit("pixels")
            .when([](const S& s) { return bottomArch(s) && !s.model.conv.empty(); },
                  "shared_bottom, single_task with conv")
            .help("The side k of every conv kernel."),
    };
}

std::vector<SpecField> modelExpertFields()
{
    return {
        Field("model.expert_dims", "Expert widths per level (;)", FieldKind::Levels, MEMBER(model.expertDims))
            .atLeast(1)
            .required("must list at least one level")
            .entries(16, "at most 16 levels")
            .unit("units per layer, per level")
            .when([](const S& s) { return !bottomArch(s); }, "every architecture with levels")
            .help("Per level, the widths of each expert (cross_stitch: of each task network); one entry per level."),
        Field("model.experts", "Experts per level", FieldKind::Integer, MEMBER(model.experts))
            .range(1, 256)
            .unit("experts")
            .when(
                [](const S& s) {
                    return archIs(s, {"mmoe", "ml_mmoe"});
                },
                "mmoe, ml_mmoe")
            .help("Shared experts per level."),
        Field("model.experts_per_task", "Experts per task", FieldKind::Integer, MEMBER(model.expertsPerTask))
            .range(1, 64)
            .unit("experts")
            .when(
                [](const S& s) {
                    return archIs(s, {"ple", "adatt_sp", "adatt"});
                },
                "ple, adatt_sp, adatt")
            .help("Experts each task owns per level (m)."),
        Field("model.shared_experts", "Shared experts", FieldKind::Integer, MEMBER(model.sharedExperts))
            .range(1, 64)
            .unit("experts")
            .when([](const S& s) { return s.model.arch == "ple"; }, "ple")
            .help("Shared experts per level (s ≥ 1 for PLE)."),
        Field("model.shared_experts", "Shared experts", FieldKind::Integer, MEMBER(model.sharedExperts))
            .range(0, 64)
            .unit("experts")
            .when([](const S& s) { return s.model.arch == "adatt"; }, "adatt")
            .help("Shared experts per level (s ≥ 0 for AdaTT)."),
        Field("model.native_expert_lf", "NativeExpertLF", FieldKind::Flag, MEMBER(model.nativeExpertLf))
            .when(
                [](const S& s) {
                    return archIs(s, {"adatt_sp", "adatt"});
                },
                "adatt_sp, adatt")
            .help("AdaTT's residual of each unit's own experts; off is the ablation of AdaTT Table 6."),
        Field("model.cross_stitch_init", "Stitch init", FieldKind::Choice, MEMBER(model.crossStitchInit))
            .choices(crossStitchInitKeys())
            .when([](const S& s) { return s.model.arch == "cross_stitch"; }, "cross_stitch")
            .help("identity: 0.9 on the diagonal, 0.1/(T−1) off it; random: U(0, 1) per entry."),
    };
}

std::vector<SpecField> headsFields()
{
    auto any = [](const S& s) { return s.heads.kind != "none"; };
    auto weighted = [](const S& s) { return s.heads.kind != "none" && s.heads.kind != "pta"; };
    return {
        Field("heads.kind", "Kind", FieldKind::Choice, MEMBER(heads.kind))
            .choices(headKinds())
            .help("Small heads on each task's tower input, in training only: linear, pool, bottleneck; ablations "
                  "large, pta."),
        Field("heads.gamma", "Weight γ", FieldKind::Number, MEMBER(heads.gamma))
            .atLeast(0)
            .shownWhen(weighted)
            .help("The weight of each head's loss relative to its task's loss (not PTA-F: weight 1)."),
        Field("heads.temperature", "Temperature τ", FieldKind::Number, MEMBER(heads.temperature))
            .above(0)
            .shownWhen(weighted)
            .help("Head logits are divided by τ before the loss (not PTA-F)."),
        Field("heads.dropout", "Dropout", FieldKind::Number, MEMBER(heads.dropout))
            .atLeast(0)
            .below(1)
            .decimals(2)
            .shownWhen(any)
            .help("Dropout probability on each head's input."),
        Field("heads.pool_window", "Pooling window", FieldKind::Integer, MEMBER(heads.poolWindow))
            .range(1, 100000)
            .unit("features")
            .shownWhen([](const S& s) { return s.heads.kind == "pool"; })
            .help("pool: window = stride of the average pooling over the tower input."),
        Field("heads.bottleneck_width", "Bottleneck width", FieldKind::Integer, MEMBER(heads.bottleneckWidth))
            .range(1, 100000)
            .unit("units")
            .shownWhen([](const S& s) { return s.heads.kind == "bottleneck"; })
            .help("bottleneck: the width of the linear bottleneck layer."),
        Field("heads.pseudo_tasks", "Pseudo-tasks", FieldKind::Integer, MEMBER(heads.pseudoTasks))
            .range(1, 64)
            .unit("towers per task")
            .shownWhen([](const S& s) { return s.heads.kind == "pta"; })
            .help("pta: frozen copies of the main tower per task."),
    };
}

std::vector<SpecField> trainingOptimiserFields()
{
    auto sgd = [](const S& s) { return s.training.optimizer == "sgd"; };
    return {
        Field("training.optimizer", "Optimizer", FieldKind::Choice, MEMBER(training.optimizer))
            .choices(optimizerKeys())
            .help("adam, adamw (adam with decoupled weight decay), sgd (with momentum) or adagrad."),
        Field("training.lr", "Learning rate", FieldKind::Number, MEMBER(training.lr))
            .above(0)
            .decimals(6)
            .unit("per step")
            .help("The optimizer's learning rate."),
        Field("training.momentum", "Momentum", FieldKind::Number, MEMBER(training.momentum))
            .atLeast(0)
            .below(1)
            .writtenWhen(sgd)
            .shownWhen(sgd)
            .help("sgd: the momentum coefficient."),
        Field("training.weight_decay", "Weight decay", FieldKind::Number, MEMBER(training.weightDecay))
            .range(0, 1e3)
            .decimals(6)
            .writtenWhen([](const S& s) { return s.training.weightDecay != 0; })
            .help("L2 regularisation: adam, sgd, adagrad add it × the weight to the gradient; adamw decays the "
                  "weights by lr × it each step. 0: none."),
        Field("training.lr_decay", "Learning-rate decay", FieldKind::Number, MEMBER(training.lrDecay))
            .above(0)
            .below(10)
            .decimals(6)
            .unit("per epoch")
            .writtenWhen([](const S& s) { return s.training.lrDecay != 1; })
            .help("The learning rate is multiplied by it after every epoch (1: constant)."),
        Field("training.batch_size", "Batch size", FieldKind::Integer, MEMBER(training.batchSize))
            .range(1, 1e9)
            .unit("examples per step")
            .help("Examples per optimisation step."),
        Field("training.epochs", "Epochs", FieldKind::Integer, MEMBER(training.epochs))
            .range(1, 1e9)
            .unit("passes over the train split")
            .help("How many passes over the training split."),
        Field("training.report_last", "Report mean of last epochs", FieldKind::Integer, MEMBER(training.reportLast))
            .range(1, 1000)
            .unit("epochs")
            .help("The reported metrics are the mean of the last N epochs' evaluations (1: the final model's)."),
        Field("training.select", "Reported model", FieldKind::Choice, MEMBER(training.select))
            .choices(selectKeys())
            .writtenWhen([](const S& s) { return s.training.select != "last"; })
            .help("last: the final epoch's model; best_validation: the epoch's with the best validation score "
                  "(result.json selected_epoch)."),
        Field("training.select_metric", "Selection metric", FieldKind::Choice, MEMBER(training.selectMetric))
            .choices(sweepMetricKeys())
            .writtenWhen([](const S& s) { return s.training.select != "last" || s.training.selectMetric != "auto"; })
            .shownWhen([](const S& s) { return s.training.select == "best_validation"; })
            .help("best_validation: the validation metric summed over tasks; auto: AUC where every task is binary, "
                  "else the loss."),
        Field("training.seed", "Seed", FieldKind::Integer, MEMBER(training.seed))
            .range(0, 9e15)
            .help("Model initialisation, dropout and shuffling."),
        Field("training.threads", "Threads", FieldKind::Integer, MEMBER(training.threads))
            .range(0, 256)
            .unit("threads")
            .help("LibTorch intra-op threads; 0 = one per core this process may use (its CPU affinity, at "
                  "most OMP_NUM_THREADS where set)."),
    };
}

// The field applies when the weighting is one of `keys`.
SpecPredicate weightingIs(const char* key, const char* other = nullptr)
{
    return [key, other](const S& s) { return s.training.weighting == key || (other && s.training.weighting == other); };
}

bool preferenceOn(const S& s)
{
    return s.training.preference.conditioned();
}

std::vector<SpecField> trainingWeightingFields()
{
    return {
        Field("training.weighting", "Weighting", FieldKind::Choice, MEMBER(training.weighting))
            .choices(weightingKeys())
            .help("How the task losses are combined: linear, uncertainty, gradnorm, mgda_ub, pcgrad, dwa, cagrad, "
                  "nash_mtl, imtl, rlw, famo, aligned_mtl, gradvac, graddrop, gls (docs/weighting.md)."),
        Field("training.task_weights", "Task weights", FieldKind::Numbers, MEMBER(training.taskWeights))
            .atLeast(0)
            .shownWhen([](const S& s) { return s.training.readsTaskWeights(); })
            .help("w_t per task (linear, pcgrad); default uniform; a sweep varies them on the simplex."),
        Field("training.gradnorm_alpha", "GradNorm α", FieldKind::Number, MEMBER(training.gradnormAlpha))
            .range(0, 100)
            .when([](const S& s) { return s.training.weighting == "gradnorm"; }, "weighting gradnorm")
            .help("The strength of GradNorm's restoring force."),
        Field("training.dwa_temperature", "DWA temperature", FieldKind::Number, MEMBER(training.dwaTemperature))
            .above(0)
            .when([](const S& s) { return s.training.weighting == "dwa"; }, "weighting dwa")
            .help("The softmax temperature of dynamic weight averaging."),
        Field("training.dwa_variant", "DWA variant", FieldKind::Choice, MEMBER(training.dwaVariant))
            .choices(dwaVariantKeys())
            .when([](const S& s) { return s.training.weighting == "dwa"; }, "weighting dwa")
            .writtenWhen([](const S& s) { return s.training.dwaVariant != "liu"; })
            .help("liu: ratios of the epochs' mean losses (Liu et al. 2019); mmoeex: of each epoch's last batch's "
                  "weighted losses, weights clipped to [0.5, 1.5] (the AdaTT paper's census framework)."),
        Field("training.cagrad_c", "CAGrad c", FieldKind::Number, MEMBER(training.cagradC))
            .range(0, 10)
            .when(weightingIs("cagrad"), "weighting cagrad")
            .help("The radius of the ball around the mean gradient, relative to its norm (Liu et al. 2021: 0.4)."),
        Field("training.nash_mtl_iterations", "Nash-MTL iterations", FieldKind::Integer,
              MEMBER(training.nashMtlIterations))
            .range(1, 1000)
            .when(weightingIs("nash_mtl"), "weighting nash_mtl")
            .help("Solver steps per training step for the bargaining solution; a step that does not converge "
                  "keeps the previous weights and is counted in the result."),
        Field("training.clip_shared_norm", "Clip shared gradient", FieldKind::Number, MEMBER(training.clipSharedNorm))
            .range(0, 1e6)
            .when(weightingIs("nash_mtl", "famo"), "weighting nash_mtl, famo")
            .help("The shared parameters' gradient norm is clipped to this (the authors' code: 1); 0 = off."),
        Field("training.imtl_loss_scale", "IMTL-L loss scales", FieldKind::Flag, MEMBER(training.imtlLossScale))
            .when(weightingIs("imtl"), "weighting imtl")
            .help("Also learn IMTL-L's loss scales (each loss becomes e^s L − s); off: IMTL-G alone."),
        Field("training.famo_gamma", "FAMO γ", FieldKind::Number, MEMBER(training.famoGamma))
            .range(0, 10)
            .when(weightingIs("famo"), "weighting famo")
            .help("The weight decay of FAMO's task logits (the authors' code: 0.01)."),
        Field("training.famo_lr", "FAMO learning rate", FieldKind::Number, MEMBER(training.famoLr))
            .above(0)
            .when(weightingIs("famo"), "weighting famo")
            .help("The learning rate of FAMO's task logits (the authors' code: 0.025)."),
        Field("training.gradvac_beta", "GradVac β", FieldKind::Number, MEMBER(training.gradvacBeta))
            .range(0, 1)
            .when(weightingIs("gradvac"), "weighting gradvac")
            .help("The rate of the moving average of each pair's cosine target (Wang et al. 2021: 0.01)."),
        Field("training.graddrop_leak", "GradDrop leak", FieldKind::Number, MEMBER(training.graddropLeak))
            .range(0, 1)
            .when(weightingIs("graddrop"), "weighting graddrop")
            .help("The share of every task's gradient kept whatever the mask (Chen et al. 2020: 0)."),
    };
}

std::vector<SpecField> trainingPreferenceFields()
{
    return {
        Field("training.preference.method", "Preference-conditioned", FieldKind::Choice,
              MEMBER(training.preference.method))
            .choices(preferenceMethodKeys())
            .writtenWhen([](const S& s) { return s.training.preference.conditioned(); })
            .help("cosmos: one model takes the task preference as an input and learns every trade-off at once "
                  "(a ray per batch from a Dirichlet, Σ r_t L_t − λ cos(r, L)); needs weighting linear, whose task "
                  "weights it does not use. none: an ordinary run."),
        Field("training.preference.alpha", "Dirichlet α", FieldKind::Number, MEMBER(training.preference.alpha))
            .above(0)
            .range(0, 1000)
            .when(preferenceOn, "preference cosmos")
            .help("The concentration of the Dirichlet each batch's preference ray is drawn from (COSMOS: 1.2); "
                  "below 1 rays crowd the corners, above 1 the middle."),
        Field("training.preference.lambda", "Cosine penalty λ", FieldKind::Number, MEMBER(training.preference.lambda))
            .range(0, 1e6)
            .when(preferenceOn, "preference cosmos")
            .help("The weight of −cos(r, L), which pulls the loss vector towards the preference ray (COSMOS: 2)."),
        Field("training.preference.front_points", "Front points", FieldKind::Integer,
              MEMBER(training.preference.frontPoints))
            .range(2, 1000)
            .unit("preferences per simplex edge")
            .when(preferenceOn, "preference cosmos")
            .help("After training the model is evaluated at preferences spread evenly over the simplex (two tasks: "
                  "K points; three: K(K+1)/2): result.json front."),
        Field("training.preference.input", "Preference input", FieldKind::Choice, MEMBER(training.preference.input))
            .choices(preferenceInputKeys())
            .when([](const S& s) { return preferenceOn(s) && bottomArch(s) && !s.model.conv.empty(); },
                  "preference cosmos on conv layers")
            .writtenWhen([](const S& s) { return s.training.preference.input != "dense"; })
            .help("Where an image model reads the preference: dense — beside the first dense layer's input, after "
                  "the conv layers; channels — as constant extra image channels of the first conv layer (COSMOS's "
                  "own), so the conv features can depend on it too."),
    };
}

std::vector<SpecField> probeAndSweepFields()
{
    return {
        Field("probe.layer", "Layer", FieldKind::Choice, MEMBER(probe.layer))
            .choices([](const S& s) { return probeLayers(s.model, s.tasks()); })
            .help("The post-activation units the activation histograms read (auto picks by architecture)."),
        Field("probe.bins", "Bins", FieldKind::Integer, MEMBER(probe.bins))
            .range(2, 1000)
            .help("Bins of each activation histogram."),
        Field("probe.conflict_every", "Gradient conflict every", FieldKind::Integer, MEMBER(probe.conflictEvery))
            .range(0, 1e9)
            .unit("steps")
            .help("Measure the cosine between the tasks' gradients on the shared parameters every k-th "
                  "step (and the first of each epoch); 0: never."),
        Field("sweep.points", "Weight points", FieldKind::Integer, MEMBER(sweep.points))
            .range(1, 1000)
            .unit("points per simplex edge")
            .help("K: the task-weight grid of a sweep (two tasks: K runs; three: K(K+1)/2)."),
        Field("sweep.seeds", "Seeds per point", FieldKind::Integer, MEMBER(sweep.seeds))
            .range(1, 1000)
            .unit("runs per point")
            .help("Runs per grid point, with training seeds seed, seed + 1, …"),
        Field("sweep.metric", "Metric", FieldKind::Choice, MEMBER(sweep.metric))
            .choices(sweepMetricKeys())
            .help("The test metric of each task a point holds; auto: mse, accuracy or auc by task kind."),
    };
}

#undef MEMBER

std::vector<SpecField> buildSchema()
{
    std::vector<SpecField> all;
    for (auto part : {topFields, datasetCommonFields, datasetGeneratedFields, datasetFileFields,
                      modelArchitectureFields, modelExpertFields, headsFields, trainingOptimiserFields,
                      trainingWeightingFields, trainingPreferenceFields, probeAndSweepFields})
        for (auto& f : part())
            all.push_back(std::move(f));
    return all;
}

std::string entryPath(const std::string& path, std::size_t i)
{
    return path + "[" + std::to_string(i) + "]";
}

// One number against the field's range.
void checkRange(const SpecField& f, double v, const std::string& path)
{
    if (f.minOpen && !(v > f.min)) throw SpecError(path, "must be > " + formatNumber(f.min));
    if (!f.minOpen) requireAtLeast(path, v, f.min);
    if (f.maxOpen && !(v < f.max)) throw SpecError(path, "must be < " + formatNumber(f.max));
    if (!f.maxOpen) requireAtMost(path, v, f.max);
}

json checkInteger(const SpecField& f, const json& v, const std::string& path)
{
    const std::int64_t i = jsonInteger(v, path);
    checkRange(f, static_cast<double>(i), path);
    return json(i);
}

json checkNumber(const SpecField& f, const json& v, const std::string& path)
{
    const double d = jsonNumber(v, path);
    checkRange(f, d, path);
    return json(d);
}

json checkList(const SpecField& f, const json& v, const std::string& path, const ExperimentSpec& spec)
{
    if (!v.is_array()) throw SpecError(path, "must be an array, got " + jsonTypeName(v));
    if (f.maxEntries > 0 && v.size() > f.maxEntries) throw SpecError(path, f.tooMany);
    json out = json::array();
    const auto known = f.choices ? f.choices(spec) : std::vector<std::string>{};
    for (std::size_t i = 0; i < v.size(); ++i) {
        const auto p = entryPath(path, i);
        if (f.kind == FieldKind::Widths) out.push_back(checkInteger(f, v[i], p));
        if (f.kind == FieldKind::Numbers) out.push_back(checkNumber(f, v[i], p));
        if (f.kind == FieldKind::Levels) {
            SpecField level = f;
            level.kind = FieldKind::Widths;
            level.maxEntries = 0;
            level.emptyMessage = "must list at least one width";
            out.push_back(checkList(level, v[i], p, spec));
            if (v[i].empty()) throw SpecError(p, level.emptyMessage);
        }
        if (f.kind == FieldKind::Names) {
            const auto name = jsonString(v[i], p);
            if (!known.empty()) requireOneOf(p, name, known);
            if (f.unique)
                for (std::size_t k = 0; k < i; ++k)
                    if (v[k] == v[i]) throw SpecError(p, "'" + name + "' twice");
            out.push_back(name);
        }
    }
    return out;
}

} // namespace

json checkValue(const SpecField& f, const json& value, const std::string& path, const ExperimentSpec& spec)
{
    switch (f.kind) {
    case FieldKind::Integer:
        return checkInteger(f, value, path);
    case FieldKind::Number:
        return checkNumber(f, value, path);
    case FieldKind::Flag:
        if (!value.is_boolean()) throw SpecError(path, "must be true or false, got " + jsonTypeName(value));
        return value;
    case FieldKind::Choice:
        jsonString(value, path);
        if (f.choices) requireOneOf(path, value.get<std::string>(), f.choices(spec));
        return value;
    case FieldKind::Text:
        return jsonString(value, path);
    case FieldKind::Records:
        return value; // the field's own reader checks it
    default:
        return checkList(f, value, path, spec);
    }
}

std::string fieldText(const SpecField& f, const json& value)
{
    switch (f.kind) {
    case FieldKind::Widths:
        return formatWidths(value.get<std::vector<std::int64_t>>());
    case FieldKind::Levels:
        return formatLevels(value.get<std::vector<std::vector<std::int64_t>>>());
    case FieldKind::Numbers:
        return formatNumbers(value.get<std::vector<double>>());
    case FieldKind::Names:
        return joinList(value.get<std::vector<std::string>>(), ", ");
    case FieldKind::Text:
    case FieldKind::Choice:
        return value.get<std::string>();
    default:
        return value.dump();
    }
}

json parseFieldText(const SpecField& f, const std::string& text)
{
    switch (f.kind) {
    case FieldKind::Widths:
        return parseWidths(f.path, text, f.emptyMessage.empty());
    case FieldKind::Levels:
        return parseLevels(f.path, text);
    case FieldKind::Numbers:
        return parseNumbers(f.path, text);
    case FieldKind::Names:
        return splitList(text, ',');
    default:
        return text;
    }
}

std::string rangeText(const SpecField& f)
{
    const bool low = f.min > std::numeric_limits<double>::lowest(), high = f.max < std::numeric_limits<double>::max();
    const std::string lo = (f.minOpen ? "> " : "≥ ") + formatNumber(f.min);
    const std::string hi = (f.maxOpen ? "< " : "≤ ") + formatNumber(f.max);
    if (low && high && !f.minOpen && !f.maxOpen) return formatNumber(f.min) + " … " + formatNumber(f.max);
    if (low && high) return lo + " and " + hi;
    return low ? lo : high ? hi : "";
}

namespace {

std::string kindText(const SpecField& f)
{
    switch (f.kind) {
    case FieldKind::Integer:
        return "integer";
    case FieldKind::Number:
        return "number";
    case FieldKind::Flag:
        return "true / false";
    case FieldKind::Choice:
        return "choice";
    case FieldKind::Text:
        return "text";
    case FieldKind::Names:
        return "list of names";
    case FieldKind::Widths:
        return "list of integers";
    case FieldKind::Levels:
        return "list of integer lists";
    case FieldKind::Numbers:
        return "list of numbers";
    case FieldKind::Records:
        return "list of objects";
    }
    return "";
}

// A table cell: no line breaks, pipes escaped.
std::string cell(std::string s)
{
    for (std::size_t i = s.find('|'); i != std::string::npos; i = s.find('|', i + 2))
        s.replace(i, 1, "\\|");
    return s;
}

} // namespace

std::string schemaMarkdown()
{
    std::string out = "| field | kind | values | unit | applies to | what it does |\n|---|---|---|---|---|---|\n";
    const ExperimentSpec defaults;
    for (const auto& f : specSchema()) {
        std::string values = rangeText(f);
        if (f.choices && !f.choicesDependOnSpec) values = joinList(f.choices(defaults), ", ");
        if (!f.emptyMessage.empty()) values += values.empty() ? "not empty" : ", not empty";
        out += "| `" + f.path + "` | " + kindText(f) + " | " + cell(values) + " | " + cell(f.unit) + " | " +
               cell(f.scope.empty() ? "always" : f.scope) + " | " + cell(f.help) + " |\n";
    }
    return out;
}

std::string SpecField::section() const
{
    const auto dot = path.find('.');
    return dot == std::string::npos ? "" : path.substr(0, dot);
}

std::string SpecField::key() const
{
    return path.substr(path.find('.') + 1);
}

const std::vector<SpecField>& specSchema()
{
    static const std::vector<SpecField> schema = buildSchema();
    return schema;
}

const SpecField* findField(const std::string& path, const ExperimentSpec& spec)
{
    for (const auto& f : specSchema())
        if (f.path == path && f.appliesTo(spec)) return &f;
    return nullptr;
}

const std::vector<std::pair<std::string, std::string>>& specSections()
{
    static const std::vector<std::pair<std::string, std::string>> s{
        {"dataset", "Data"},      {"model", "Architecture"},     {"heads", "Small heads"},
        {"training", "Training"}, {"probe", "Activation probe"}, {"sweep", "Pareto sweep"}};
    return s;
}

} // namespace mtlx
