// core/server/fastclock.h: the counter that decides whether records share a wall-clock
// reading. Its bound must never let a reading older than RecentUs be shared.

#include "server/fastclock.h"

#include <QDateTime>
#include <QTest>
#include <QThread>

#include <chrono>

using namespace framescope;

namespace {

struct Counter
{
    quint64 (*ticks)();
    quint64 bound;
};

// Ticks per microsecond, measured against steady_clock over `spanMs`.
double ticksPerUs(quint64 (*ticks)(), int spanMs)
{
    using namespace std::chrono;
    const auto t0 = steady_clock::now();
    const quint64 c0 = ticks();
    QThread::msleep(spanMs);
    const quint64 c1 = ticks();
    const auto t1 = steady_clock::now();
    const double us = double(duration_cast<nanoseconds>(t1 - t0).count()) / 1000.0;
    return double(c1 - c0) / us;
}

} // namespace

class TestFastClock : public QObject
{
    Q_OBJECT

private slots:
    void counters_data()
    {
        QTest::addColumn<bool>("portable");
        QTest::newRow("build's counter") << false;
        QTest::newRow("portable counter") << true;
    }

    // The bound in ticks is at most RecentUs microseconds of this machine's counter, and
    // the counter moves forward.
    void counters()
    {
        QFETCH(bool, portable);
        const Counter c =
            portable ? Counter{&fastclock::portable::ticks, fastclock::portable::recentTicks()}
                     : Counter{&fastclock::ticks, fastclock::recentTicks()};
        QVERIFY(c.bound > 0);
        const quint64 a = c.ticks();
        const quint64 b = c.ticks();
        QVERIFY(b >= a);

        const double perUs = ticksPerUs(c.ticks, 20);
        QVERIFY2(perUs > 0, "the counter did not move in 20 ms");
        const double boundUs = double(c.bound) / perUs;
        // 2% for the measurement (a sleep on a loaded 2-core VM measures the same span on
        // both clocks, so the ratio is accurate; the slack is for rounding).
        QVERIFY2(boundUs <= fastclock::RecentUs * 1.02,
                 qPrintable(QStringLiteral("the bound is %1 us").arg(boundUs)));
        // And not uselessly short: records keep sharing a reading within one dispatch.
        QVERIFY2(boundUs >= 0.1, qPrintable(QStringLiteral("the bound is %1 us").arg(boundUs)));
    }

    // A reading older than the bound is not recent; one from a counter ahead of ours (another
    // CPU) wraps around and is not recent either.
    void recentness()
    {
        const quint64 bound = fastclock::recentTicks();
        QVERIFY(fastclock::isRecent(1000, 1000, bound));
        QVERIFY(fastclock::isRecent(1000, 1000 + bound - 1, bound));
        QVERIFY(!fastclock::isRecent(1000, 1000 + bound, bound));
        QVERIFY(!fastclock::isRecent(1000 + 5, 1000, bound));

        const quint64 then = fastclock::ticks();
        QThread::msleep(2);
        QVERIFY(!fastclock::isRecent(then, fastclock::ticks(), bound));
    }

    // The wall clock records carry: microseconds since the epoch, as Qt reads it.
    void wallClock()
    {
        const qint64 before = QDateTime::currentMSecsSinceEpoch();
        const qint64 us = fastclock::wallUs();
        const qint64 after = QDateTime::currentMSecsSinceEpoch();
        QVERIFY(us / 1000 >= before - 1);
        QVERIFY(us / 1000 <= after + 1);
    }
};

QTEST_GUILESS_MAIN(TestFastClock)
#include "tst_fastclock.moc"
