// libFuzzer target over the codec: the first input byte picks the decoder or the
// handshake parser, the rest is a fuzzharness.h case. Any inconsistency aborts.

#include "fuzzharness.h"

#include <cstdio>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    const QString problem = (data[0] & 1) ? framescope::fuzz::handshakeCase(data + 1, size - 1)
                                          : framescope::fuzz::decoderCase(data + 1, size - 1);
    if (!problem.isEmpty()) {
        std::fprintf(stderr, "framescope fuzz: %s\n", qPrintable(problem));
        std::abort();
    }
    return 0;
}
