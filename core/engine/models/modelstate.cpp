#include "core/engine/models/modelstate.h"

#include <sstream>

#include "core/spec/specerror.h"

namespace mtlx {
namespace {

// An archive's keys may not hold dots; a parameter's name does ("backbone.experts.0.weight").
std::string archiveKey(std::string name)
{
    for (auto& c : name)
        if (c == '.') c = '|';
    return name;
}

std::string shapeText(const torch::Tensor& t)
{
    std::ostringstream s;
    s << t.sizes();
    return s.str();
}

} // namespace

std::string saveRunWeights(MtlModelImpl& model, std::int64_t r)
{
    torch::NoGradGuard noGrad;
    torch::serialize::OutputArchive archive;
    for (const auto& p : model.named_parameters())
        archive.write(archiveKey(p.key()), p.value()[r].detach().clone());
    std::ostringstream out;
    archive.save_to(out);
    return out.str();
}

torch::serialize::InputArchive readArchive(const std::string& bytes, const std::string& source, const std::string& what)
{
    torch::serialize::InputArchive archive;
    try {
        std::istringstream in(bytes);
        archive.load_from(in);
    } catch (const c10::Error&) {
        throw InputError(source + ": not a " + what + " of this program (LibTorch could not read it)");
    }
    return archive;
}

void loadRunWeights(MtlModelImpl& model, const std::string& bytes, const std::string& source)
{
    auto archive = readArchive(bytes, source, "model file");
    torch::NoGradGuard noGrad;
    for (auto& p : model.named_parameters()) {
        torch::Tensor saved;
        if (!archive.try_read(archiveKey(p.key()), saved))
            throw InputError(source + ": has no weights for " + p.key() + " (saved from another model?)");
        if (saved.sizes() != p.value()[0].sizes())
            throw InputError(source + ": " + p.key() + " is " + shapeText(saved) + ", the model's is " +
                             shapeText(p.value()[0]));
        for (std::int64_t r = 0; r < p.value().size(0); ++r)
            p.value()[r].copy_(saved);
    }
}

} // namespace mtlx
