// The last error's message, per thread.
#include "backend.hpp"

#include <string>

namespace {
thread_local std::string last_error;
}

namespace spk {

int fail(int code, const std::string &message) {
    last_error = message;
    return code;
}

void clear_error() { last_error.clear(); }

}  // namespace spk

extern "C" const char *spk_torch_last_error(void) { return last_error.c_str(); }
