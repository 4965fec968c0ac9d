#pragma once

// Private to core/server: the worker's constants and the small helpers its files share.

#include "events.h"
#include "fastclock.h"

#include <atomic>

namespace framescope {

constexpr int ReadBufferSize = 256 * 1024;
constexpr int PlainBufferSize = 64 * 1024; // more than a TLS record (16 KiB)
constexpr int ReadsPerWakeup = 4;          // fairness: at most 1 MiB per connection per wakeup
// Under load a batch leaves after the dispatch that filled it to BatchRecords, not at the
// next tick: 700 KiB of records are still in the cache when the observer reads them, and
// a batch that outgrew its reservation moved every record it held.
constexpr int BatchRecords = 2048;
constexpr int BatchCapacity = 4096; // one dispatch can add thousands
constexpr int MaxBatchesInFlight = 64;
constexpr int ObserverIntervalMs = 10;
constexpr int LingerMs = 2000;

// A frame record's header bits, from a received Frame or a RawFrame sent as it is.
template <typename F> void setHeaderBits(EventRecord &rec, const F &frame)
{
    rec.opcode = frame.opcode;
    rec.fin = frame.fin;
    rec.rsv1 = frame.rsv1;
    rec.rsv2 = frame.rsv2;
    rec.rsv3 = frame.rsv3;
    rec.masked = frame.masked;
}

inline qint64 nowUs()
{
    return fastclock::wallUs();
}

inline qint64 nowMs()
{
    return nowUs() / 1000;
}

inline void addCounter(std::atomic<qint64> &counter, qint64 n)
{
    // Single writer (the worker): a plain load+store, no locked instruction on the hot path.
    counter.store(counter.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
}

} // namespace framescope
