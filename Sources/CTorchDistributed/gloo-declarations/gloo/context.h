// Declarations of gloo's names, only so that c10d's ProcessGroupGloo.hpp parses. PyTorch's wheel ships that header but
// not gloo's own headers (gloo is linked into libtorch_cpu.so). CTorchDistributed never makes, calls or deletes a gloo
// object: it constructs c10d::ProcessGroupGloo and its options through libtorch's out-of-line functions and uses the
// group through c10d::Backend's virtual interface. ProcessGroupGloo holds gloo objects only through std::shared_ptr /
// std::unique_ptr, so its size and layout do not depend on these declarations. The other files here say the same.
#pragma once

#include <chrono>

namespace gloo {
class Context {
  public:
    void setTimeout(std::chrono::milliseconds timeout);
};
}  // namespace gloo
