#include "eventloopprobe.h"

#include <QDateTime>

#include <algorithm>

namespace framescope {

EventLoopProbe::EventLoopProbe(const QString &logPath, QObject *parent) : QObject(parent)
{
    if (!logPath.isEmpty()) {
        m_log.setFileName(logPath);
        if (!m_log.open(QIODevice::WriteOnly | QIODevice::Append | QIODevice::Text))
            qWarning("event loop probe: cannot write %s: %s", qPrintable(logPath),
                     qPrintable(m_log.errorString()));
    }
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(IntervalMs);
    connect(&m_timer, &QTimer::timeout, this, &EventLoopProbe::tick);
    m_clock.start();
    m_windowStartNs = m_clock.nsecsElapsed();
    m_timer.start();
}

void EventLoopProbe::tick()
{
    const qint64 now = m_clock.nsecsElapsed();
    if (m_lastNs >= 0) {
        // How much later than asked the loop came back to this timer.
        const float lateMs =
            float(std::max<qint64>(0, now - m_lastNs - qint64(IntervalMs) * 1000000)) / 1e6f;
        if (m_all.size() < MaxSamples)
            m_all.push_back(lateMs);
        if (m_log.isOpen())
            m_window.push_back(lateMs);
    }
    m_lastNs = now;
    if (m_log.isOpen() && now - m_windowStartNs >= 1000000000LL) {
        writeWindow();
        m_windowStartNs = now;
    }
}

void EventLoopProbe::writeWindow()
{
    QByteArray line =
        "{\"t_ms\":" + QByteArray::number(QDateTime::currentMSecsSinceEpoch()) + ",\"late_ms\":[";
    for (size_t i = 0; i < m_window.size(); ++i) {
        if (i)
            line += ',';
        line += QByteArray::number(double(m_window[i]), 'f', 3);
    }
    line += "]}\n";
    m_log.write(line);
    m_log.flush();
    m_window.clear();
}

EventLoopProbe::Stats EventLoopProbe::stats() const
{
    Stats s;
    s.samples = qsizetype(m_all.size());
    if (m_all.empty())
        return s;
    std::vector<float> sorted = m_all;
    std::sort(sorted.begin(), sorted.end());
    auto at = [&](double q) { return double(sorted[size_t(q * double(sorted.size() - 1))]); };
    s.p50Ms = at(0.50);
    s.p99Ms = at(0.99);
    s.maxMs = double(sorted.back());
    return s;
}

} // namespace framescope
