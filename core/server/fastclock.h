#pragma once

// Clocks for event records, on every platform.
//
// wallUs() is the wall clock records carry (microseconds since the epoch). ticks() is a
// counter that is much cheaper to read, used only to tell whether the last wall-clock
// reading is recent enough to share (see Worker::recordClock()); recentTicks() is how many
// ticks pass in at most RecentUs microseconds on this machine.
//
// Counters, fastest available per build:
//   x86 / x86-64  the TSC (11 ns here; a wall-clock reading is 25-60 ns on this VM);
//   AArch64       the generic timer's virtual count (CNTVCT_EL0, frequency CNTFRQ_EL0),
//                 readable from user space on Linux, macOS and Windows;
//   elsewhere     std::chrono::steady_clock in nanoseconds (QueryPerformanceCounter on
//                 Windows, clock_gettime elsewhere): correct, only not cheaper than wallUs().
// The portable counter is always compiled, so tests on x86 check it as well.

#include <QtGlobal>

#include <chrono>

#if defined(__x86_64__) || defined(__i386__)
#include <x86intrin.h>
#define FRAMESCOPE_FASTCLOCK_TSC 1
#elif defined(_M_X64) || defined(_M_IX86)
#include <intrin.h>
#define FRAMESCOPE_FASTCLOCK_TSC 1
#elif defined(__aarch64__) && (defined(__GNUC__) || defined(__clang__))
#define FRAMESCOPE_FASTCLOCK_CNTVCT 1
#endif

namespace framescope::fastclock {

// A reading younger than this may be shared by records.
constexpr qint64 RecentUs = 10;

inline qint64 wallUs()
{
    using namespace std::chrono;
    return duration_cast<microseconds>(system_clock::now().time_since_epoch()).count();
}

namespace portable {

inline quint64 ticks()
{
    using namespace std::chrono;
    return quint64(duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count());
}

constexpr quint64 recentTicks()
{
    return quint64(RecentUs) * 1000; // nanoseconds
}

} // namespace portable

#if defined(FRAMESCOPE_FASTCLOCK_TSC)

inline quint64 ticks()
{
    return __rdtsc();
}

// The TSC of any x86 CPU that runs this ticks at 1 GHz or more: RecentUs * 1000 ticks take
// at most RecentUs, less on a faster TSC (a shorter bound, never a staler reading).
constexpr quint64 recentTicks()
{
    return quint64(RecentUs) * 1000;
}

#elif defined(FRAMESCOPE_FASTCLOCK_CNTVCT)

inline quint64 ticks()
{
    quint64 v;
    asm volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
}

inline quint64 recentTicks()
{
    // The frequency is fixed per system (24 MHz on Apple silicon, 1 GHz on Armv8.6+).
    static const quint64 ticks = [] {
        quint64 hz;
        asm volatile("mrs %0, cntfrq_el0" : "=r"(hz));
        const quint64 n = hz / 1000000 * quint64(RecentUs);
        return n > 0 ? n : 1;
    }();
    return ticks;
}

#else

inline quint64 ticks()
{
    return portable::ticks();
}

constexpr quint64 recentTicks()
{
    return portable::recentTicks();
}

#endif

// True when `then` (an earlier ticks()) is under recentTicks() ago. A reading taken on
// another CPU whose counter is ahead wraps to a huge difference: not recent.
inline bool isRecent(quint64 then, quint64 now, quint64 bound)
{
    return now - then < bound;
}

} // namespace framescope::fastclock
