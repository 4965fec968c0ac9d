#pragma once

#include <QElapsedTimer>
#include <QFile>
#include <QObject>
#include <QTimer>

#include <vector>

namespace framescope {

// Measures how late the GUI thread's event loop runs a 10 ms timer: the "event-loop
// latency" the benchmark's scenario (f) reports. With a log path, every second's samples
// go to it as one JSON line {"t_ms": epoch ms, "late_ms": [..]} so a benchmark can pick
// the seconds its load ran. Off unless FRAMESCOPE_EVENT_LOOP_PROBE names a file.
class EventLoopProbe final : public QObject
{
    Q_OBJECT

public:
    static constexpr int IntervalMs = 10;

    explicit EventLoopProbe(const QString &logPath = {}, QObject *parent = nullptr);

    struct Stats
    {
        qsizetype samples = 0;
        double p50Ms = 0;
        double p99Ms = 0;
        double maxMs = 0;
    };
    Stats stats() const; // over every sample so far
    bool logOpen() const { return m_log.isOpen(); }

private:
    void tick();
    void writeWindow();

    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_lastNs = -1;
    std::vector<float> m_all;    // lateness in ms, bounded by MaxSamples
    std::vector<float> m_window; // this second's, for the log
    qint64 m_windowStartNs = 0;
    QFile m_log;
    static constexpr size_t MaxSamples = 1 << 20; // ~3 hours at 100 Hz
};

} // namespace framescope
